/// Tells binary junk from text, whatever its path says.
///
/// Looks at the first `window` bytes, as git does: a NUL byte means binary;
/// otherwise, text where more than `suspiciousShare` of the characters are
/// U+FFFD (what a tool prints for bytes that are not UTF-8) or control
/// characters other than tab, line feed, carriage return, form feed, backspace
/// and escape (colored logs use it) is binary too, as `isbinaryfile`, which
/// repomix uses, decides.
public enum BinarySniffer {
    public static let window = 8000
    public static let suspiciousShare = 0.10

    /// Whether a JSON string could decode to binary: a NUL or a suspicious
    /// control character must be written `\u00XX` in JSON, and U+FFFD is
    /// either raw (EF BF BD) or an escape too.
    static func mayBeBinary(_ text: JSONValue) -> Bool {
        guard !text.hasUnicodeEscapes, let content = text.stringContentSpan else { return true }
        return text.document.bytes[content].contains(marker: replacementCharacter)
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    public static func isBinary(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isBinary($0) }
    }

    public static func isBinary(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isBinary($0) }
    }

    static func isBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.baseAddress != nil else { return false }
        let end = min(bytes.count, window)
        var characters = 0
        var suspicious = 0
        var i = 0
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while i < end {
            // Eight plain printable ASCII bytes at a time: nothing to count but characters.
            if i + 8 <= end {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                if word & highs == 0 && (word &- ones &* 0x20) & ~word & highs == 0 {
                    characters += 8
                    i += 8
                    continue
                }
            }
            let byte = bytes[i]
            if byte == 0 { return true }
            if byte < 0x20 {
                switch byte {
                case 0x09, 0x0A, 0x0D, 0x0C, 0x08, 0x1B: break
                default: suspicious += 1
                }
            } else if byte == 0xEF && i + 2 < bytes.count && bytes[i + 1] == 0xBF && bytes[i + 2] == 0xBD {
                suspicious += 1
            }
            if byte & 0xC0 != 0x80 { characters += 1 }
            i += 1
        }
        return characters > 0 && Double(suspicious) > Double(characters) * suspiciousShare
    }
}
