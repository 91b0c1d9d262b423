import Foundation
import Testing
@testable import ContextTrim

/// Claude Code transcripts and Codex rollouts rebuilt into the requests the
/// agents sent: small logs written here record by record, whose requests
/// are known, then the hand-written sessions under Fixtures/sessions.
@Suite("session logs")
struct SessionLogTests {
    static func lines(_ records: [[String: Any]], malformed: [String] = []) -> JSONLines {
        var text = records.map { String(decoding: RequestBuilder.json($0), as: UTF8.self) }
        text.insert(contentsOf: malformed, at: min(2, text.count))
        return JSONLines(Array(text.joined(separator: "\n").utf8))
    }

    static func messages(_ body: [UInt8]) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        return try #require(json["messages"] as? [[String: Any]])
    }

    /// A message's text: its string content, or its text blocks'.
    static func texts(_ message: [String: Any]) -> [String] {
        if let text = message["content"] as? String { return [text] }
        return (message["content"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    static func record(_ type: String, _ uuid: String, parent: String?, message: [String: Any], sidechain: Bool = false) -> [String: Any] {
        ["type": type, "uuid": uuid, "parentUuid": parent ?? NSNull(), "isSidechain": sidechain, "sessionId": "s1",
         "timestamp": "2026-11-20T10:00:\(uuid.suffix(2))Z", "message": message]
    }

    static func assistant(_ id: String, _ block: [String: Any], model: String = "claude-sonnet-4-5-20250929", usage: [String: Any]? = nil) -> [String: Any] {
        var message: [String: Any] = ["id": id, "type": "message", "role": "assistant", "model": model, "content": [block]]
        if let usage { message["usage"] = usage }
        return message
    }

    static var transcript: [[String: Any]] { [
        ["type": "summary", "summary": "Fixing a test", "leafUuid": "u-09"],
        record("user", "u-01", parent: nil, message: ["role": "user", "content": "fix the test"]),
        record("assistant", "a-02", parent: "u-01", message: assistant("msg_1", ["type": "thinking", "thinking": "Look first.", "signature": "sig"])),
        record("assistant", "a-03", parent: "a-02", message: assistant("msg_1", ["type": "tool_use", "id": "toolu_1", "name": "Read", "input": ["file_path": "/app/a.ts"]])),
        record("assistant", "a-04", parent: "a-03", message: assistant("msg_1", ["type": "tool_use", "id": "toolu_2", "name": "Read", "input": ["file_path": "/app/b.ts"]],
                                                                       usage: ["input_tokens": 3, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 0])),
        record("user", "u-05", parent: "a-04", message: ["role": "user", "content": [["type": "tool_result", "tool_use_id": "toolu_1", "content": "a"]]]),
        record("user", "u-06", parent: "u-05", message: ["role": "user", "content": [["type": "tool_result", "tool_use_id": "toolu_2", "content": "b"]]]),
        ["type": "file-history-snapshot", "messageId": "m", "snapshot": [:]],
        record("user", "s-07", parent: nil, message: ["role": "user", "content": "search for x"], sidechain: true),
        record("assistant", "s-08", parent: "s-07", message: assistant("msg_s", ["type": "text", "text": "found"]), sidechain: true),
        record("assistant", "a-09", parent: "u-06", message: assistant("msg_2", ["type": "text", "text": "Done."],
                                                                       usage: ["input_tokens": 5, "cache_creation_input_tokens": 20, "cache_read_input_tokens": 100,
                                                                               "cache_creation": ["ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 20]])),
        record("assistant", "a-10", parent: "a-09", message: assistant("msg_3", ["type": "text", "text": "No response requested."], model: "<synthetic>")),
    ] }

    @Test("Claude Code: one call per message.id, sent the chain above it with records of one role merged; sidechains on their own")
    func claudeCode() throws {
        let lines = Self.lines(Self.transcript, malformed: ["{\"type\":\"user\",", "not json"])
        #expect(lines.malformedLines == [3, 4])
        #expect(ClaudeCodeTranscript.recognizes(lines.objects[0].value))
        let sessions = ClaudeCodeTranscript.sessions(in: lines, source: "t.jsonl")
        #expect(sessions.map(\.source) == ["t.jsonl", "t.jsonl (sidechain s-07)"])
        let main = sessions[0]
        #expect(main.calls.count == 2)
        let first = try Self.messages(main.calls[0].body())
        #expect(first.count == 1 && Self.texts(first[0]) == ["fix the test"])
        let second = try Self.messages(main.calls[1].body())
        #expect(second.map { $0["role"] as? String } == ["user", "assistant", "user"])
        let assistantBlocks = try #require(second[1]["content"] as? [[String: Any]])
        #expect(assistantBlocks.map { $0["type"] as? String } == ["thinking", "tool_use", "tool_use"])
        #expect(assistantBlocks[0]["signature"] as? String == "sig")
        let results = try #require(second[2]["content"] as? [[String: Any]])
        #expect(results.map { $0["tool_use_id"] as? String } == ["toolu_1", "toolu_2"])
        // Claude Code's markers, which transcripts drop, are back where it puts them: the last block of the last two messages.
        #expect(assistantBlocks.map { $0["cache_control"] != nil } == [false, false, true])
        #expect(results.map { $0["cache_control"] != nil } == [false, true])
        #expect(second[0]["content"] is String)
        // Usage: the last record of each message; cache writes split by TTL.
        let billed = main.calls.compactMap(\.billed).reduce(BilledUsage(), +)
        #expect(billed.calls == 2 && billed.uncachedTokens == 8 && billed.cacheReadTokens == 100)
        #expect(billed.cacheWrite5mTokens == 100 && billed.cacheWrite1hTokens == 20)
        let side = try Self.messages(sessions[1].calls[0].body())
        #expect(sessions[1].calls.count == 1 && side.count == 1 && Self.texts(side[0]) == ["search for x"])
        #expect(main.notes.contains { $0.contains("no system prompt") })
    }

    /// The transcript with a record of a kind this reader does not know in the
    /// main chain (`a-09`'s parent is a progress record whose parent is `u-06`)
    /// and a line of another unknown kind before everything.
    static var transcriptWithNewKinds: [[String: Any]] {
        var records = transcript.map { record -> [String: Any] in
            guard record["uuid"] as? String == "a-09" else { return record }
            var moved = record
            moved["parentUuid"] = "p-08"
            return moved
        }
        records.insert(["type": "progress", "uuid": "p-08", "parentUuid": "u-06", "sessionId": "s1", "data": ["type": "hook_progress"]], at: 8)
        records.insert(["type": "custom-title", "customTitle": "Fixing a test", "sessionId": "s1"], at: 0)
        return records
    }

    @Test("Claude Code: a record of a kind the reader does not know is still a link of its chain")
    func unknownKinds() throws {
        let sessions = ClaudeCodeTranscript.sessions(in: Self.lines(Self.transcriptWithNewKinds), source: "t.jsonl")
        let second = try Self.messages(try #require(sessions.first?.calls.last).body())
        #expect(second.map { $0["role"] as? String } == ["user", "assistant", "user"], "the chain was cut at the progress record")
        #expect(Self.texts(second[0]) == ["fix the test"])
    }

    @Test("Claude Code: the results of parallel tool calls, logged as siblings under one parent, are all sent")
    func parallelResults() throws {
        let records: [[String: Any]] = [
            Self.record("user", "u-01", parent: nil, message: ["role": "user", "content": "read both"]),
            Self.record("assistant", "a-02", parent: "u-01", message: Self.assistant("msg_1", ["type": "tool_use", "id": "t1", "name": "Read", "input": ["file_path": "/a"]])),
            Self.record("assistant", "a-03", parent: "a-02", message: Self.assistant("msg_1", ["type": "tool_use", "id": "t2", "name": "Read", "input": ["file_path": "/b"]])),
            Self.record("user", "r-04", parent: "a-03", message: ["role": "user", "content": [["type": "tool_result", "tool_use_id": "t1", "content": "A"]]]),
            Self.record("user", "r-05", parent: "a-03", message: ["role": "user", "content": [["type": "tool_result", "tool_use_id": "t2", "content": "B"]]]),
            Self.record("assistant", "a-06", parent: "r-05", message: Self.assistant("msg_2", ["type": "text", "text": "Both read."])),
        ]
        let sessions = ClaudeCodeTranscript.sessions(in: Self.lines(records), source: "t.jsonl")
        let messages = try Self.messages(try #require(sessions.first?.calls.last).body())
        #expect(messages.map { $0["role"] as? String } == ["user", "assistant", "user"])
        let results = try #require(messages.last?["content"] as? [[String: Any]])
        #expect(results.map { $0["tool_use_id"] as? String } == ["t1", "t2"], "a parallel call's result was left out")
    }

    static func envelope(_ type: String, _ payload: [String: Any], at second: Int) -> [String: Any] {
        ["timestamp": String(format: "2026-11-21T10:15:%02d.000Z", second), "type": type, "payload": payload]
    }

    static func item(_ type: String, role: String? = nil, _ fields: [String: Any] = [:]) -> [String: Any] {
        var item = fields
        item["type"] = type
        if let role { item["role"] = role }
        return item
    }

    @Test("Codex: a call wherever output items follow input items, sent every item before it, with the session's key and usage")
    func codex() throws {
        let user = Self.item("message", role: "user", ["content": [["type": "input_text", "text": "run the tests"]]])
        let records: [[String: Any]] = [
            Self.envelope("session_meta", ["id": "0199-aaaa", "timestamp": "2026-11-21T10:15:00Z", "cwd": "/home/dev/api", "base_instructions": ["text": "Be brief."]], at: 0),
            Self.envelope("turn_context", ["cwd": "/home/dev/api", "model": "gpt-5-codex"], at: 1),
            Self.envelope("response_item", user, at: 2),
            Self.envelope("response_item", Self.item("reasoning", ["summary": [], "encrypted_content": "gAAA"]), at: 3),
            Self.envelope("response_item", Self.item("function_call", ["name": "shell", "arguments": "{\"command\":[\"pytest\"]}", "call_id": "call_1"]), at: 4),
            Self.envelope("event_msg", ["type": "token_count", "info": ["last_token_usage": ["input_tokens": 1000, "cached_input_tokens": 0],
                                                                     "total_token_usage": ["input_tokens": 1000, "total_tokens": 1100]]], at: 5),
            // The same totals again (a rate-limit update): no new bill.
            Self.envelope("event_msg", ["type": "token_count", "info": ["last_token_usage": ["input_tokens": 1000, "cached_input_tokens": 0],
                                                                     "total_token_usage": ["input_tokens": 1000, "total_tokens": 1100]]], at: 5),
            Self.envelope("response_item", Self.item("function_call_output", ["call_id": "call_1", "output": "1 failed"]), at: 6),
            // Codex keeps these in its history but never sends them (codex-rs/core's for_prompt and is_api_message).
            Self.envelope("response_item", Self.item("ghost_snapshot", ["ghost_commit": ["id": "abc123", "parent": "def456"]]), at: 6),
            Self.envelope("response_item", Self.item("message", role: "system", ["content": [["type": "input_text", "text": "internal"]]]), at: 6),
            Self.envelope("response_item", Self.item("message", role: "assistant", ["content": [["type": "output_text", "text": "One test fails."]]]), at: 7),
            Self.envelope("event_msg", ["type": "token_count", "info": ["last_token_usage": ["input_tokens": 1200, "cached_input_tokens": 1000]]], at: 8),
        ]
        let lines = Self.lines(records, malformed: ["{\"timestamp\":"])
        #expect(CodexRollout.recognizes(lines.objects[0].value) && lines.malformedLines == [3])
        let sessions = CodexRollout.sessions(in: lines, source: "rollout.jsonl")
        let calls = try #require(sessions.first?.calls)
        #expect(calls.count == 2)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(calls[1].body())) as? [String: Any])
        #expect(second["model"] as? String == "gpt-5-codex" && second["instructions"] as? String == "Be brief.")
        #expect(second["prompt_cache_key"] as? String == "0199-aaaa")
        #expect((second["input"] as? [[String: Any]])?.map { $0["type"] as? String } == ["message", "reasoning", "function_call", "function_call_output"])
        let billed = calls.compactMap(\.billed).reduce(BilledUsage(), +)
        #expect(billed.calls == 2 && billed.uncachedTokens == 1200 && billed.cacheReadTokens == 1000)
    }

    @Test("Codex, before the response_item envelope: the meta line, then one item a line, state lines skipped")
    func olderCodex() throws {
        let records: [[String: Any]] = [
            ["id": "0a1b", "timestamp": "2025-05-02T09:00:00Z", "instructions": "Old instructions."],
            Self.item("message", role: "user", ["content": [["type": "input_text", "text": "hello"]]]),
            ["record_type": "state"],
            Self.item("message", role: "assistant", ["content": [["type": "output_text", "text": "hi"]]]),
            Self.item("message", role: "user", ["content": [["type": "input_text", "text": "again"]]]),
            Self.item("message", role: "assistant", ["content": [["type": "output_text", "text": "hi again"]]]),
        ]
        let lines = Self.lines(records)
        #expect(CodexRollout.recognizes(lines.objects[0].value) && !ClaudeCodeTranscript.recognizes(lines.objects[0].value))
        let calls = try #require(CodexRollout.sessions(in: lines, source: "old.jsonl").first?.calls)
        #expect(calls.count == 2)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(calls[1].body())) as? [String: Any])
        #expect((second["input"] as? [Any])?.count == 3 && second["instructions"] as? String == "Old instructions.")
    }
}
