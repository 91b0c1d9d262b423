/// The text a model reads of a request, as one definition that the report's
/// token counts, the cache simulation and the prefix health all share, so
/// that every token figure ContextTrim prints is of the same thing.
///
/// What is read: the tool definitions (their JSON), the system prompt or
/// instructions, every message's text, tool calls' names and inputs (an
/// input object as its JSON, an `arguments` string as it stands), tool
/// results, and thinking and reasoning-summary text. What is not: ids,
/// signatures, `type` and `role` tags, statuses, cache markers, encrypted
/// reasoning, and images and files sent as data or URLs (the model sees
/// those as images, not as text a text tokenizer could count).
public enum ReadText {
    /// The tokens of a whole request in `format`, counted with `counter`.
    public static func tokens(of document: JSONDocument, format: WireFormat, counter: any TokenCounting) -> Int {
        PromptParts.all(document.root, format: format).reduce(0) { $0 + tokens(of: $1, counter: counter) }
    }

    /// The tokens of one part of the prompt (a tool, a system block, a
    /// message or a message's content block).
    static func tokens(of part: PromptParts.Part, counter: any TokenCounting) -> Int {
        texts(of: part).reduce(0) { $0 + counter.count($1) }
    }

    /// The texts of one part, each counted on its own: a part's strings
    /// separately, so that an edit inside one string changes only its count.
    static func texts(of part: PromptParts.Part) -> [[UInt8]] {
        var texts: [[UInt8]] = []
        if part.isTool {
            texts.append(compactJSON(part.value))
        } else {
            collect(part.value, into: &texts)
        }
        return texts
    }

    /// Keys whose values are never text the model reads.
    private static let unread: Set<String> = [
        "type", "role", "id", "tool_use_id", "call_id", "tool_call_id", "signature", "cache_control",
        "encrypted_content", "status", "media_type", "image_url", "file_data", "file_id", "is_error",
    ]

    private static func collect(_ value: JSONValue, into texts: inout [[UInt8]]) {
        switch value.kind {
        case .string:
            if let text = value.decodedBytes, !text.isEmpty { texts.append(text) }
        case .array:
            for child in value.children { collect(child, into: &texts) }
        case .object:
            let isToolCall = value["type"].map { $0.stringEquals("tool_use") || $0.stringEquals("server_tool_use") } ?? false
            let isRedacted = value["type"]?.stringEquals("redacted_thinking") ?? false
            for (key, member) in value.members {
                guard let name = key.string, !unread.contains(name) else { continue }
                if isRedacted && name == "data" { continue }
                if isToolCall && name == "input" {
                    texts.append(compactJSON(member))
                } else if name == "source" {
                    // A document's text source is read; image and file data are not text.
                    if member["type"]?.stringEquals("text") == true, let data = member["data"] { collect(data, into: &texts) }
                } else {
                    collect(member, into: &texts)
                }
            }
        default:
            break
        }
    }

    /// A value's JSON without whitespace and without cache markers, its
    /// strings escaped only where JSON must (as `json.dumps(value,
    /// ensure_ascii=False, separators=(",", ":"))` writes them), numbers and
    /// literals as they stand.
    static func compactJSON(_ value: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        appendCompact(value, to: &bytes)
        return bytes
    }

    private static func appendCompact(_ value: JSONValue, to bytes: inout [UInt8]) {
        let raw = value.document.bytes
        switch value.kind {
        case .object:
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in value.members where !key.stringEquals("cache_control") {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                appendCompact(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                appendCompact(member, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array:
            bytes.append(UInt8(ascii: "["))
            for (index, child) in value.children.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendCompact(child, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .string:
            guard value.hasEscapes, let decoded = value.decodedBytes else {
                bytes += raw[value.span]
                return
            }
            bytes.append(UInt8(ascii: "\""))
            bytes += JSONStringCodec.encode(decoded)
            bytes.append(UInt8(ascii: "\""))
        default:
            bytes += raw[value.span]
        }
    }
}
