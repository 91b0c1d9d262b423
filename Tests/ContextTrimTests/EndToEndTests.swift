import Testing
@testable import ContextTrim

/// What each hand-written session must lose and keep (Tests/Fixtures/handwritten/README.md).
@Suite("end to end")
struct EndToEndTests {
    static let expectations: [(fixture: String, edits: [String])] = [
        ("claudecode-arrow-step01.json", ["folded-listing dist/", "folded-listing node_modules/", "folded-listing node_modules/"]),
        ("claudecode-arrow-step03.json", ["folded-listing dist/", "folded-listing node_modules/", "folded-listing node_modules/",
                                          "omitted-file node_modules/react/cjs/react.development.js"]),
        ("claudecode-junk-step02.json", ["folded-listing node_modules/", "omitted-file .env", "omitted-file data/app.sqlite",
                                         "omitted-file node_modules/lodash/lodash.js", "omitted-file package-lock.json", "omitted-file yarn.lock"]),
        ("codex-exec-step03.json", ["omitted-file Cargo.lock", "omitted-file node_modules/decimal.js/decimal.js", "omitted-file target/debug/build/log.txt"]),
        ("cline-native-anthropic-step02.json", ["folded-listing .venv/", "folded-listing dist/", "folded-listing functions/node_modules/",
                                                "omitted-file package-lock.json"]),
        ("cline-native-openai-step02.json", ["folded-listing .venv/", "folded-listing dist/", "omitted-file .env.local",
                                             "omitted-file node_modules/vite/dist/node/chunks/dep-abc.js"]),
        ("generic-tools-step02.json", ["omitted-binary tests/fixtures/webhook_payload.txt", "omitted-file certs/dev-server.pem",
                                       "omitted-file dist/bundle.min.js"]),
        ("plain-nothing-to-trim.json", []),
        ("plain-nothing-to-trim-openai.json", []),
    ]

    @Test("each session loses exactly what its README says to its ignore rules", arguments: expectations)
    func expected(fixture: String, edits: [String]) {
        let result = rulesOnlyTrimmer().trim(Fixtures.request(fixture).bytes)
        #expect(result.report.edits.map { "\($0.action) \($0.path ?? "")" }.sorted() == edits.sorted())
    }

    @Test("what must survive does", arguments: [
        ("claudecode-arrow-step03.json", ["src/app.ts", "src/pages/Dashboard.tsx", "Found 3 files", "exceeds maximum allowed size", "Exit code 1"]),
        ("claudecode-junk-step02.json", ["export function", "src/cart.ts", "src/coupons.ts"]),
        ("codex-exec-step03.json", ["pub fn", "fn parse", "*** Begin Patch", "encrypted_content"]),
        ("cline-native-anthropic-step02.json", ["[read_file for 'src/lib/firebase.ts'] Result:", "│----", "<environment_details>"]),
    ])
    func survivors(fixture: String, needles: [String]) {
        let output = String(decoding: defaultTrimmer().trim(Fixtures.request(fixture).bytes).output, as: UTF8.self)
        for needle in needles { #expect(output.contains(needle), "\(needle)") }
    }

    @Test("no ignore rule matches in the corpus: it passes the rules byte for byte", arguments: Fixtures.requests.filter { $0.url.path.contains("/corpus/") })
    func corpus(request: Fixtures.Request) {
        let result = rulesOnlyTrimmer().trim(request.bytes)
        #expect(result.report.edits.isEmpty)
        let identical = result.output == request.bytes
        #expect(identical)
    }

    @Test("the report totals match the output")
    func report() {
        let input = Fixtures.request("claudecode-junk-step02.json").bytes
        let result = defaultTrimmer().trim(input)
        #expect(result.report.bytesIn == input.count)
        #expect(result.report.bytesOut == result.output.count)
        let saved = result.report.edits.reduce(0) { $0 + $1.bytesBefore - $1.bytesAfter }
        #expect(result.report.bytesIn - result.report.bytesOut == saved)
        #expect(result.report.workingDirectory == "/home/dev/shop")
        #expect(result.report.format == .anthropicMessages)
    }
}
