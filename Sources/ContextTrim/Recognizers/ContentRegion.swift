/// How the lines of a directory listing name their paths.
public enum ListingStyle: String, Sendable, Codable {
    /// One path a line (Glob, `find`, `rg --files`, Cline's file lists);
    /// directories may end in a slash.
    case paths
    /// `- name` lines indented two spaces a level under an absolute root line
    /// (Claude Code's LS).
    case indentedTree
    /// The `tree` command's `├── ` / `│   ` drawing.
    case tree
    /// `ls -R`: a `dir:` header line before each directory's names.
    case lsRecursive
}

/// What a stretch of a segment's text holds.
public enum ContentKind: Sendable, Equatable {
    /// The text of one file, as the path names it (perhaps with line gutters).
    case file(path: String)
    /// A directory listing; `base` is the directory its relative paths
    /// start from, when that is not the working directory.
    case listing(ListingStyle, base: String?)
}

/// A stretch of a segment's decoded text that a recognizer identified.
public struct ContentRegion: Sendable, Equatable {
    public var kind: ContentKind
    /// Byte range in the segment's decoded UTF-8 text.
    public var range: Range<Int>
    /// The directory relative paths in this region start from (a tool's
    /// `workdir`, a `cd` before the command), when it is not the agent's.
    public var directory: String?
    /// The recognizer that found it, for the report.
    public var recognizer: String

    public init(kind: ContentKind, range: Range<Int>, directory: String? = nil, recognizer: String) {
        self.kind = kind
        self.range = range
        self.directory = directory
        self.recognizer = recognizer
    }
}

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

extension ArraySlice where Element == UInt8 {
    /// Whether the raw bytes contain `marker`.
    func contains(marker: [UInt8]) -> Bool {
        withUnsafeBufferPointer { ByteSearch.firstOffset(of: marker, in: $0) != nil }
    }
}
