/// Decodes JSON string contents, encodes replacement text, and maps offsets in
/// decoded text back to raw bytes so that an edit can replace part of a string
/// while every byte around it, escapes included, stays as the client wrote it.
public enum JSONStringCodec {
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Decodes the raw content of a validated JSON string (no quotes) to
    /// UTF-8. A lone surrogate escape becomes U+FFFD.
    public static func decode(_ raw: ArraySlice<UInt8>, hasEscapes: Bool) -> [UInt8] {
        guard hasEscapes else { return Array(raw) }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            // Copy the run up to the next backslash in one go.
            let run = raw[i...].firstIndex(of: UInt8(ascii: "\\")) ?? raw.endIndex
            output.append(contentsOf: raw[i..<run])
            guard run < raw.endIndex else { break }
            let escape = decodeEscape(raw, at: run)
            appendUTF8(escape.scalar, to: &output)
            i = run + escape.length
        }
        return output
    }

    /// The scalar an escape sequence at `i` stands for, and its raw length
    /// (12 for a surrogate pair written as two `\u` escapes).
    static func decodeEscape(_ raw: ArraySlice<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        switch raw[i + 1] {
        case UInt8(ascii: "b"): return (0x08, 2)
        case UInt8(ascii: "f"): return (0x0C, 2)
        case UInt8(ascii: "n"): return (0x0A, 2)
        case UInt8(ascii: "r"): return (0x0D, 2)
        case UInt8(ascii: "t"): return (0x09, 2)
        case UInt8(ascii: "u"): break
        default: return (UInt32(raw[i + 1]), 2)
        }
        let unit = hex4(raw, at: i + 2)
        if (0xD800...0xDBFF).contains(unit), i + 11 < raw.endIndex,
           raw[i + 6] == UInt8(ascii: "\\"), raw[i + 7] == UInt8(ascii: "u") {
            let low = hex4(raw, at: i + 8)
            if (0xDC00...0xDFFF).contains(low) {
                return (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), 12)
            }
        }
        if (0xD800...0xDFFF).contains(unit) { return (0xFFFD, 6) }
        return (unit, 6)
    }

    private static func hex4(_ raw: ArraySlice<UInt8>, at i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 4 | UInt32(hexValue(raw[i + k]) ?? 0) }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Encodes text as the content of a JSON string (no quotes): quote,
    /// backslash and control characters escaped, everything else as UTF-8.
    public static func encode(_ text: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                output += Array("\\u00".utf8)
                output += Array(String(byte, radix: 16).leftPadded(to: 2).utf8)
            default: output.append(byte)
            }
        }
        return output
    }

    /// Maps offsets in the decoded text of a string to absolute offsets in the
    /// document. `raw` is the string's raw content slice; `decodedOffsets`
    /// must be ascending. An offset that falls inside the output of one escape
    /// maps to the start of that escape.
    public static func rawOffsets(in raw: ArraySlice<UInt8>, hasEscapes: Bool, decodedOffsets: [Int]) -> [Int] {
        guard hasEscapes else { return decodedOffsets.map { raw.startIndex + $0 } }
        var result: [Int] = []
        result.reserveCapacity(decodedOffsets.count)
        var wanted = decodedOffsets.makeIterator()
        var target = wanted.next()
        var decoded = 0
        var i = raw.startIndex
        while let goal = target {
            if decoded >= goal || i >= raw.endIndex {
                result.append(i)
                target = wanted.next()
                continue
            }
            if raw[i] == UInt8(ascii: "\\") {
                let escape = decodeEscape(raw, at: i)
                decoded += utf8Length(escape.scalar)
                i += escape.length
            } else {
                decoded += 1
                i += 1
            }
        }
        return result
    }

    private static func utf8Length(_ scalar: UInt32) -> Int {
        switch scalar {
        case 0..<0x80: return 1
        case 0x80..<0x800: return 2
        case 0x800..<0x10000: return 3
        default: return 4
        }
    }
}
