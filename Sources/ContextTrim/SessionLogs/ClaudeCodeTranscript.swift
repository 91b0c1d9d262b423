/// Claude Code's transcripts (`~/.claude/projects/<project>/<session>.jsonl`)
/// rebuilt into the Anthropic requests Claude Code sent.
///
/// Each line is a record. `user` and `assistant` records carry one message
/// (an assistant message of several blocks is written as several records
/// sharing `message.id`, each the parent of the next) and link to the record
/// before them by `parentUuid`. A model call is one `message.id` (records of
/// the model `<synthetic>` are Claude Code's own, no call); what it was sent
/// is the chain of records above its first record, consecutive records of
/// one role making one message. `isSidechain` records (a Task sub-agent) form
/// chains of their own, audited as their own sessions. Summaries, file
/// snapshots, queue operations and system records hold no message. The
/// transcript keeps no system prompt, no tool definitions and none of the
/// `cache_control` markers Claude Code set; the markers are put back where
/// Claude Code puts them (the last block of each of the last two messages),
/// so that the cost as sent is priced with the caching it had.
public enum ClaudeCodeTranscript {
    /// Whether a log's first object is a Claude Code record.
    public static func recognizes(_ object: JSONValue) -> Bool {
        guard let type = object["type"]?.string else { return false }
        let known: Set<String> = ["user", "assistant", "summary", "system", "file-history-snapshot", "queue-operation"]
        return known.contains(type) && (object["uuid"] != nil || object["leafUuid"] != nil || object["messageId"] != nil
                                        || object["sessionId"] != nil)
    }

    private struct Record {
        let uuid: String
        let parent: String?
        let isSidechain: Bool
        /// The message's role and content; nil for records that hold none
        /// (system records), which chains pass through.
        let role: String?
        let content: JSONValue?
        let messageID: String?
        let model: String?
        let usage: JSONValue?
        let timestamp: String?

        /// Whether the record is a user record of tool results.
        var holdsToolResults: Bool {
            guard role == "user", let content, content.kind == .array else { return false }
            return content.children.contains { $0["type"]?.stringEquals("tool_result") == true }
        }
    }

    /// The sessions of one transcript: the main chain's calls, then each
    /// sidechain's, in the order they began.
    public static func sessions(in lines: JSONLines, source: String) -> [LoggedSession] {
        var records: [Record] = []
        var byUUID: [String: Int] = [:]
        var childrenByParent: [String: [Int]] = [:]
        for (_, object) in lines.objects {
            // Every record with a uuid is a link of its chain (system records, and kinds newer than this reader, such as
            // progress records, among them); only user and assistant records hold a message.
            guard let type = object["type"]?.string, let uuid = object["uuid"]?.string else { continue }
            let message = object["message"]
            let model = message?["model"]?.string
            let holdsMessage = (type == "user" || type == "assistant") && message?["content"] != nil && model != "<synthetic>"
            byUUID[uuid] = records.count
            if let parent = object["parentUuid"]?.string { childrenByParent[parent, default: []].append(records.count) }
            records.append(Record(uuid: uuid, parent: object["parentUuid"]?.string, isSidechain: object["isSidechain"]?.bool ?? false,
                                  role: holdsMessage ? message?["role"]?.string ?? type : nil, content: holdsMessage ? message?["content"] : nil,
                                  messageID: type == "assistant" && holdsMessage ? message?["id"]?.string : nil, model: model,
                                  usage: message?["usage"], timestamp: object["timestamp"]?.string))
        }
        let recordsByUUID = byUUID
        let allRecords = records
        let children = childrenByParent

        func root(of index: Int) -> String {
            var uuid = allRecords[index].uuid
            var seen = Set<String>()
            while let parent = allRecords[recordsByUUID[uuid]!].parent, recordsByUUID[parent] != nil, seen.insert(parent).inserted {
                uuid = parent
            }
            return uuid
        }

        // Calls by session (the main chain, or a sidechain by its root), in order.
        var order: [String] = []
        var callsBySession: [String: [(first: Int, usage: JSONValue?)]] = [:]
        var callIndex: [String: (session: String, position: Int)] = [:]
        for (index, record) in allRecords.enumerated() {
            guard let id = record.messageID else { continue }
            if let known = callIndex[id] {
                // The last record of a message carries its final usage.
                if record.usage != nil { callsBySession[known.session]![known.position].usage = record.usage }
                continue
            }
            let session = record.isSidechain ? root(of: index) : ""
            if callsBySession[session] == nil { order.append(session) }
            callIndex[id] = (session, callsBySession[session, default: []].count)
            callsBySession[session, default: []].append((index, record.usage))
        }

        return order.map { session in
            let calls = callsBySession[session]!
            let loggedCalls = calls.enumerated().map { number, call in
                let first = allRecords[call.first]
                return LoggedSession.Call(name: "call \(number + 1)", timestamp: first.timestamp, body: {
                    body(model: first.model, history: chain(above: call.first, in: allRecords, byUUID: recordsByUUID, children: children))
                }, billed: call.usage.map(billed(by:)))
            }
            return LoggedSession(source: session.isEmpty ? source : "\(source) (sidechain \(session.prefix(8)))", agent: "claude-code",
                                 format: .anthropicMessages, calls: loggedCalls,
                                 notes: ["the transcript holds no system prompt and no tool definitions: audited what it holds, with Claude Code's cache markers put back"])
        }
    }

    /// A call's `message.usage`: `input_tokens` are the uncached ones; the
    /// cache writes split by TTL where `cache_creation` says.
    private static func billed(by usage: JSONValue) -> BilledUsage {
        var billed = BilledUsage()
        billed.calls = 1
        billed.uncachedTokens = usage["input_tokens"]?.integer ?? 0
        billed.cacheReadTokens = usage["cache_read_input_tokens"]?.integer ?? 0
        let written = usage["cache_creation_input_tokens"]?.integer ?? 0
        let oneHour = usage["cache_creation"]?["ephemeral_1h_input_tokens"]?.integer ?? 0
        billed.cacheWrite1hTokens = min(oneHour, written)
        billed.cacheWrite5mTokens = written - billed.cacheWrite1hTokens
        return billed
    }

    /// The records above `index`, from the chain's root down. Claude Code
    /// logs the results of parallel tool calls as siblings under one parent,
    /// and the chain passes through only one of them: the others written
    /// before the call join it, in the order they were logged.
    private static func chain(above index: Int, in records: [Record], byUUID: [String: Int], children: [String: [Int]]) -> [Record] {
        var path: [Int] = []
        var seen = Set<String>()
        var next = records[index].parent
        while let uuid = next, let position = byUUID[uuid], seen.insert(uuid).inserted {
            path.append(position)
            next = records[position].parent
        }
        let onPath = Set(path)
        var found: [Record] = []
        for position in path.reversed() {
            guard records[position].holdsToolResults, let parent = records[position].parent else {
                found.append(records[position])
                continue
            }
            let siblings = (children[parent] ?? []).filter { $0 < index && !onPath.contains($0) && records[$0].holdsToolResults }
            found += (siblings + [position]).sorted().map { records[$0] }
        }
        return found
    }

    /// Whether Claude Code would put its marker on this block: not on
    /// thinking, not on empty text, not where one already stands.
    private static func mayCarryMarker(_ block: JSONValue) -> Bool {
        if block.kind == .string { return block.span.count > 2 }
        guard block.kind == .object, block["cache_control"] == nil, !block.members.isEmpty else { return false }
        let type = block["type"]
        if type?.stringEquals("thinking") == true || type?.stringEquals("redacted_thinking") == true { return false }
        if type?.stringEquals("text") == true { return (block["text"]?.span.count ?? 0) > 2 }
        return true
    }

    /// `{"model":…,"messages":[…]}`: consecutive records of one role make
    /// one message, a string content becoming a text block when it joins
    /// others, with Claude Code's cache markers as it sets them.
    private static func body(model: String?, history: [Record]) -> [UInt8] {
        var messages: [(role: String, parts: [JSONValue])] = []
        for record in history {
            guard let role = record.role, let content = record.content else { continue }
            if messages.last?.role == role {
                messages[messages.count - 1].parts.append(content)
            } else {
                messages.append((role, [content]))
            }
        }
        var json = JSONBuilder()
        json.raw("{")
        json.key("model", first: true)
        model.map { json.string($0) } ?? json.raw("null")
        json.key("messages")
        json.raw("[")
        for (index, message) in messages.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{")
            json.key("role", first: true)
            json.string(message.role)
            json.key("content")
            // Claude Code marks the last block of each of the last two messages; the transcript drops the markers.
            let marked = index >= messages.count - 2
            let blocks = message.parts.flatMap { $0.kind == .array ? $0.children.array : [$0] }
            if message.parts.count == 1 && message.parts[0].kind == .string && !(marked && Self.mayCarryMarker(blocks[0])) {
                json.raw(message.parts[0])
            } else {
                json.raw("[")
                for (position, block) in blocks.enumerated() {
                    if position > 0 { json.raw(",") }
                    let marker = marked && position == blocks.count - 1 && Self.mayCarryMarker(block)
                    if block.kind == .string {
                        json.raw(#"{"type":"text","text":"#)
                        json.raw(block)
                        json.raw(marker ? #","cache_control":{"type":"ephemeral"}}"# : "}")
                    } else if marker {
                        json.rawObject(block, adding: #""cache_control":{"type":"ephemeral"}"#)
                    } else {
                        json.raw(block)
                    }
                }
                json.raw("]")
            }
            json.raw("}")
        }
        json.raw("]}")
        return json.bytes
    }
}
