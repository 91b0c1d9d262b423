#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text as Dedup compares it: line-number gutters stripped and trailing
/// whitespace removed, so that the same file read by `Read`, `cat -n`, Cline
/// or SWE-agent compares equal.
///
/// A gutter is stripped only when every line carries the same kind of gutter
/// and the numbers count up by one. The `→` and `cat -n` gutters are
/// distinctive enough to strip anywhere; `12:` and `12 | ` only where the
/// recognizer knows its agent prints them (SWE-agent windows, Cline reads),
/// since elsewhere they are content (`12:00 started` in a log).
struct NormalizedText {
    /// The text the lines are ranges of (shared, not copied).
    let source: ArraySlice<UInt8>
    /// Each line's whole extent in the original text (gutter included, line
    /// feed not), and the extent of its content (gutter and trailing
    /// whitespace excluded).
    let lines: [(whole: Range<Int>, content: Range<Int>)]
    /// The first and last line numbers the gutter showed, if there was one.
    let numbering: ClosedRange<Int>?
    /// Whether a line holds a stub (after its indentation): text trimmed
    /// already, which Dedup neither copies nor points at.
    let hasStubLine: Bool

    /// The number of lines.
    var lineCount: Int { lines.count }

    /// Whether no line has any content.
    var isBlank: Bool { lines.allSatisfy { $0.content.isEmpty } }

    /// The lines joined by line feeds, gutters and trailing whitespace gone.
    var bytes: [UInt8] {
        var joined: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { joined.append(UInt8(ascii: "\n")) }
            joined.append(contentsOf: source[line.content])
        }
        return joined
    }

    /// Whether two texts have the same lines (gutters and trailing whitespace aside).
    func sameLines(as other: NormalizedText) -> Bool {
        guard lineCount == other.lineCount else { return false }
        return source.withUnsafeBufferPointer { mine in
            other.source.withUnsafeBufferPointer { theirs in
                for (line, otherLine) in zip(lines, other.lines) {
                    let a = line.content, b = otherLine.content
                    guard a.count == b.count else { return false }
                    if a.isEmpty { continue }
                    guard memcmp(mine.baseAddress! + (a.lowerBound - source.startIndex),
                                 theirs.baseAddress! + (b.lowerBound - other.source.startIndex), a.count) == 0 else { return false }
                }
                return true
            }
        }
    }

    /// The number a line shows in its gutter, or its 1-based position.
    func number(ofLine index: Int) -> Int {
        (numbering?.lowerBound ?? 1) + index
    }

    /// The gutter kinds agents print before a line's text.
    enum Gutter {
        /// Claude Code: the number right-aligned in six columns, then `→`.
        case arrow
        /// Claude Code 1.0, `cat -n`, SWE-agent's editor: the number
        /// right-aligned in six columns, then a tab.
        case tab
        /// Cline and Roo: `12 | `.
        case bar
        /// SWE-agent windows: `12:`.
        case colon

        private static let arrowSeparator: [UInt8] = [0xE2, 0x86, 0x92]
        private static let tabSeparator: [UInt8] = [0x09]
        private static let barSeparator = Array(" | ".utf8)
        private static let colonSeparator = Array(":".utf8)

        private var separator: [UInt8] {
            switch self {
            case .arrow: return Self.arrowSeparator
            case .tab: return Self.tabSeparator
            case .bar: return Self.barSeparator
            case .colon: return Self.colonSeparator
            }
        }

        /// The length of the gutter at the start of `line` and its number.
        func match(_ line: ArraySlice<UInt8>) -> (length: Int, number: Int)? {
            var i = line.startIndex
            while i < line.endIndex && line[i] == UInt8(ascii: " ") { i += 1 }
            let digitsStart = i
            var number = 0
            while i < line.endIndex, line[i] >= UInt8(ascii: "0"), line[i] <= UInt8(ascii: "9"), i - digitsStart < 9 {
                number = number * 10 + Int(line[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i > digitsStart else { return nil }
            let separator = self.separator
            guard line[i...].starts(with: separator) else { return nil }
            if self == .bar || self == .colon, digitsStart != line.startIndex { return nil }
            if self == .tab, i - line.startIndex < 6 { return nil }
            return (i + separator.count - line.startIndex, number)
        }
    }

    /// The gutters worth looking for in any text.
    static let distinctiveGutters: [Gutter] = [.arrow, .tab]

    /// Normalizes `text`, stripping a gutter of one of the `gutters` kinds.
    init(_ text: ArraySlice<UInt8>, gutters: [Gutter] = distinctiveGutters) {
        // An empty text is one empty line.
        let split = text.lineRanges()
        let lines = split.isEmpty ? [text.startIndex..<text.startIndex] : split
        var gutterLengths: [Int]?
        var numbering: ClosedRange<Int>?
        // Only a text whose first line has a gutter can have one on every line.
        if let firstLine = lines.first {
            for gutter in gutters where gutter.match(text[firstLine]) != nil {
                if let found = Self.consistentGutter(gutter, in: text, lines: lines) {
                    gutterLengths = found.lengths
                    numbering = found.numbering
                }
                break
            }
        }
        var extents: [(whole: Range<Int>, content: Range<Int>)] = []
        var hasStubLine = false
        extents.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            var start = line.lowerBound + (gutterLengths?[index] ?? 0)
            var end = line.upperBound
            if start > end { start = end }
            while end > start, text[end - 1] == UInt8(ascii: " ") || text[end - 1] == UInt8(ascii: "\t") || text[end - 1] == UInt8(ascii: "\r") {
                end -= 1
            }
            extents.append((line, start..<end))
            if !hasStubLine {
                var first = start
                while first < end && text[first] == UInt8(ascii: " ") { first += 1 }
                hasStubLine = first < end && text[first] == UInt8(ascii: "[") && text[first..<end].starts(with: Stub.prefix)
            }
        }
        self.source = text
        self.lines = extents
        self.numbering = numbering
        self.hasStubLine = hasStubLine
    }

    /// The gutter lengths of every line when all non-empty lines carry
    /// `gutter` with numbers counting up by one (an empty line may stand
    /// for a numbered blank line only if it has its gutter too).
    private static func consistentGutter(_ gutter: Gutter, in text: ArraySlice<UInt8>, lines: [Range<Int>]) -> (lengths: [Int], numbering: ClosedRange<Int>)? {
        var lengths: [Int] = []
        lengths.reserveCapacity(lines.count)
        var first: Int?
        var expected: Int?
        for line in lines {
            guard let match = gutter.match(text[line]) else { return nil }
            if let expected, match.number != expected { return nil }
            if first == nil { first = match.number }
            expected = match.number + 1
            lengths.append(match.length)
        }
        guard let first, let last = expected.map({ $0 - 1 }), !lengths.isEmpty else { return nil }
        return (lengths, first...last)
    }
}
