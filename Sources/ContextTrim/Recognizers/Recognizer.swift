/// What a recognizer may look at for one segment.
public struct RecognitionContext {
    public let conversation: Conversation
    public let segment: Segment
    /// The segment's decoded text.
    public let text: [UInt8]

    /// The call the segment answers, if any.
    public var call: ToolCall? { conversation.call(for: segment) }
}

/// Knows one agent's habit: where, in a segment's text, files and listings
/// stand and which path they belong to. Adding an agent is one recognizer
/// plus its fixtures, listed in `Recognizers.all`.
public protocol Recognizer: Sendable {
    /// A short name for reports, e.g. `claude-code`.
    var name: String { get }
    /// Whether `regions(in:)` could find anything in this segment, judged
    /// without decoding it: by its kind, its call, or a marker in its raw
    /// JSON bytes (`raw` holds no `\u` escape when this is asked, so ASCII
    /// markers stand in it as they will in the decoded text). Most segments
    /// are claimed by no recognizer; this keeps them from being decoded.
    func mayRecognize(_ segment: Segment, call: ToolCall?, raw: ArraySlice<UInt8>) -> Bool
    /// The regions of the segment's text this recognizer identifies.
    func regions(in context: RecognitionContext) -> [ContentRegion]
}
