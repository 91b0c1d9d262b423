/// The escape sequences a terminal interprets rather than shows (ECMA-48):
/// CSI (`ESC [` parameters, intermediates, a final byte: colours, cursor
/// moves, erasing), OSC (`ESC ]` up to BEL or `ESC \`: window titles,
/// links) and the two- and three-byte `ESC` forms (`ESC 7`, `ESC ( B`).
enum TerminalEscape {
    static let escape: UInt8 = 0x1B

    /// The lines of `range` that still hold a carriage return inside them
    /// (not a `\r\n` end): overwrites the renderer would not shorten. The
    /// other transforms leave them whole, or trimming them again would
    /// render them differently.
    static func unrenderedLines(_ text: [UInt8], in range: Range<Int>) -> [Range<Int>] {
        text.lineRanges(in: range).filter { isUnrendered(text, $0) }
    }

    /// Whether a line (without its line feed) holds a carriage return before its last byte.
    static func isUnrendered(_ text: [UInt8], _ line: Range<Int>) -> Bool {
        text[text.withoutCarriageReturn(line)].contains(UInt8(ascii: "\r"))
    }

    /// A CSI sequence's final byte and its parameter bytes.
    struct ControlSequence {
        let final: UInt8
        let parameters: ArraySlice<UInt8>
    }

    /// The length of the escape sequence at `start` (an ESC), and its CSI
    /// parts when it is one; nil when the bytes there form no complete sequence.
    static func sequence(in text: [UInt8], at start: Int, before end: Int) -> (length: Int, control: ControlSequence?)? {
        guard start + 1 < end, text[start] == escape else { return nil }
        let kind = text[start + 1]
        switch kind {
        case UInt8(ascii: "["):
            var i = start + 2
            let parameters = i
            while i < end, (0x30...0x3F).contains(text[i]) { i += 1 }
            let parametersEnd = i
            while i < end, (0x20...0x2F).contains(text[i]) { i += 1 }
            guard i < end, (0x40...0x7E).contains(text[i]) else { return nil }
            return (i + 1 - start, ControlSequence(final: text[i], parameters: text[parameters..<parametersEnd]))
        case UInt8(ascii: "]"):
            var i = start + 2
            while i < end {
                if text[i] == 0x07 { return (i + 1 - start, nil) }
                if text[i] == escape { return i + 1 < end && text[i + 1] == UInt8(ascii: "\\") ? (i + 2 - start, nil) : nil }
                i += 1
            }
            return nil
        case 0x20...0x2F:
            // nF: intermediates, then a final byte (`ESC ( B` picks a character set).
            var i = start + 1
            while i < end, (0x20...0x2F).contains(text[i]) { i += 1 }
            guard i < end, (0x30...0x7E).contains(text[i]) else { return nil }
            return (i + 1 - start, nil)
        case 0x30...0x7E:
            return (2, nil)
        default:
            return nil
        }
    }
}
