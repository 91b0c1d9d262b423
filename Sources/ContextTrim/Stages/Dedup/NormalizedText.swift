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
    /// The lines joined by line feeds, gutters and trailing whitespace gone.
    let bytes: [UInt8]
    /// The number of lines.
    let lineCount: Int
    /// The first and last line numbers the gutter showed, if there was one.
    let numbering: ClosedRange<Int>?

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
            let separator: [UInt8]
            switch self {
            case .arrow: separator = [0xE2, 0x86, 0x92]
            case .tab: separator = [0x09]
            case .bar: separator = Array(" | ".utf8)
            case .colon: separator = Array(":".utf8)
            }
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
        var lines: [ArraySlice<UInt8>] = []
        var start = text.startIndex
        while start <= text.endIndex {
            let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            lines.append(text[start..<end])
            start = end + 1
        }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        var gutterLengths: [Int]?
        var numbering: ClosedRange<Int>?
        for gutter in gutters {
            if let found = Self.consistentGutter(gutter, in: lines) {
                gutterLengths = found.lengths
                numbering = found.numbering
                break
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        for (index, line) in lines.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\n")) }
            var content = line.dropFirst(gutterLengths?[index] ?? 0)
            while let last = content.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") {
                content = content.dropLast()
            }
            bytes.append(contentsOf: content)
        }
        self.bytes = bytes
        self.lineCount = lines.count
        self.numbering = numbering
    }

    /// The gutter lengths of every line when all non-empty lines carry
    /// `gutter` with numbers counting up by one (an empty line may stand
    /// for a numbered blank line only if it has its gutter too).
    private static func consistentGutter(_ gutter: Gutter, in lines: [ArraySlice<UInt8>]) -> (lengths: [Int], numbering: ClosedRange<Int>)? {
        var lengths: [Int] = []
        var first: Int?
        var expected: Int?
        for line in lines {
            guard let match = gutter.match(line) else { return nil }
            if let expected, match.number != expected { return nil }
            if first == nil { first = match.number }
            expected = match.number + 1
            lengths.append(match.length)
        }
        guard let first, let last = expected.map({ $0 - 1 }), !lengths.isEmpty else { return nil }
        return (lengths, first...last)
    }
}
