/// The wire formats ContextTrim reads.
public enum WireFormat: String, Sendable, Codable, CaseIterable {
    case anthropicMessages = "anthropic-messages"
    case openAIChat = "openai-chat"
    case openAIResponses = "openai-responses"
}

/// A request seen as an ordered list of segments with roles, whatever its
/// wire format: what recognizers read and stages propose edits on.
public struct Conversation: Sendable {
    public let format: WireFormat
    public let document: JSONDocument
    public let segments: [Segment]
    /// The call each segment makes or answers, by segment index: for a
    /// result, the latest call of its id before it.
    private let callsBySegment: [Int: ToolCall]
    /// The agent's working directory and the segment where it was first
    /// stated; segments before that one are read without it, so that what
    /// happens to a segment never depends on later ones.
    public let workingDirectory: (path: String, from: Int)?
    /// Whether the wire format is known for certain: forced by the caller
    /// (`--format`, the proxy's path) or told by a feature only that format
    /// has. Stages add what only one API accepts (Anthropic `cache_control`)
    /// only when it is.
    public internal(set) var formatIsCertain = true

    init(format: WireFormat, document: JSONDocument, segments: [Segment], callsBySegment: [Int: ToolCall]) {
        self.format = format
        self.document = document
        self.segments = segments
        self.callsBySegment = callsBySegment
        self.workingDirectory = WorkingDirectory.find(in: segments)
    }

    /// Every tool call of the request, in order.
    public var calls: [ToolCall] {
        segments.filter { $0.kind == .toolCall }.compactMap { callsBySegment[$0.index] }
    }

    /// The call a segment makes or answers.
    public func call(for segment: Segment) -> ToolCall? {
        callsBySegment[segment.index]
    }

    /// The working directory known at `segment`, if any.
    public func workingDirectory(at segment: Segment) -> String? {
        guard let known = workingDirectory, segment.index >= known.from else { return nil }
        return known.path
    }
}
