import ContextTrimTokens
import Foundation
import Testing
@testable import ContextTrim

/// The CacheTags stage: where it puts Anthropic breakpoints, what it never
/// does to the client's, and the OpenAI cache key.
@Suite("cache tags")
struct CacheTagsTests {
    static let long = String(repeating: "All work and no play makes a dull agent. ", count: 120)

    /// An Anthropic request: a long system prompt, then alternating turns
    /// of array content, the user's last; `last` replaces the final content.
    static func request(turns: Int = 5, system: [String: Any]? = nil, last: Any? = nil, model: String = "claude-sonnet-4-5") -> [UInt8] {
        var messages: [[String: Any]] = (0..<turns).map { index in
            ["role": index % 2 == 0 ? "user" : "assistant", "content": [["type": "text", "text": "turn \(index): " + long]]]
        }
        if let last { messages[turns - 1]["content"] = last }
        return RequestBuilder.json(["model": model, "system": [system ?? ["type": "text", "text": long]], "messages": messages])
    }

    /// The paths (`system[0]`, `messages[4].content[0]`, `messages[2].content`) that carry a marker, with its TTL.
    static func markers(_ bytes: [UInt8]) throws -> [String: String] {
        let root = try JSONComparison.parse(bytes) as! [String: Any]
        var found: [String: String] = [:]
        func visit(_ value: Any?, _ path: String) {
            guard let object = value as? [String: Any], let marker = object["cache_control"] as? [String: Any] else { return }
            found[path] = marker["ttl"] as? String ?? "5m"
        }
        for (index, tool) in (root["tools"] as? [Any] ?? []).enumerated() { visit(tool, "tools[\(index)]") }
        for (index, block) in (root["system"] as? [Any] ?? []).enumerated() { visit(block, "system[\(index)]") }
        for (index, message) in (root["messages"] as? [[String: Any]] ?? []).enumerated() {
            for (blockIndex, block) in (message["content"] as? [Any] ?? []).enumerated() { visit(block, "messages[\(index)].content[\(blockIndex)]") }
        }
        return found
    }

    static func tagged(_ input: [UInt8], ttl: CachePrompt.TTL = .fiveMinutes) -> Trimmer.Result {
        Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [CacheTagsStage(ttl: ttl)])).trim(input)
    }

    @Test("with no marker set: the stable prefix's end, the final message's end and the previous request's end")
    func placesThree() throws {
        let result = Self.tagged(Self.request())
        #expect(result.failure == nil)
        #expect(try Self.markers(result.output) == ["system[0]": "5m", "messages[4].content[0]": "5m", "messages[2].content[0]": "5m"])
        #expect(result.report.edits.allSatisfy { $0.stage == "cache-tags" && $0.action == "cache-marker" && $0.bytesBefore == 0 })
    }

    @Test("the client's markers stay where they are and the total never passes four")
    func keepsClientMarkers() throws {
        for request in Fixtures.requests {
            let before = try Self.markers(request.bytes)
            let after = try Self.markers(defaultTrimmer().trim(request.bytes).output)
            #expect(after.count <= CacheTagsStage.maximumBreakpoints, "\(request.name)")
            for (path, ttl) in before { #expect(after[path] == ttl, "\(request.name): \(path)") }
        }
        let claudeCode = Fixtures.request("claudecode-wire-lemmy-req030.json").bytes
        #expect(try Self.markers(claudeCode).count == 4)
        #expect(Self.tagged(claudeCode).report.edits.isEmpty)
    }

    @Test("never on thinking or empty text; a string becomes a text block only to carry a marker")
    func eligibleBlocks() throws {
        let last: [[String: Any]] = [["type": "text", "text": "look: " + Self.long], ["type": "text", "text": ""]]
        #expect(try Self.markers(Self.tagged(Self.request(last: last)).output)["messages[4].content[0]"] != nil)
        let output = Self.tagged(Self.request(last: "a plain string turn: " + Self.long)).output
        let messages = (try JSONComparison.parse(output) as! [String: Any])["messages"] as! [[String: Any]]
        let wrapped = try #require(messages[4]["content"] as? [[String: Any]])
        #expect(wrapped.count == 1 && (wrapped[0]["text"] as? String)?.hasPrefix("a plain string turn") == true && wrapped[0]["cache_control"] != nil)
        #expect(messages[2]["content"] is [Any])
        let thinking: [[String: Any]] = [["type": "thinking", "thinking": Self.long, "signature": "sig"]]
        var input = try JSONComparison.parse(Self.request(turns: 4)) as! [String: Any]
        var turns = input["messages"] as! [[String: Any]]
        turns[3]["content"] = thinking
        input["messages"] = turns
        #expect(try Self.markers(Self.tagged(RequestBuilder.json(input)).output)["messages[3].content[0]"] == nil)
    }

    @Test("the output check refuses markup that would not be sound")
    func markupCheck() throws {
        let document = try JSONScanner.scan(Self.request(turns: 1))
        let message = try #require(document.root["messages"]?.children.array.first)
        let block = try #require(message["content"]?.children.array.first)
        let record = EditRecord(stage: "test", action: "cache-marker", location: "", message: nil, path: nil, rule: nil, recognizer: nil,
                                target: nil, bytesBefore: 0, bytesAfter: 0)
        func problem(_ markup: Markup) -> String? { OutputCheck.problem(in: EditPlan(stages: [[Edit(markup: markup, record: record)]]), of: document, editable: []) }
        #expect(problem(Markup(.member(key: "cache_control", value: Array(#"{"type":"ephemeral"}"#.utf8)), in: block)) == nil)
        #expect(problem(Markup(.member(key: "type", value: Array(#""text""#.utf8)), in: block)) != nil)
        #expect(problem(Markup(.member(key: "cache_control", value: Array("{".utf8)), in: block)) != nil)
        #expect(problem(Markup(.textBlock(marker: Array(#"{"type":"ephemeral"}"#.utf8)), in: block)) != nil)
    }

    @Test("ctxtrim filter --cache keep adds nothing, tag (the default) adds, --cache-ttl 1h sets the TTL, --cache-table raises a minimum")
    func commandLine() throws {
        let input = Self.request()
        let keep = try CommandLineTests().run(["filter", "--no-detect-repo", "--cache", "keep"], stdin: input)
        #expect(try Self.markers(keep.stdout).isEmpty)
        let tagged = try CommandLineTests().run(["filter", "--no-detect-repo"], stdin: input)
        #expect(try Self.markers(tagged.stdout).count == 3)
        let oneHour = try CommandLineTests().run(["filter", "--no-detect-repo", "--cache-ttl", "1h"], stdin: input)
        #expect(try Set(Self.markers(oneHour.stdout).values) == ["1h"])
        #expect(try CommandLineTests().run(["filter", "--cache", "sometimes"], stdin: input).status == 64)
        let table = FileManager.default.temporaryDirectory.appendingPathComponent("caching-\(UUID().uuidString).tsv")
        try Data("claude\t1000000\t0.1\t1.25\t2.0\n".utf8).write(to: table)
        defer { try? FileManager.default.removeItem(at: table) }
        let raised = try CommandLineTests().run(["filter", "--no-detect-repo", "--cache-table", table.path], stdin: input)
        #expect(try Self.markers(raised.stdout).isEmpty)
    }

    @Test("a string turn wrapped to carry a marker, then sent plain again, is still the same prefix")
    func wrappedThenPlain() throws {
        func session(_ turns: Int) -> [UInt8] {
            let messages: [[String: Any]] = (0..<turns).map { ["role": $0 % 2 == 0 ? "user" : "assistant", "content": "turn \($0): " + Self.long] }
            return RequestBuilder.json(["model": "claude-sonnet-4-5", "system": Self.long, "messages": messages])
        }
        let requests = [1, 3, 5, 7].map { ("\($0) turns", session($0)) }
        let simulation = SessionSimulation(requests, trimmer: defaultTrimmer(), counter: try TokenCounter.o200k())
        // Message 0 went out wrapped (final, then the previous request's end), then plain: every later request still reads it.
        let rows = simulation.rows
        for (previous, next) in zip(rows, rows.dropFirst()) {
            #expect(next.trimmed.read == previous.trimmed.read + previous.trimmed.written, "\(next.name)")
        }
        let first = try JSONComparison.itemsWithoutCacheControl(defaultTrimmer().trim(requests[0].1).output)
        let last = try JSONComparison.itemsWithoutCacheControl(defaultTrimmer().trim(requests[3].1).output)
        #expect(first[0] == last[0])
    }

    @Test("markers inside a tool result count toward four; a null cache_control takes no marker; a tool takes one")
    func reviewCases() throws {
        // Three nested markers: one slot left, and the total stays four.
        let nested: [[String: Any]] = (0..<3).map { ["type": "text", "text": "part \($0) " + Self.long, "cache_control": ["type": "ephemeral"]] }
        var input = try JSONComparison.parse(Self.request(turns: 3)) as! [String: Any]
        var turns = input["messages"] as! [[String: Any]]
        turns[2]["content"] = [["type": "tool_result", "tool_use_id": "toolu_1", "content": nested]]
        input["messages"] = turns
        let output = Self.tagged(RequestBuilder.json(input)).output
        #expect(String(decoding: output, as: UTF8.self).components(separatedBy: "cache_control").count - 1 == 4)
        // A null marker is the client's: the block is left alone and the trim stands.
        var withNull = try JSONComparison.parse(Self.request()) as! [String: Any]
        var nullTurns = withNull["messages"] as! [[String: Any]]
        nullTurns[4]["content"] = [["type": "text", "text": "last " + Self.long, "cache_control": NSNull()]]
        withNull["messages"] = nullTurns
        let result = Self.tagged(RequestBuilder.json(withNull))
        #expect(result.failure == nil && !result.report.edits.contains { $0.location == "messages[4].content[0]" })
        // No system prompt: the stable prefix ends with the last tool.
        let tools = RequestBuilder.json(["model": "claude-sonnet-4-5", "tools": [["name": "read", "description": Self.long, "input_schema": ["type": "object"]]],
                                         "messages": [["role": "user", "content": [["type": "text", "text": Self.long]]]]])
        #expect(try Self.markers(Self.tagged(tools).output)["tools[0]"] == "5m")
        // A table written with CRLF line ends reads the same; an empty one is refused.
        let table = try CachePricingTable(tsv: "# comment\r\nclaude\t2048\t0.1\t1.25\t2.0\r\n")
        #expect(table.pricing(for: "claude-x", fallback: "claude").minimumTokens == 2048)
        #expect(throws: CachePricingTable.ParseError.self) { try CachePricingTable(tsv: "# nothing\r\n") }
    }

    @Test("a prompt under the model's minimum gets no new marker")
    func minimum() throws {
        let short = RequestBuilder.json(["model": "claude-haiku-4-5", "system": [["type": "text", "text": "Be brief."]],
                                         "messages": [["role": "user", "content": [["type": "text", "text": "hi"]]]]])
        #expect(Self.tagged(short).report.edits.isEmpty)
    }

    @Test("1-hour markers only where no 5-minute marker stands before them")
    func ttlOrder() throws {
        let oneHour = Self.tagged(Self.request(), ttl: .oneHour)
        #expect(try Set(Self.markers(oneHour.output).values) == ["1h"])
        let clientFiveMinutes = Self.request(system: ["type": "text", "text": Self.long, "cache_control": ["type": "ephemeral"]])
        let markers = try Self.markers(Self.tagged(clientFiveMinutes, ttl: .oneHour).output)
        #expect(markers == ["system[0]": "5m", "messages[4].content[0]": "5m", "messages[2].content[0]": "5m"])
    }

    @Test("OpenAI: a missing prompt_cache_key is set, the same for every request of a session; a client's key stays")
    func openAIKey() throws {
        let session = Fixtures.sessions.first { $0.first?.name.hasPrefix("sweagent-8eafcc89") == true }!
        let keys = try session.map { request -> String? in
            (try JSONComparison.parse(defaultTrimmer().trim(request.bytes).output) as! [String: Any])["prompt_cache_key"] as? String
        }
        #expect(keys.count == 2 && keys[0] != nil && keys[0] == keys[1] && keys[0]!.hasPrefix("ctxtrim-"))
        let codex = Fixtures.request("codex-exec-step01.json").bytes
        let clientKey = (try JSONComparison.parse(codex) as! [String: Any])["prompt_cache_key"] as? String
        if let clientKey {
            #expect((try JSONComparison.parse(defaultTrimmer().trim(codex).output) as! [String: Any])["prompt_cache_key"] as? String == clientKey)
        }
        let other = RequestBuilder.chatToolResult(system: "Another agent entirely.", tool: "read_file", arguments: ["path": "a"], result: "x")
        #expect((try JSONComparison.parse(defaultTrimmer().trim(other).output) as! [String: Any])["prompt_cache_key"] as? String != keys[0])
    }

    @Test("a session whose client sets no marker: tagging turns most input into cache reads")
    func sessionWithoutMarkers() throws {
        // The Cline export lost its markers: every turn of it, as the requests the client sent.
        // Its shape (user and assistant text only) fits OpenAI Chat too; it went to Anthropic.
        let whole = try JSONComparison.parse(Fixtures.request("cline-export-cline_task-step054.json").bytes) as! [String: Any]
        let messages = whole["messages"] as! [[String: Any]]
        // Its first 30 messages keep the test quick; every user turn is a request.
        let requests = messages.indices.prefix(30).filter { messages[$0]["role"] as? String == "user" }.map { end -> (String, [UInt8]) in
            var body = whole
            body["messages"] = Array(messages[...end])
            return ("turn \(end)", RequestBuilder.json(body))
        }
        let counter = try TokenCounter.o200k()
        let tagged = SessionSimulation(requests, trimmer: defaultTrimmer(format: .anthropicMessages), counter: counter).total
        let untagged = SessionSimulation(requests, trimmer: textTrimmer(), counter: counter).total
        #expect(untagged.trimmed.read == 0 && tagged.trimmed.read > tagged.trimmed.missed * 2)
        #expect(tagged.trimmed.cost < 0.3 * tagged.original.cost && tagged.trimmed.cost < 0.5 * untagged.trimmed.cost)
    }

    @Test("a body that fits Anthropic Messages and OpenAI Chat alike gets no cache_control unless the format is forced")
    func ambiguousShape() throws {
        // Cline's first request to an OpenAI-compatible provider: no system, no tools, user text parts only.
        let body = RequestBuilder.json(["model": "claude-sonnet-4-5", "max_tokens": 8192, "stream": true,
                                        "messages": [["role": "user", "content": [["type": "text", "text": Self.long],
                                                                                  ["type": "text", "text": "<environment_details>" + Self.long]]]]])
        let detected = defaultTrimmer().trim(body)
        #expect(detected.failure == nil && detected.output == body)
        #expect(!String(decoding: detected.output, as: UTF8.self).contains("cache_control"))
        let forced = defaultTrimmer(format: .anthropicMessages).trim(body)
        #expect(String(decoding: forced.output, as: UTF8.self).contains("cache_control"))
        // One feature only Anthropic has (a system prompt) makes it certain.
        var withSystem = try JSONComparison.parse(body) as! [String: Any]
        withSystem["system"] = Self.long
        #expect(String(decoding: defaultTrimmer().trim(RequestBuilder.json(withSystem)).output, as: UTF8.self).contains("cache_control"))
    }
}
