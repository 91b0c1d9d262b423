import Foundation
import Testing
@testable import ContextTrim

/// The `ctxtrim` executable, run as a user would.
@Suite("ctxtrim command")
struct CommandLineTests {
    struct Run {
        let status: Int32
        let stdout: [UInt8]
        let stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The binary sits beside the test bundle in the build directory.
    static let binary: URL = {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBundle.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ctxtrim").path) && directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("ctxtrim")
    }()

    func run(_ arguments: [String], stdin: [UInt8] = [], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        // A child that exits before reading (a usage error) closes the pipe.
        try? input.fileHandleForWriting.write(contentsOf: Data(stdin))
        try? input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: [UInt8](stdout), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("the binary is built")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path))
    }

    @Test("filter: stdin to stdout, as the library trims it")
    func filter() throws {
        let input = Fixtures.request("claudecode-junk-step01.json").bytes
        let result = try run(["filter", "--no-detect-repo"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let same = result.stdout == defaultTrimmer().trim(input).output
        #expect(same)
    }

    @Test("filter: invalid JSON comes back unchanged, with one line on stderr and exit 1", arguments: [
        #"{"model": "claude", "messages": [{"role": "user", "content": "hi"}"#,
        "not json at all",
        #"{"a": "\x"}"#,
    ])
    func invalid(body: String) throws {
        let result = try run(["filter"], stdin: bytes(body))
        #expect(result.status == 1)
        #expect(result.text == body)
        #expect(result.stderr.hasPrefix("ctxtrim: invalid JSON at byte "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test("filter: a body of no known format comes back unchanged, exit 2")
    func unknownFormat() throws {
        let body = #"{"prompt": "hello"}"#
        let result = try run(["filter"], stdin: bytes(body))
        #expect(result.status == 2)
        #expect(result.text == body)
        #expect(result.stderr.contains("not Anthropic Messages"))
    }

    @Test("filter: --in, --out and --report")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = Fixtures.request("codex-exec-step01.json").url.path
        let output = directory.appendingPathComponent("out.json").path
        let report = directory.appendingPathComponent("report.json").path
        let result = try run(["filter", "--in", input, "--out", output, "--report", report, "--no-detect-repo"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let decoded = try JSONDecoder().decode(TrimReport.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(decoded.format == .openAIResponses)
        let ruled = decoded.edits.filter { $0.stage == "ignore-rules" }
        #expect(ruled.count == 3)
        #expect(ruled.allSatisfy { $0.rule != nil && $0.bytesAfter < $0.bytesBefore })
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)).count == decoded.bytesOut)
        #expect(decoded.tokenizer == "o200k_base")
        #expect(decoded.edits.allSatisfy { ($0.tokensAfter ?? .max) < ($0.tokensBefore ?? 0) })
        let saved = decoded.edits.reduce(0) { $0 + ($1.tokensBefore ?? 0) - ($1.tokensAfter ?? 0) }
        #expect(saved > 0 && decoded.tokensOut == decoded.tokensIn.map { $0 - saved })
        let missing = try run(["filter", "--in", directory.appendingPathComponent("nope.json").path])
        #expect(missing.status == 74)

        // A vocabulary that cannot be read: the same output, a report without tokens, and a line that says so.
        try Data("not a vocabulary".utf8).write(to: directory.appendingPathComponent("o200k_base.ctxtrim-vocab"))
        let uncounted = try run(["filter", "--in", input, "--report", report, "--no-detect-repo"], environment: ["CTXTRIM_VOCABULARY_DIR": directory.path])
        #expect(uncounted.status == 0 && uncounted.stderr == "ctxtrim: the vocabulary is not a prepared one: it does not start with its mark; the report counts no tokens\n")
        #expect(uncounted.stdout == [UInt8](try Data(contentsOf: URL(fileURLWithPath: output))))
        let withoutTokens = try JSONDecoder().decode(TrimReport.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(withoutTokens.tokenizer == nil && withoutTokens.tokensIn == nil && withoutTokens.edits.count == decoded.edits.count)
    }

    @Test("filter: --secrets off, --without and --rules change what goes")
    func ruleOptions() throws {
        let input = Fixtures.request("claudecode-junk-step01.json").bytes
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("extra.ignore")
        try Data("src/cart.ts\n".utf8).write(to: rules)
        let report = directory.appendingPathComponent("r.json").path
        _ = try run(["filter", "--no-detect-repo", "--secrets", "off", "--without", "lockfiles", "--rules", rules.path, "--report", report], stdin: input)
        let decoded = try JSONDecoder().decode(TrimReport.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        let paths = Set(decoded.edits.filter { $0.stage == "ignore-rules" }.compactMap(\.path))
        #expect(!paths.contains(".env"))
        #expect(!paths.contains("package-lock.json"))
        #expect(paths.contains("src/cart.ts"))
        #expect(decoded.edits.first { $0.path == "src/cart.ts" }?.rule?.source == rules.path)
        let bad = try run(["filter", "--without", "secrets"], stdin: input)
        #expect(bad.status == 64)
        let unreadable = try run(["filter", "--rules", directory.appendingPathComponent("missing.ignore").path], stdin: input)
        #expect(unreadable.status == 64)
        let passedThrough = unreadable.stdout == input
        #expect(passedThrough)
        #expect(unreadable.stderr.contains("cannot read rule file"))
    }

    @Test("filter: blocks, the default, and exact shorten repeats; --dedup off (with --cache keep) leaves them")
    func dedupSwitch() throws {
        let input = Fixtures.request("cline-export-cline_task-step054.json").bytes
        let blocks = try run(["filter", "--no-detect-repo"], stdin: input)
        let explicitBlocks = try run(["filter", "--no-detect-repo", "--dedup", "blocks"], stdin: input)
        let exact = try run(["filter", "--no-detect-repo", "--dedup", "exact"], stdin: input)
        let off = try run(["filter", "--no-detect-repo", "--dedup", "off", "--cache", "keep"], stdin: input)
        let sameAsExplicit = blocks.stdout == explicitBlocks.stdout
        #expect(sameAsExplicit)
        #expect(blocks.stdout.count < exact.stdout.count)
        #expect(exact.stdout.count < input.count)
        let unchanged = off.stdout == input
        #expect(unchanged)
        let lower = try run(["filter", "--no-detect-repo", "--dedup", "blocks", "--dedup-min-tokens", "4"], stdin: input)
        // What the minimum changes is tested on the library; here, that the option is taken.
        #expect(lower.status == 0 && lower.stdout.count < input.count)
        #expect(try run(["filter", "--dedup-min-tokens", "0"], stdin: input).status == 64)
    }

    @Test("rules check: the deciding rule, like git check-ignore -v -n")
    func check() throws {
        let result = try run(["rules", "check", "--no-detect-repo", "node_modules/react/index.js", ".env", "src/app.ts", "build/"])
        #expect(result.status == 0)
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("rules/dependencies.ignore:") && lines[0].hasSuffix(":node_modules/\tnode_modules/react/index.js"))
        #expect(lines[1].hasPrefix("rules/secrets.ignore:") && lines[1].hasSuffix(":.env\t.env"))
        #expect(lines[2] == "::\tsrc/app.ts")
        #expect(lines[3].hasPrefix("rules/build.ignore:"))
        let none = try run(["rules", "check", "--no-detect-repo", "src/app.ts"])
        #expect(none.status == 1)
    }

    @Test("rules check and list inside a repository with its own rules")
    func repository() throws {
        let oracle = try GitOracle(ignoreFiles: [".ctxtrimignore": "!vendor/\n", ".gitignore": "*.gen\n"], paths: ["vendor/a.go", "x.gen"])
        let check = try run(["rules", "check", "vendor/a.go", "x.gen"], in: oracle.root)
        let lines = check.text.split(separator: "\n").map(String.init)
        #expect(lines == [".ctxtrimignore:1:!vendor/\tvendor/a.go", ".gitignore:1:*.gen\tx.gen"])
        let list = try run(["rules", "list"], in: oracle.root)
        let sources = list.text.split(separator: "\n").map { String($0.split(separator: "\t")[1]) }
        #expect(sources.first == "rules/secrets.ignore")
        #expect(sources.contains(".gitignore"))
        #expect(sources.last?.hasSuffix("/**/.gitignore") == true)
        let order = ["rules/vcs.ignore", "rules/binaries.ignore", ".gitignore", ".ctxtrimignore"].map { sources.firstIndex(of: $0) ?? -1 }
        #expect(order == order.sorted() && !order.contains(-1))
    }

    /// `CTXTRIM_LIBGIT2` naming no library stands for a machine without
    /// libgit2: every front end goes on (fail open) and says so.
    @Test("without libgit2, filter, rules and audit say so on stderr and go on without the repository's own rules")
    func withoutLibgit2() throws {
        let oracle = try GitOracle(ignoreFiles: [".gitignore": "*.gen\n"], paths: ["x.gen"])
        let missing = ["CTXTRIM_LIBGIT2": "/nonexistent/libgit2.so"]
        let said = "libgit2 could not be loaded (/nonexistent/libgit2.so"
        let check = try run(["rules", "check", "x.gen"], in: oracle.root, environment: missing)
        #expect(check.text == "::\tx.gen\n" && check.stderr.contains(said))
        let list = try run(["rules", "list"], in: oracle.root, environment: missing)
        #expect(!list.text.contains(".gitignore") && list.stderr.contains(said))
        let found = try run(["rules", "check", "x.gen"], in: oracle.root)
        #expect(found.text == ".gitignore:1:*.gen\tx.gen\n" && found.stderr.isEmpty)

        let input = RequestBuilder.chatUserTexts([
            ("user", "<environment_details>\n# Current Working Directory (\(oracle.root.path)) Files\nx.gen\n</environment_details>"),
            ("user", "[read_file for 'x.gen'] Result:\n" + String(repeating: "export const generated = true;\n", count: 20)),
        ])
        let without = try run(["filter"], stdin: input, environment: missing)
        let with = try run(["filter"], stdin: input)
        #expect(without.status == 0 && without.stderr.contains(said) && with.stderr.isEmpty)
        #expect(String(decoding: without.stdout, as: UTF8.self).contains("export const generated"))
        #expect(!String(decoding: with.stdout, as: UTF8.self).contains("export const generated"))

        let body = oracle.root.appendingPathComponent("body.json")
        try Data(input).write(to: body)
        let audit = try run(["audit", "--json", body.path], environment: missing)
        #expect(audit.status == 0 && audit.stderr.contains(said) && audit.text.contains(said))
    }

    /// The functions are looked up by name, so a library of another ABI
    /// must be refused rather than called: a stand-in that reports 0.1.2.
    @Test("CTXTRIM_LIBGIT2 naming another libgit2 version is refused by its version, and the run goes on without it")
    func otherLibgit2Version() throws {
        let oracle = try GitOracle(ignoreFiles: [".gitignore": "*.gen\n"], paths: ["x.gen"])
        let source = oracle.root.appendingPathComponent("standin.c")
        let library = oracle.root.appendingPathComponent("libstandin.so")
        try Data("int git_libgit2_version(int *major, int *minor, int *rev) { *major = 0; *minor = 1; *rev = 2; return 0; }\n".utf8).write(to: source)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compiler.arguments = ["clang", "-shared", "-fPIC", "-o", library.path, source.path]
        try compiler.run()
        compiler.waitUntilExit()
        try #require(compiler.terminationStatus == 0, "clang (the Swift toolchain's) could not build the stand-in library")
        let check = try run(["rules", "check", "x.gen"], in: oracle.root, environment: ["CTXTRIM_LIBGIT2": library.path])
        #expect(check.text == "::\tx.gen\n")
        #expect(check.stderr.contains("libgit2 could not be loaded (\(library.path) is libgit2 0.1.2, and ContextTrim was built with"))
    }

    @Test("--help documents the exit codes")
    func help() throws {
        let result = try run(["--help"])
        #expect(result.text.contains("0   output written"))
        #expect(result.text.contains("1   input is not valid JSON"))
        #expect(result.text.contains("74  input could not be read"))
    }
}
