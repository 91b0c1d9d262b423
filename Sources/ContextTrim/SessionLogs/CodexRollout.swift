/// Codex CLI's rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`)
/// rebuilt into the Responses requests Codex sent.
///
/// Current rollouts wrap each line as `{"timestamp","type","payload"}`:
/// `session_meta` (the session id, which Codex also sends as
/// `prompt_cache_key`, and in some versions the instructions),
/// `turn_context` (the model), `response_item` (one item of the
/// conversation), `event_msg` (among them `token_count`, the provider's
/// usage), `compacted` (history replaced by a summary). Older rollouts have
/// no envelope: the first line is the session meta itself, then one item a
/// line (and `record_type` state lines). A model call starts where output
/// items (assistant messages, reasoning, tool calls) follow input items
/// (user and developer messages, tool outputs): it was sent every item
/// before it. The rollout keeps no tool definitions.
public enum CodexRollout {
    /// Whether a log's first object begins a Codex rollout.
    public static func recognizes(_ object: JSONValue) -> Bool {
        if let type = object["type"]?.string, object["payload"] != nil {
            return ["session_meta", "response_item", "turn_context", "event_msg", "compacted"].contains(type)
        }
        // An older rollout's first line: the session meta, with no envelope.
        return object["id"]?.string != nil && object["timestamp"] != nil && object["messages"] == nil && object["input"] == nil
    }

    private static let outputTypes: Set<String> = ["reasoning", "function_call", "custom_tool_call", "local_shell_call", "web_search_call",
                                                   "image_generation_call", "compaction"]

    /// Whether Codex sends an item of its history to the model: not its
    /// ghost snapshots (commits kept for undo) nor system messages, as
    /// codex-rs/core's history (`for_prompt`, `is_api_message`) leaves them out.
    private static func isSent(_ item: JSONValue) -> Bool {
        guard let type = item["type"]?.string else { return true }
        if type == "ghost_snapshot" { return false }
        return !(type == "message" && item["role"]?.stringEquals("system") == true)
    }

    private static func isOutput(_ item: JSONValue) -> Bool {
        guard let type = item["type"]?.string else { return false }
        if type == "message" { return item["role"]?.stringEquals("assistant") ?? false }
        return outputTypes.contains(type)
    }

    public static func sessions(in lines: JSONLines, source: String) -> [LoggedSession] {
        var items: [JSONValue] = []
        var calls: [LoggedSession.Call] = []
        var model: String?
        var instructions: JSONValue?
        var sessionID: String?
        var previousWasOutput = true
        var usages: [BilledUsage] = []
        var lastTotal: ArraySlice<UInt8>?
        for (_, object) in lines.objects {
            let type = object["type"]?.string
            let payload = object["payload"]
            let timestamp = object["timestamp"]?.string
            var item: JSONValue?
            switch (type, payload) {
            case ("session_meta", let meta?):
                sessionID = meta["id"]?.string ?? sessionID
                // Older versions log `instructions`; newer ones `base_instructions` as `{"text": …}`.
                let logged = meta["instructions"] ?? meta["base_instructions"].flatMap { $0.kind == .object ? $0["text"] : $0 }
                instructions = logged.flatMap { $0.kind == .string ? $0 : nil } ?? instructions
            case ("turn_context", let context?):
                model = context["model"]?.string ?? model
            case ("response_item", let payload?):
                item = payload
            case ("event_msg", let event?):
                // One event per call, written before or after the call's items as versions differ: the k-th goes to the k-th call.
                // Codex repeats the event with unchanged totals (rate-limit and display updates): those bill nothing new.
                let total = event["info"]?["total_token_usage"].map { $0.document.bytes[$0.span] }
                if event["type"]?.stringEquals("token_count") == true, let last = event["info"]?["last_token_usage"], last.kind == .object,
                   total == nil || total != lastTotal {
                    lastTotal = total
                    var usage = BilledUsage()
                    usage.calls = 1
                    let cached = last["cached_input_tokens"]?.integer ?? 0
                    usage.cacheReadTokens = cached
                    usage.uncachedTokens = max(0, (last["input_tokens"]?.integer ?? 0) - cached)
                    usages.append(usage)
                }
            case ("compacted", let compacted?):
                // The history is replaced: by the items Codex kept, or by the summary as a user message.
                if let kept = compacted["replacement_history"], kept.kind == .array {
                    items = kept.children.array
                } else if let summary = compacted["message"], summary.kind == .string {
                    items = [summary]
                }
            default:
                if object["record_type"] != nil { continue }
                if type == nil || payload == nil, object["id"] != nil, object["timestamp"] != nil, items.isEmpty, calls.isEmpty, sessionID == nil {
                    // An older rollout's session meta.
                    sessionID = object["id"]?.string
                    instructions = object["instructions"].flatMap { $0.kind == .string ? $0 : nil }
                } else if type != nil, payload == nil {
                    item = object
                }
            }
            guard let item, isSent(item) else { continue }
            let output = isOutput(item)
            if output && !previousWasOutput {
                let sent = items, model = model, instructions = instructions, key = sessionID
                calls.append(LoggedSession.Call(name: "call \(calls.count + 1)", timestamp: timestamp, body: {
                    body(model: model, instructions: instructions, input: sent, cacheKey: key)
                }))
            }
            previousWasOutput = output
            items.append(item)
        }
        for (index, usage) in usages.prefix(calls.count).enumerated() { calls[index].billed = usage }
        return calls.isEmpty ? [] : [LoggedSession(source: source, agent: "codex", format: .openAIResponses, calls: calls,
                                                   notes: ["the rollout holds no tool definitions: audited what it holds"])]
    }

    /// `{"model":…,"instructions":…,"input":[…],"prompt_cache_key":…}`. A
    /// compaction's summary string stands as a user message.
    private static func body(model: String?, instructions: JSONValue?, input: [JSONValue], cacheKey: String?) -> [UInt8] {
        var json = JSONBuilder()
        json.raw("{")
        json.key("model", first: true)
        model.map { json.string($0) } ?? json.raw("null")
        if let instructions {
            json.key("instructions")
            json.raw(instructions)
        }
        json.key("input")
        json.raw("[")
        for (index, item) in input.enumerated() {
            if index > 0 { json.raw(",") }
            if item.kind == .string {
                json.raw(#"{"type":"message","role":"user","content":[{"type":"input_text","text":"#)
                json.raw(item)
                json.raw("}]}")
            } else {
                json.raw(item)
            }
        }
        json.raw("]")
        if let cacheKey {
            json.key("prompt_cache_key")
            json.string(cacheKey)
        }
        json.raw("}")
        return json.bytes
    }
}
