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

    public static func isBinary(_ bytes: some Collection<UInt8>) -> Bool {
        var characters = 0
        var suspicious = 0
        var index = bytes.startIndex
        var seen = 0
        while index != bytes.endIndex && seen < window {
            let byte = bytes[index]
            if byte == 0 { return true }
            if byte < 0x20 {
                switch byte {
                case 0x09, 0x0A, 0x0D, 0x0C, 0x08, 0x1B: break
                default: suspicious += 1
                }
            } else if byte == 0xEF {
                let second = bytes.index(after: index)
                if second != bytes.endIndex, bytes[second] == 0xBF {
                    let third = bytes.index(after: second)
                    if third != bytes.endIndex, bytes[third] == 0xBD { suspicious += 1 }
                }
            }
            if byte & 0xC0 != 0x80 { characters += 1 }
            index = bytes.index(after: index)
            seen += 1
        }
        return characters > 0 && Double(suspicious) > Double(characters) * suspiciousShare
    }
}
