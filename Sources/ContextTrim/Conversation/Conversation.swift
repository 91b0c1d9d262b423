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
    /// Tool calls by id.
    public let calls: [String: ToolCall]
    /// The agent's working directory and the segment where it was first
    /// stated; segments before that one are read without it, so that what
    /// happens to a segment never depends on later ones.
    public let workingDirectory: (path: String, from: Int)?

    public init(format: WireFormat, document: JSONDocument, segments: [Segment], calls: [String: ToolCall]) {
        self.format = format
        self.document = document
        self.segments = segments
        self.calls = calls
        self.workingDirectory = WorkingDirectory.find(in: segments)
    }

    /// The call a segment makes or answers.
    public func call(for segment: Segment) -> ToolCall? {
        segment.callID.flatMap { calls[$0] }
    }

    /// The working directory known at `segment`, if any.
    public func workingDirectory(at segment: Segment) -> String? {
        guard let known = workingDirectory, segment.index >= known.from else { return nil }
        return known.path
    }
}
