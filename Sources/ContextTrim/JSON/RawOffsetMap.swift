/// How a JSON string's decoded text lines up with its raw bytes: the decoded
/// length, and for every line feed the decoded offset and the raw offset of
/// its escape. An offset in the decoded text then maps back to the raw bytes
/// with a walk of at most one line, whatever the string's length, so that
/// stages can edit a long tool result many times without walking it again.
public struct RawOffsetMap: Sendable {
    /// The length of the decoded text.
    public let decodedCount: Int
    /// Line feeds written as escapes: decoded offset, and raw offset from the
    /// start of the string's content. Empty for a string without escapes,
    /// whose offsets need no map.
    let lineFeeds: [LineFeed]

    struct LineFeed {
        let decoded: Int32
        let raw: Int32
    }

    /// A map that only knows the decoded length (every offset is walked to
    /// from the start of the string).
    public init(decodedCount: Int) {
        self.decodedCount = decodedCount
        lineFeeds = []
    }

    init(decodedCount: Int, lineFeeds: [LineFeed]) {
        self.decodedCount = decodedCount
        self.lineFeeds = lineFeeds
    }
}
