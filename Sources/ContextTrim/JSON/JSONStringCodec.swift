#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        decode(raw, hasEscapes: hasEscapes, mappingLineFeeds: false).bytes
    }

    /// Decodes like `decode`, and maps where each line feed came from.
    public static func decodeMapped(_ raw: ArraySlice<UInt8>, hasEscapes: Bool) -> (bytes: [UInt8], map: RawOffsetMap) {
        decode(raw, hasEscapes: hasEscapes, mappingLineFeeds: true)
    }

    private static func decode(_ raw: ArraySlice<UInt8>, hasEscapes: Bool, mappingLineFeeds: Bool) -> (bytes: [UInt8], map: RawOffsetMap) {
        guard hasEscapes, !raw.isEmpty else { return (Array(raw), RawOffsetMap(decodedCount: raw.count)) }
        // Line feed offsets are 32-bit; a longer string is walked from its start.
        let mappingLineFeeds = mappingLineFeeds && raw.count <= Int(Int32.max)
        var lineFeeds: [RawOffsetMap.LineFeed] = []
        // Decoded text is never longer than its escaped form.
        let bytes = [UInt8](unsafeUninitializedCapacity: raw.count) { output, count in
            raw.withUnsafeBufferPointer { input in
                let source = input.baseAddress!, target = output.baseAddress!
                var i = 0
                var o = 0
                while i < input.count {
                    // Copy eight bytes at a time until one is a backslash: the
                    // store may run past it, but never past the output (o <= i).
                    while i + 8 <= input.count {
                        UnsafeMutableRawPointer(target + o).storeBytes(of: UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self), as: UInt64.self)
                        if let found = ByteSearch.firstIndex(of: UInt8(ascii: "\\"), inWordAt: source + i) {
                            i += found
                            o += found
                            break
                        }
                        i += 8
                        o += 8
                    }
                    while i < input.count && source[i] != UInt8(ascii: "\\") {
                        target[o] = source[i]
                        i += 1
                        o += 1
                    }
                    guard i < input.count else { break }
                    let simple = simpleEscape(source[i + 1])
                    if simple != 0xFF {
                        if mappingLineFeeds && simple == 0x0A {
                            lineFeeds.append(RawOffsetMap.LineFeed(decoded: Int32(o), raw: Int32(i)))
                        }
                        target[o] = simple
                        o += 1
                        i += 2
                        continue
                    }
                    let escape = decodeUnicodeEscape(raw, at: raw.startIndex + i)
                    if mappingLineFeeds && escape.scalar == 0x0A {
                        lineFeeds.append(RawOffsetMap.LineFeed(decoded: Int32(o), raw: Int32(i)))
                    }
                    o += writeUTF8(escape.scalar, to: target + o)
                    i += escape.length
                }
                count = o
            }
        }
        return (bytes, RawOffsetMap(decodedCount: bytes.count, lineFeeds: lineFeeds))
    }

    /// The byte a two-character escape stands for (`\n` is a line feed), or
    /// 0xFF for `\u`, which `decodeUnicodeEscape` reads.
    @inline(__always)
    private static func simpleEscape(_ letter: UInt8) -> UInt8 {
        switch letter {
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "u"): return 0xFF
        default: return letter
        }
    }

    /// The scalar a `\u` escape at `i` stands for, and its raw length (12
    /// for a surrogate pair written as two escapes). Two-character escapes
    /// are `simpleEscape`'s.
    static func decodeUnicodeEscape(_ raw: ArraySlice<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
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

    /// Writes a scalar's UTF-8 bytes and returns how many.
    static func writeUTF8(_ scalar: UInt32, to output: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            output[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[0] = UInt8(0xC0 | scalar >> 6)
            output[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[0] = UInt8(0xE0 | scalar >> 12)
            output[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[0] = UInt8(0xF0 | scalar >> 18)
            output[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }

    /// Whether a byte stands for itself in a JSON string: no quote,
    /// backslash or control character, which must be escaped.
    static func standsForItself(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Encodes text as the content of a JSON string (no quotes): quote,
    /// backslash and control characters escaped, everything else as UTF-8.
    public static func encode(_ text: some Sequence<UInt8>) -> [UInt8] {
        // Stubs and pointers rarely hold anything to escape: then they are copied whole.
        if let plain = text.withContiguousStorageIfAvailable({ bytes in
            bytes.allSatisfy(standsForItself) ? Array(bytes) : nil
        }), let plain {
            return plain
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.underestimatedCount + 8)
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
    /// maps to the end of that escape.
    /// A `map` from `decodeMapped` lets the end map without a walk, and each
    /// offset be walked to from the line feed before it.
    public static func rawOffsets(in raw: ArraySlice<UInt8>, hasEscapes: Bool, decodedOffsets: [Int], map: RawOffsetMap? = nil) -> [Int] {
        guard hasEscapes else { return decodedOffsets.map { raw.startIndex + $0 } }
        var result: [Int] = []
        result.reserveCapacity(decodedOffsets.count)
        let lineFeeds = map?.lineFeeds ?? []
        var nextLineFeed = 0
        var decoded = 0
        var i = raw.startIndex
        for goal in decodedOffsets {
            if goal == map?.decodedCount {
                result.append(raw.endIndex)
                continue
            }
            // Start from the last line feed at or before the goal, if that is ahead.
            while nextLineFeed < lineFeeds.count && Int(lineFeeds[nextLineFeed].decoded) <= goal { nextLineFeed += 1 }
            if nextLineFeed > 0, case let lineFeed = lineFeeds[nextLineFeed - 1], Int(lineFeed.decoded) > decoded {
                decoded = Int(lineFeed.decoded)
                i = raw.startIndex + Int(lineFeed.raw)
            }
            while decoded < goal && i < raw.endIndex {
                // Up to the next backslash, raw and decoded bytes are one to one.
                let run = nextBackslash(in: raw, from: i)
                let step = min(run - i, goal - decoded)
                if step > 0 {
                    i += step
                    decoded += step
                    continue
                }
                if raw[i + 1] != UInt8(ascii: "u") {
                    decoded += 1
                    i += 2
                    continue
                }
                let escape = decodeUnicodeEscape(raw, at: i)
                decoded += utf8Length(escape.scalar)
                i += escape.length
            }
            result.append(i)
        }
        return result
    }

    /// The offset of the next backslash at or after `start`, or the end.
    private static func nextBackslash(in raw: ArraySlice<UInt8>, from start: Int) -> Int {
        raw.withUnsafeBufferPointer { buffer in
            raw.startIndex + ByteSearch.nextOffset(of: UInt8(ascii: "\\"), in: buffer.baseAddress!, from: start - raw.startIndex, to: buffer.count)
        }
    }

    private static func utf8Length(_ scalar: UInt32) -> Int {
        scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
    }
}
