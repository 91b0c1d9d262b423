/// Who a segment comes from.
public enum Role: String, Sendable, Codable {
    case system, developer, user, assistant, tool
}

/// What a segment is, which decides what a stage may do with it.
public enum SegmentKind: String, Sendable, Codable {
    /// The system prompt or instructions: never shortened.
    case instructions
    /// Text a user or an assistant wrote (or a harness injected as a user turn).
    case text
    /// The arguments of a tool call: never changed.
    case toolCall
    /// What a tool returned.
    case toolResult
    /// Thinking or reasoning, often signed or encrypted: never changed.
    case thinking
    /// Images, documents and block types no adapter knows: never changed.
    case other
}

/// One ordered piece of a conversation, pointing at the JSON string that
/// holds its text (when it has text).
public struct Segment: Sendable {
    /// Position in `Conversation.segments`.
    public let index: Int
    /// Index of the message (or Responses input item) it belongs to; nil for
    /// the top-level system prompt or instructions.
    public let message: Int?
    /// Where it stands in the request, e.g. `messages[4].content[0].content`.
    public let location: String
    public let role: Role
    public let kind: SegmentKind
    /// The JSON string value that holds the segment's text.
    public let text: JSONValue?
    /// The id of the tool call this segment makes or answers.
    public let callID: String?
    /// A tool result the API marks as an error.
    public let isError: Bool
}

extension Segment {
    /// Whether the segment can hold what a tool returned: a tool result, or
    /// user-turn text (where Cline, Aider and SWE-agent put results). These
    /// are the only segments a stage may shorten.
    public var mayHoldToolOutput: Bool {
        kind == .toolResult || (kind == .text && role == .user)
    }
}

/// A tool call: its name and arguments, so that its result can be read in
/// the light of what was asked (which file, which command).
public struct ToolCall: Sendable {
    public let id: String
    public let name: String
    /// The arguments as a JSON object, when they are one (Anthropic `input`,
    /// or OpenAI's arguments string parsed).
    public let arguments: JSONValue?
    /// Free-form input of a custom tool (Codex `apply_patch`).
    public let rawInput: String?

    /// A string argument.
    public func string(_ key: String) -> String? {
        arguments?[key]?.string
    }

    /// An argument that is an array of strings (an argv).
    public func strings(_ key: String) -> [String]? {
        guard let value = arguments?[key], value.kind == .array else { return nil }
        let items = value.children.compactMap(\.string)
        return items.isEmpty ? nil : items
    }
}
