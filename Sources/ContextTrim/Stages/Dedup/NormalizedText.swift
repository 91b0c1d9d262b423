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
    /// Each line's whole extent in the original text and its content.
    let lines: [Line]

    /// A line's whole extent in the original text (gutter included, line
    /// feed not), and the extent of its content (gutter and trailing
    /// whitespace excluded). Offsets are 32-bit, so a line costs 16 bytes:
    /// Dedup keeps every line of the request.
    struct Line {
        private let start: Int32
        private var contentStart: Int32
        private let contentEnd: Int32
        private let end: Int32

        init(whole: Range<Int>, content: Range<Int>) {
            start = Int32(whole.lowerBound)
            end = Int32(whole.upperBound)
            contentStart = Int32(content.lowerBound)
            contentEnd = Int32(content.upperBound)
        }

        var whole: Range<Int> { Int(start)..<Int(end) }

        var content: Range<Int> { Int(contentStart)..<Int(contentEnd) }

        /// Moves the start of the content, up to its end.
        mutating func dropFromContent(_ count: Int) {
            contentStart = min(Int32(Int(start) + count), contentEnd)
        }
    }

    /// The largest text Dedup reads: its offsets must fit in 32 bits.
    static let maximumLength = Int(Int32.max)
    /// The first and last line numbers the gutter showed, if there was one.
    let numbering: ClosedRange<Int>?
    /// Whether every line with content holds a stub (after its indentation):
    /// text trimmed already, which Dedup neither copies nor points at.
    let isStubsOnly: Bool
    /// Whether a line is a pointer (`[ctxtrim: ... same as ... above]`):
    /// text Dedup trimmed already, which it neither copies (a pointer to it
    /// would chain) nor points at again; other stubs (a folded listing) are
    /// text like any other.
    let hasPointerLine: Bool

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
        /// The `tab` gutter as the gutter stage leaves it (`12<TAB>`): only
        /// looked for in files, since elsewhere it is content (a TSV).
        case bareTab
        /// Cline and Roo: `12 | `, the number padded to the width of the last.
        case bar
        /// SWE-agent windows: `12:`.
        case colon

        /// The length of the gutter at the start of `line` and its number.
        func match(_ line: ArraySlice<UInt8>) -> (length: Int, number: Int)? {
            line.withUnsafeBufferPointer { match($0) }
        }

        func match(_ line: UnsafeBufferPointer<UInt8>) -> (length: Int, number: Int)? {
            var i = 0
            while i < line.count && line[i] == UInt8(ascii: " ") { i += 1 }
            let digitsStart = i
            var number = 0
            while i < line.count, line[i] >= UInt8(ascii: "0"), line[i] <= UInt8(ascii: "9"), i - digitsStart < 9 {
                number = number * 10 + Int(line[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i > digitsStart else { return nil }
            let rest = line.count - i
            switch self {
            case .arrow:
                guard rest >= 3, line[i] == 0xE2, line[i + 1] == 0x86, line[i + 2] == 0x92 else { return nil }
                return (i + 3, number)
            case .tab:
                guard rest >= 1, line[i] == 0x09, i >= 6 else { return nil }
                return (i + 1, number)
            case .bareTab:
                guard rest >= 1, line[i] == 0x09, digitsStart == 0 else { return nil }
                return (i + 1, number)
            case .bar:
                guard rest >= 3, line[i] == UInt8(ascii: " "), line[i + 1] == UInt8(ascii: "|"), line[i + 2] == UInt8(ascii: " ") else { return nil }
                return (i + 3, number)
            case .colon:
                guard rest >= 1, digitsStart == 0, line[i] == UInt8(ascii: ":") else { return nil }
                return (i + 1, number)
            }
        }
    }

    /// The gutters worth looking for in any text.
    static let distinctiveGutters: [Gutter] = [.arrow, .tab]

    /// The gutters a file found by `recognizer` may carry: the distinctive
    /// ones, `cat -n`'s unpadded, and those only its agent prints.
    static func gutters(forFilesOf recognizer: String) -> [Gutter] {
        distinctiveGutters + [.bareTab] + (agentGutters[recognizer].map { [$0] } ?? [])
    }

    /// The gutters only some agents print, by the recognizer of their reads.
    private static let agentGutters: [String: Gutter] = ["swe-agent": .colon, "cline": .bar]

    /// Normalizes `text`, stripping a gutter of one of the `gutters` kinds.
    init(_ text: ArraySlice<UInt8>, gutters: [Gutter] = distinctiveGutters) {
        var extents = Self.lines(of: text)
        var numbering: ClosedRange<Int>?
        // Only a text whose first line has a gutter can have one on every line.
        if let gutter = gutters.first(where: { $0.match(text[extents[0].whole]) != nil }) {
            numbering = Self.stripGutter(gutter, in: text, from: &extents)
        }
        self.source = text
        self.lines = extents
        self.numbering = numbering
        var stubsOnly = true
        var pointer = false
        for line in extents {
            var first = line.content.lowerBound
            while first < line.content.upperBound && text[first] == UInt8(ascii: " ") { first += 1 }
            guard first < line.content.upperBound else { continue }
            let content = text[first..<line.content.upperBound]
            guard content.starts(with: Stub.prefix) else {
                stubsOnly = false
                continue
            }
            if !pointer && Stub.isPointer(content) { pointer = true }
        }
        isStubsOnly = stubsOnly
        hasPointerLine = pointer
    }

    /// Each line's extent and its content without trailing whitespace, in one
    /// pass (an empty text is one empty line).
    private static func lines(of text: ArraySlice<UInt8>) -> [Line] {
        var extents: [Line] = []
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            var start = 0
            while start < buffer.count {
                let feed = ByteSearch.nextOffset(of: UInt8(ascii: "\n"), in: base, from: start, to: buffer.count)
                var end = feed
                while end > start, base[end - 1] == UInt8(ascii: " ") || base[end - 1] == UInt8(ascii: "\t") || base[end - 1] == UInt8(ascii: "\r") {
                    end -= 1
                }
                extents.append(Line(whole: text.startIndex + start..<text.startIndex + feed, content: text.startIndex + start..<text.startIndex + end))
                start = feed + 1
            }
        }
        if extents.isEmpty { extents.append(Line(whole: text.startIndex..<text.startIndex, content: text.startIndex..<text.startIndex)) }
        return extents
    }

    /// Strips `gutter` from every line's content when all lines carry it with
    /// numbers counting up by one (an empty line may stand for a numbered
    /// blank line only if it has its gutter too); returns the numbering.
    private static func stripGutter(_ gutter: Gutter, in text: ArraySlice<UInt8>,
                                    from extents: inout [Line]) -> ClosedRange<Int>? {
        var lengths: [Int] = []
        lengths.reserveCapacity(extents.count)
        var first: Int?
        var expected: Int?
        let matched = text.withUnsafeBufferPointer { buffer in
            extents.allSatisfy { line in
                let whole = line.whole.lowerBound - text.startIndex..<line.whole.upperBound - text.startIndex
                guard let match = gutter.match(UnsafeBufferPointer(rebasing: buffer[whole])) else { return false }
                if let expected, match.number != expected { return false }
                if first == nil { first = match.number }
                expected = match.number + 1
                lengths.append(match.length)
                return true
            }
        }
        guard matched else { return nil }
        guard let first, let last = expected.map({ $0 - 1 }) else { return nil }
        for index in extents.indices {
            extents[index].dropFromContent(lengths[index])
        }
        return first...last
    }
}
