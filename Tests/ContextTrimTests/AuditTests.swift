import ContextTrimTokens
import Foundation
import Testing
@testable import ContextTrim

/// `ctxtrim audit`, run as a user would, over the fixtures' sessions: its
/// totals add up, agree with the filter's reports and the session
/// simulation, read the same from a folder and from JSON lines, and hold
/// to the JSON schema the README documents.
@Suite("audit")
struct AuditTests {
    /// A session's bodies written as a folder (numbered so that name order is
    /// session order) and as one JSON-lines file.
    struct SessionOnDisk {
        let folder: URL
        let lines: URL
        let bodies: [[UInt8]]

        init(_ session: [Fixtures.Request], extraLine: String? = nil) throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-audit-\(UUID().uuidString)")
            folder = root.appendingPathComponent("session")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            bodies = session.map(\.bytes)
            for (index, body) in bodies.enumerated() {
                try Data(body).write(to: folder.appendingPathComponent("req\(index + 1).json"))
            }
            lines = root.appendingPathComponent("session.jsonl")
            var text = bodies.map { String(decoding: Self.oneLine($0), as: UTF8.self) }
            if let extraLine { text.insert(extraLine, at: min(1, text.count)) }
            try Data((text.joined(separator: "\n") + "\n").utf8).write(to: lines)
        }

        /// The body on one line: a pretty-printed fixture's line breaks
        /// outside strings become spaces (inside strings they are escapes).
        static func oneLine(_ body: [UInt8]) -> [UInt8] {
            body.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        }
    }

    static func audit(_ arguments: [String]) throws -> [String: Any] {
        let run = try CommandLineTests().run(["audit", "--json", "--no-detect-repo"] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any])
    }

    static let sessions = Fixtures.sessions.filter { $0.count > 1 }

    @Test("a folder's audit sums the filter's reports, and before less after is the sum of the savings by stage and by cause", arguments: sessions)
    func addsUp(_ session: [Fixtures.Request]) throws {
        let disk = try SessionOnDisk(session)
        let json = try Self.audit([disk.folder.path])
        let audited = try #require((json["sessions"] as? [[String: Any]])?.first)
        let counter = try TokenCounter.o200k()
        let filter = Trimmer(configuration: TrimConfiguration(detectRepository: false, tokenCounter: counter))
        let reports = disk.bodies.map { filter.trim($0).report }
        let before = reports.reduce(0) { $0 + ($1.tokensIn ?? 0) }, after = reports.reduce(0) { $0 + ($1.tokensOut ?? 0) }
        #expect(audited["tokensBefore"] as? Int == before)
        #expect(audited["tokensAfter"] as? Int == after)
        #expect(audited["requests"] as? Int == session.count)
        let byStage = try #require(audited["savedByStage"] as? [String: Int])
        #expect(byStage.values.reduce(0, +) == before - after)
        let byCause = try #require(audited["savedByCause"] as? [[String: Any]])
        #expect(byCause.reduce(0) { $0 + ($1["tokens"] as! Int) } == before - after)
        let totals = try #require(json["totals"] as? [String: Any])
        #expect(totals["tokensBefore"] as? Int == before && totals["tokensAfter"] as? Int == after)
    }

    @Test("the costs are the session simulation's, in dollars at the price table's price where it names the model", arguments: sessions)
    func costs(_ session: [Fixtures.Request]) throws {
        let disk = try SessionOnDisk(session)
        let audited = try #require((try Self.audit([disk.folder.path])["sessions"] as? [[String: Any]])?.first)
        let counter = try TokenCounter.o200k()
        let simulation = SessionSimulation(session.map { ($0.name, $0.bytes) }, trimmer: Trimmer(configuration: TrimConfiguration(detectRepository: false)),
                                           counter: counter)
        #expect(abs((audited["costUnitsBefore"] as! Double) - simulation.total.original.cost) < 1e-6)
        #expect(abs((audited["costUnitsAfter"] as! Double) - simulation.total.trimmed.cost) < 1e-6)
        #expect(simulation.total.original.cost > 0)
        guard let before = simulation.total.original.dollars, let after = simulation.total.trimmed.dollars else {
            // A model the price table does not name is not priced: its dollars are null, never guessed.
            #expect(audited["costBefore"] is NSNull && audited["costAfter"] is NSNull)
            return
        }
        #expect(abs((audited["costBefore"] as! Double) - before) < 1e-9)
        #expect(abs((audited["costAfter"] as! Double) - after) < 1e-9)
    }

    @Test("a JSON-lines file gives the folder's totals; a malformed line is skipped, counted and named")
    func linesAndFolder() throws {
        let session = try #require(Self.sessions.first)
        let disk = try SessionOnDisk(session, extraLine: "{\"model\": \"claude-x\", \"messages\": [")
        let run = try CommandLineTests().run(["audit", "--json", "--no-detect-repo", disk.lines.path])
        #expect(run.status == 0)
        #expect(run.stderr.contains("session.jsonl: line 2 not JSON object, skipped"))
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any])
        let folder = try Self.audit([disk.folder.path])
        #expect(lines["skippedLines"] as? Int == 1 && folder["skippedLines"] as? Int == 0)
        let linesTotals = try #require(lines["totals"] as? [String: Any]), folderTotals = try #require(folder["totals"] as? [String: Any])
        for key in ["requests", "tokensBefore", "tokensAfter"] {
            #expect(linesTotals[key] as? Int == folderTotals[key] as? Int, "\(key)")
        }
        let linesSession = try #require((lines["sessions"] as? [[String: Any]])?.first), folderSession = try #require((folder["sessions"] as? [[String: Any]])?.first)
        #expect(abs((linesSession["costUnitsBefore"] as! Double) - (folderSession["costUnitsBefore"] as! Double)) < 1e-9)
        #expect(String(describing: linesTotals["costBefore"]) == String(describing: folderTotals["costBefore"]))
    }

    @Test("--json holds to the schema in the README")
    func schema() throws {
        let inputs = try Self.sessions.prefix(2).map { try SessionOnDisk($0).folder.path }
        let json = try Self.audit(inputs + [Fixtures.request("miniswe-local.json").url.path])
        #expect(json["tokenizer"] as? String == "o200k_base")
        #expect((json["assumptions"] as? [String])?.isEmpty == false)
        #expect(json["skippedLines"] is Int && json["complete"] as? Bool == true)
        let totals = try #require(json["totals"] as? [String: Any])
        for key in ["sessions", "requests", "tokensBefore", "tokensAfter"] { #expect(totals[key] is Int, "totals.\(key)") }
        // The third input's model is unknown to the price table: its costs, and so the totals', are null.
        for key in ["costBefore", "costAfter"] { #expect(totals[key] is NSNull, "totals.\(key)") }
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        #expect(sessions.count == 3 && totals["sessions"] as? Int == 3)
        #expect(totals["requests"] as? Int == sessions.reduce(0) { $0 + ($1["requests"] as! Int) })
        for session in sessions {
            for key in ["source", "format", "model"] { #expect(session[key] is String, "\(key)") }
            for key in ["requests", "tokensBefore", "tokensAfter"] { #expect(session[key] is Int, "\(key)") }
            let priced = (session["pricing"] as? [String: Any])?["dollarsPerMillion"] is Double
            for key in ["costBefore", "costAfter"] { #expect(priced ? session[key] is Double : session[key] is NSNull, "\(key)") }
            for key in ["costUnitsBefore", "costUnitsAfter"] { #expect(session[key] is Double, "\(key)") }
            #expect(session["savedByStage"] is [String: Int])
            #expect(session["warnings"] is [String])
            let pricing = try #require(session["pricing"] as? [String: Any])
            #expect(pricing["cacheRead"] is Double && pricing["minimumTokens"] is Int)
            for cause in try #require(session["savedByCause"] as? [[String: Any]]) {
                #expect(cause["tokens"] is Int && cause["stage"] is String && cause["action"] is String && cause["edits"] is Int)
                if let rule = cause["rule"] as? [String: Any] {
                    #expect(rule["pattern"] is String && rule["source"] is String && rule["line"] is Int)
                }
            }
            for file in try #require(session["topFiles"] as? [[String: Any]]) { #expect(file["path"] is String && file["tokens"] is Int) }
            try timelineAddsUp(session)
        }
    }

    /// A session's timeline has one entry per request, and its figures sum to the session's.
    func timelineAddsUp(_ session: [String: Any]) throws {
        let timeline = try #require(session["timeline"] as? [[String: Any]])
        #expect(timeline.count == session["requests"] as? Int)
        var byStage: [String: Int] = [:]
        var costBefore = 0.0, costAfter = 0.0
        for request in timeline {
            #expect(request["name"] is String)
            let before = try #require(request["tokensBefore"] as? Int), after = try #require(request["tokensAfter"] as? Int)
            let saved = try #require(request["savedByStage"] as? [String: Int])
            #expect(before - after == saved.values.reduce(0, +), "\(request["name"] ?? "")")
            #expect((request["cacheReadAfter"] as? Int).map { $0 >= 0 && $0 <= after } == true)
            #expect((request["cacheReadBefore"] as? Int).map { $0 >= 0 && $0 <= before } == true)
            for (stage, tokens) in saved { byStage[stage, default: 0] += tokens }
            costBefore += request["costBefore"] as? Double ?? .nan
            costAfter += request["costAfter"] as? Double ?? .nan
            #expect(request["costUnitsBefore"] is Double && request["costUnitsAfter"] is Double)
        }
        #expect(timeline.reduce(0) { $0 + ($1["tokensBefore"] as! Int) } == session["tokensBefore"] as? Int)
        #expect(timeline.reduce(0) { $0 + ($1["tokensAfter"] as! Int) } == session["tokensAfter"] as? Int)
        #expect(byStage == (session["savedByStage"] as? [String: Int])?.filter { $0.value != 0 })
        if let before = session["costBefore"] as? Double, let after = session["costAfter"] as? Double {
            #expect(abs(costBefore - before) < 1e-9 && abs(costAfter - after) < 1e-9)
        } else {
            #expect(costBefore.isNaN && costAfter.isNaN, "an unpriced session has unpriced requests")
        }
    }

    @Test("an ignore rule is a cause with its file and line; a repeated file is a cause with its path")
    func causes() throws {
        let read = DedupTests.arrowRead
        let body = DedupTests.session([("Read", ["file_path": "/home/dev/app/node_modules/left-pad/index.js"], read),
                                       ("Read", ["file_path": "/home/dev/app/src/api.ts"], read + "x"),
                                       ("Read", ["file_path": "/home/dev/app/src/api.ts"], read + "x")])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(body).write(to: folder.appendingPathComponent("1.json"))
        let session = try #require((try Self.audit([folder.path])["sessions"] as? [[String: Any]])?.first)
        let causes = try #require(session["savedByCause"] as? [[String: Any]])
        let rule = try #require(causes.first { $0["stage"] as? String == "ignore-rules" }?["rule"] as? [String: Any])
        #expect(rule["pattern"] as? String == "node_modules/" && (rule["source"] as? String)?.hasSuffix("dependencies.ignore") == true && (rule["line"] as? Int ?? 0) > 0)
        #expect(causes.contains { $0["stage"] as? String == "dedup" && $0["path"] as? String == "src/api.ts" })
    }

    @Test("the table fits 80 columns, has no colour off a terminal, and states what it assumed")
    func table() throws {
        let session = try #require(Self.sessions.first)
        let disk = try SessionOnDisk(session)
        let run = try CommandLineTests().run(["audit", "--no-detect-repo", disk.folder.path])
        #expect(run.status == 0)
        #expect(!run.text.contains("\u{1B}["))
        for line in run.text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(run.text.contains("o200k") && run.text.contains("price table") && run.text.contains("cache reads"))
    }

    @Test("the table fits 80 terminal columns with wide (CJK) names too")
    func wideNames() throws {
        let session = try #require(Self.sessions.first)
        let disk = try SessionOnDisk(session)
        let wide = disk.folder.deletingLastPathComponent().appendingPathComponent("日本語の会話記録と長い名前のフォルダ一覧表示試験用")
        try FileManager.default.moveItem(at: disk.folder, to: wide)
        let run = try CommandLineTests().run(["audit", "--no-detect-repo", wide.path])
        #expect(run.status == 0)
        for line in run.text.split(separator: "\n") {
            let columns = line.unicodeScalars.reduce(0) { $0 + ((0x3000...0x9FFF).contains($1.value) ? 2 : 1) }
            #expect(columns <= 80, "\(line)")
        }
        #expect(run.text.contains("フォルダ一覧表示試験用"))
    }

    @Test("a volatile prefix is warned of once, not again as the last request's prefix")
    func prefixWarningOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-volatile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for turn in 1...2 {
            let body = #"{"model":"claude-sonnet-4-5","max_tokens":100,"system":"Session 6f1d2c9e-3b7a-4e5f-9a21-8c4d0e7b5f13. Be brief.","messages":[{"role":"user","content":"turn \#(turn)"}]}"#
            try Data(body.utf8).write(to: folder.appendingPathComponent("req\(turn).json"))
        }
        let run = try CommandLineTests().run(["audit", "--no-detect-repo", folder.path])
        #expect(run.status == 0)
        let mentions = run.text.components(separatedBy: "a UUID in system").count - 1
        #expect(mentions == 1, "\(run.text)")
    }

    @Test("names from the user's disk reach the terminal without their control characters")
    func controlCharacters() throws {
        let session = try #require(Self.sessions.first)
        let disk = try SessionOnDisk(session)
        let hostile = disk.folder.deletingLastPathComponent().appendingPathComponent("evil\u{1B}]0;pwned\u{07}\u{1B}[2J")
        try FileManager.default.moveItem(at: disk.folder, to: hostile)
        let run = try CommandLineTests().run(["audit", "--no-detect-repo", hostile.path])
        #expect(run.status == 0)
        #expect(!run.text.contains("\u{1B}") && !run.text.contains("\u{07}") && run.text.contains("evil?]0;pwned??[2J"))
    }

    @Test("--price-table prices the sessions: twice the price, twice the cost")
    func priceTable() throws {
        let session = try #require(Self.sessions.first { $0[0].name.hasPrefix("claudecode") })
        let disk = try SessionOnDisk(session)
        let doubled = try String(contentsOf: Fixtures.root.appendingPathComponent("../../rules/prompt-caching.tsv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                var fields = line.split(separator: "\t").map(String.init)
                guard !line.hasPrefix("#"), fields.count == 6, let price = Double(fields[5]) else { return String(line) }
                fields[5] = String(price * 2)
                return fields.joined(separator: "\t")
            }.joined(separator: "\n")
        let table = disk.folder.deletingLastPathComponent().appendingPathComponent("prices.tsv")
        try Data(doubled.utf8).write(to: table)
        let base = try #require((try Self.audit([disk.folder.path])["sessions"] as? [[String: Any]])?.first)
        let twice = try #require((try Self.audit(["--price-table", table.path, disk.folder.path])["sessions"] as? [[String: Any]])?.first)
        #expect(abs((twice["costBefore"] as! Double) - 2 * (base["costBefore"] as! Double)) < 1e-9)
        #expect(twice["tokensBefore"] as? Int == base["tokensBefore"] as? Int)
    }
}

/// The hand-written Claude Code transcripts and Codex rollouts under
/// Fixtures/sessions (their README says what each holds), audited whole.
@Suite("audit of agents' session logs")
struct SessionLogAuditTests {
    static let sessions = Fixtures.root.appendingPathComponent("sessions")

    static func audit(_ arguments: [String]) throws -> (json: [String: Any], stderr: String) {
        let run = try CommandLineTests().run(["audit", "--json", "--no-detect-repo"] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return (try #require(try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any]), run.stderr)
    }

    @Test("each model call is a request, sidechains are sessions, malformed lines are counted, and the totals add up")
    func logs() throws {
        let (json, stderr) = try Self.audit([Self.sessions.appendingPathComponent("claude-code/projects").path,
                                             Self.sessions.appendingPathComponent("codex/sessions").path])
        #expect(json["skippedLines"] as? Int == 3)
        #expect(stderr.contains("lines 21, 46 not JSON objects") && stderr.contains("line 31 not JSON object"))
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        func session(_ suffix: String) throws -> [String: Any] {
            try #require(sessions.first { ($0["source"] as? String)?.hasSuffix(suffix) == true }, "\(suffix)")
        }
        let main = try session("5b0e9f47-2d3c-4a61-9c8e-7f1a2b3c4d5e.jsonl")
        #expect(main["requests"] as? Int == 16)
        #expect(try session("(sidechain 6a81f5a4)")["requests"] as? Int == 3)
        #expect(try session("a83d6c12-94e7-4b0f-8d25-3e6f9a1c7b40.jsonl")["requests"] as? Int == 4)
        let codex = try session("6f1d2c9e-3b7a-4e5f-9a21-8c4d0e7b5f13.jsonl")
        #expect(codex["requests"] as? Int == 11 && codex["format"] as? String == "openai-responses")
        #expect(try session("c2a7e410-5d9b-4f36-b8e1-0a4f6d2c9e87.jsonl")["requests"] as? Int == 4)
        #expect(sessions.count == 5)
        for session in sessions {
            let before = session["tokensBefore"] as! Int, after = session["tokensAfter"] as! Int
            let causes = session["savedByCause"] as! [[String: Any]]
            #expect(causes.reduce(0) { $0 + ($1["tokens"] as! Int) } == before - after, "\(session["source"]!)")
            #expect((session["savedByStage"] as! [String: Int]).values.reduce(0, +) == before - after)
            #expect(before > 0)
        }
        // Session A read a lockfile and a node_modules file, re-read src/cart.ts, and logged its usage.
        let causes = main["savedByCause"] as! [[String: Any]]
        let rules = causes.compactMap { $0["rule"] as? [String: Any] }.compactMap { $0["source"] as? String }
        #expect(rules.contains("rules/lockfiles.ignore") && rules.contains("rules/dependencies.ignore"))
        #expect(causes.contains { $0["stage"] as? String == "dedup" && ($0["path"] as? String)?.hasSuffix("src/cart.ts") == true })
        let billed = try #require(main["billed"] as? [String: Any])
        #expect(billed["calls"] as? Int == 16 && (billed["cacheReadTokens"] as? Int ?? 0) > 0 && billed["cost"] is Double)
        #expect((codex["billed"] as? [String: Any])?["calls"] as? Int == 11)
        #expect((main["warnings"] as? [String])?.contains { $0.contains("no system prompt") } == true)
    }

    @Test("a transcript that opens with lines of kinds the reader does not know is still read as a transcript")
    func newKindsFirst() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-kinds-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let text = SessionLogTests.transcriptWithNewKinds.map { String(decoding: RequestBuilder.json($0), as: UTF8.self) }.joined(separator: "\n")
        try Data(text.utf8).write(to: file)
        let (json, _) = try Self.audit([file.path])
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        #expect(sessions.map { $0["requests"] as? Int } == [2, 1], "not read as a transcript: \(sessions.map { $0["source"] ?? "" })")
        #expect(json["skippedLines"] as? Int == 0)
    }

    @Test("Claude Code's subagents folder: its agent transcripts are sessions, its agent-*.meta.json files are not request bodies")
    func subagentsFolder() throws {
        let transcript = Self.sessions.appendingPathComponent("claude-code/projects/-home-dev-shop/a83d6c12-94e7-4b0f-8d25-3e6f9a1c7b40.jsonl")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-subagents-\(UUID().uuidString)")
        let subagents = root.appendingPathComponent("-home-dev-shop/a83d6c12/subagents")
        try FileManager.default.createDirectory(at: subagents, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: transcript, to: root.appendingPathComponent("-home-dev-shop/a83d6c12.jsonl"))
        try FileManager.default.copyItem(at: transcript, to: subagents.appendingPathComponent("agent-1.jsonl"))
        try Data(#"{"agentType":"Explore","description":"find the test"}"#.utf8).write(to: subagents.appendingPathComponent("agent-1.meta.json"))
        // A link back up must not send the walk round forever.
        try FileManager.default.createSymbolicLink(at: subagents.appendingPathComponent("loop"), withDestinationURL: root)
        let (json, _) = try Self.audit([root.path])
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        #expect(sessions.count == 2 && sessions.allSatisfy { ($0["source"] as? String)?.hasSuffix(".jsonl") == true }, "\(sessions.map { $0["source"] ?? "" })")
        #expect(json["skippedLines"] as? Int == 0)
        #expect(sessions.map { $0["requests"] as? Int } == [4, 4])
    }

    @Test("the same logs give the same JSON and the same page, byte for byte, and neither holds what the requests said")
    func deterministicAndPrivate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-twice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [(json: [UInt8], page: Data)] = []
        for run in 1...2 {
            let page = folder.appendingPathComponent("page\(run).html")
            let result = try CommandLineTests().run(["audit", "--json", "--no-detect-repo", "--html", page.path,
                                                     Self.sessions.appendingPathComponent("claude-code/projects").path,
                                                     Self.sessions.appendingPathComponent("codex/sessions").path])
            #expect(result.status == 0)
            outputs.append((result.stdout, try Data(contentsOf: page)))
        }
        #expect(outputs[0].json == outputs[1].json && outputs[0].page == outputs[1].page)
        // The user's first prompt in session A, and a line of a file it read: figures and names only reach the outputs.
        for said in ["The cart tests started failing", "export function"] {
            #expect(!String(decoding: outputs[0].json, as: UTF8.self).contains(said) && !String(decoding: outputs[0].page, as: UTF8.self).contains(said), "\(said)")
        }
    }

    @Test("--since leaves out the calls logged before the date")
    func since() throws {
        let (json, stderr) = try Self.audit(["--since", "2026-01-01", Self.sessions.appendingPathComponent("codex/sessions").path])
        let sources = (json["sessions"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
        #expect(sources.count == 1 && sources[0].contains("2026-11-21"))
        // The older rollout's items carry no time: they are left out, and that is said.
        #expect(stderr.contains("2025-05-02") && stderr.contains("with no time in the log, left out by --since"))
        // A time with a fraction of a second is after the whole second before it: the first call, at 10:15:16.654, counts.
        let all = try #require((json["totals"] as? [String: Any])?["requests"] as? Int)
        let (timed, _) = try Self.audit(["--since", "2026-11-21T10:15:16Z", Self.sessions.appendingPathComponent("codex/sessions").path])
        #expect((timed["totals"] as? [String: Any])?["requests"] as? Int == all)
        let bad = try CommandLineTests().run(["audit", "--since", "yesterday", Self.sessions.path])
        #expect(bad.status == 64 && bad.stderr.contains("--since takes a date"))
    }
}
