import Foundation
import Testing
@testable import ContextTrim

/// The inputs the fuzzers found (`bench/fuzz.sh`, kept in
/// `Tests/Fixtures/fuzz/TARGET`), each held again to the contract the
/// fuzzer held it to, so that a fixed finding stays fixed.
@Suite("fuzz corpus")
struct FuzzCorpusTests {
    static func inputs(_ target: String) -> [URL] {
        let folder = Fixtures.root.appendingPathComponent("fuzz").appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test("each fuzz target's found inputs keep its contract", arguments: ["scanner", "pipeline"])
    func replay(target: String) throws {
        let inputs = Self.inputs(target)
        #expect(inputs.count >= 20)
        for url in inputs {
            let input = [UInt8](try Data(contentsOf: url))
            let violation = target == "scanner" ? FuzzContract.scannerViolation(input) : FuzzContract.pipelineViolation(input)
            #expect(violation == nil, "\(url.lastPathComponent)")
        }
    }

    @Test("the contract can fail: changed invalid input, a changed request given up on, invalid output and a lost key path are caught")
    func contractCatches() throws {
        let request = Array(#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#.utf8)
        #expect(FuzzContract.keyPaths(of: try JSONScanner.scan(request).root) == [".model", ".messages", ".messages[0].role", ".messages[0].content"])
        #expect(FuzzContract.violation(input: request, output: Array(#"{"model":"m","messages":[{"role":"user","content":"[ctxtrim: x]"}]}"#.utf8), failed: false) == nil)
        #expect(FuzzContract.violation(input: Array("not json".utf8), output: Array("not jso".utf8), failed: true) != nil)
        #expect(FuzzContract.violation(input: request, output: request + [0x20], failed: true) != nil)
        #expect(FuzzContract.violation(input: request, output: Array(request.dropLast()), failed: false) != nil)
        #expect(FuzzContract.violation(input: request, output: Array(#"{"model":"m","messages":[{"content":"hi"}]}"#.utf8), failed: false) != nil)
        #expect(FuzzContract.pipelineViolation(Array("not json".utf8)) == nil && FuzzContract.pipelineViolation(request) == nil)
    }
}
