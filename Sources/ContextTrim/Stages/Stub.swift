/// The text the model reads where ContextTrim removed something: one
/// grammar, `[ctxtrim: ...]`, plain ASCII punctuation, nothing volatile (no
/// times, counters or token estimates), so the same removal always reads the
/// same and prefix caching holds across requests and releases.
public enum Stub {
    /// A file dropped by an ignore rule.
    public static func ignoredFile(_ path: String, size: TextSize, decision: IgnoreDecision) -> String {
        "[ctxtrim: omitted \(path) (\(size.description)), ignore rule \(decision.citation)]"
    }

    /// Binary content, whatever its path.
    public static func binary(_ path: String?, size: TextSize) -> String {
        guard let path else { return "[ctxtrim: omitted binary content (\(size.description))]" }
        return "[ctxtrim: omitted \(path) (\(size.description)), binary content]"
    }

    /// A file or output that repeats an earlier one. When both copies show
    /// line numbers and they differ, both ranges are named, so the model keeps
    /// the numbering of the copy it no longer sees.
    static func sameAs(_ text: NormalizedText, earlier: NormalizedText, in description: String) -> String {
        if let mine = text.numbering, let theirs = earlier.numbering, mine != theirs {
            return "[ctxtrim: lines \(mine.lowerBound)-\(mine.upperBound) same as lines \(theirs.lowerBound)-\(theirs.upperBound) of \(description) above]"
        }
        let noun = text.lineCount == 1 ? "line" : "lines"
        return "[ctxtrim: all \(text.lineCount) \(noun) same as \(description) above]"
    }

    /// A tool call id as pointers print it: whole when short, else its first
    /// twelve characters and `...` (enough to find it, stable across runs).
    static func shortID(_ id: String) -> String {
        id.count > 16 ? String(id.prefix(12)) + "..." : id
    }

    /// Whether `text` is one stub and nothing else: what a second pass over
    /// trimmed output must leave alone.
    public static func isStub(_ text: ArraySlice<UInt8>) -> Bool {
        text.starts(with: prefix) && text.last == UInt8(ascii: "]") && !text.contains(UInt8(ascii: "\n"))
    }

    static let prefix = Array("[ctxtrim: ".utf8)

    /// The lines of a listing below an ignored directory, folded into one.
    public static func foldedListing(_ directory: String, paths: Int, decision: IgnoreDecision) -> String {
        let noun = paths == 1 ? "path" : "paths"
        return "[ctxtrim: \(paths) \(noun) under \(directory)/ omitted, ignore rule \(decision.citation)]"
    }
}

/// The size of removed text as a stub states it: lines and bytes.
public struct TextSize: Sendable, Equatable, CustomStringConvertible {
    public let lines: Int
    public let bytes: Int

    public init(of text: ArraySlice<UInt8>) {
        bytes = text.count
        var lines = text.withUnsafeBufferPointer { ByteSearch.count(of: UInt8(ascii: "\n"), in: $0) }
        if let last = text.last, last != UInt8(ascii: "\n") { lines += 1 }
        self.lines = lines
    }

    public var description: String {
        "\(lines) \(lines == 1 ? "line" : "lines"), \(Self.format(bytes))"
    }

    static func format(_ bytes: Int) -> String {
        switch bytes {
        case ..<1024: return "\(bytes) bytes"
        case ..<(10 * 1024 * 1024): return "\((bytes + 512) / 1024) KB"
        default: return "\((bytes + 512 * 1024) / (1024 * 1024)) MB"
        }
    }
}
