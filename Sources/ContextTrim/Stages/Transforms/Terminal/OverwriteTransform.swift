/// Renders the lines of command output that a carriage return overwrites
/// (progress bars and spinners of npm, pip, cargo, docker, pytest, curl) as
/// the one line a terminal would show at the end: each frame is written
/// over the one before from the line's start, with the erasing and cursor
/// sequences they use (`ESC[K`, `ESC[2K`, `ESC[1G`) applied and the other
/// escapes dropped. A line ending in `\r\n` is no overwrite.
public struct OverwriteTransform: CommandOutputTransform {
    public init() {}

    public var name: String { "terminal-overwrites" }
    public var action: String { "rendered-overwrites" }

    public func changes(in text: [UInt8], region: ContentRegion) -> [TextChange] {
        var changes: [TextChange] = []
        for line in text.lineRanges(in: region.range) {
            let content = text.withoutCarriageReturn(line)
            guard text[content].contains(UInt8(ascii: "\r")) else { continue }
            let shown = Self.render(text, content)
            if shown.count < content.count, !text[content].elementsEqual(shown) {
                changes.append(TextChange(range: content, replacement: shown))
            }
        }
        return changes
    }

    /// What a terminal shows of one line's bytes: characters written at a
    /// cursor that a carriage return sends back to the line's start.
    static func render(_ text: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var cells: [ArraySlice<UInt8>] = []
        var column = 0
        var i = range.lowerBound
        func write(_ character: ArraySlice<UInt8>) {
            if column < cells.count { cells[column] = character } else {
                while cells.count < column { cells.append([UInt8(ascii: " ")][...]) }
                cells.append(character)
            }
            column += 1
        }
        while i < range.upperBound {
            // A render longer than the line is thrown away: no cursor needs to go further (hostile counts stay bounded).
            column = min(column, range.count)
            let byte = text[i]
            switch byte {
            case UInt8(ascii: "\r"):
                column = 0
                i += 1
            case 0x08:
                column = max(0, column - 1)
                i += 1
            case TerminalEscape.escape:
                guard let sequence = TerminalEscape.sequence(in: text, at: i, before: range.upperBound) else {
                    i += 1
                    continue
                }
                if let control = sequence.control { apply(control, to: &cells, column: &column) }
                i += sequence.length
            default:
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                let next = min(i + length, range.upperBound)
                if byte >= 0x20 || byte == UInt8(ascii: "\t") { write(text[i..<next]) }
                i = next
            }
        }
        return cells.flatMap { $0 }
    }

    /// The erasing and cursor-moving sequences progress bars use.
    private static func apply(_ control: TerminalEscape.ControlSequence, to cells: inout [ArraySlice<UInt8>], column: inout Int) {
        let number = Int(String(decoding: control.parameters, as: UTF8.self)).map { min($0, 1 << 20) }
        switch control.final {
        case UInt8(ascii: "K"):
            switch number ?? 0 {
            case 0: if column < cells.count { cells.removeSubrange(column...) }
            case 1: for index in 0..<min(column + 1, cells.count) { cells[index] = [UInt8(ascii: " ")][...] }
            default: cells.removeAll()
            }
        case UInt8(ascii: "G"):
            column = max(0, (number ?? 1) - 1)
        case UInt8(ascii: "C"):
            column += max(1, number ?? 1)
        case UInt8(ascii: "D"):
            column = max(0, column - max(1, number ?? 1))
        default:
            break
        }
    }
}
