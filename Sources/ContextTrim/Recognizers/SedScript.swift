/// Whether a sed script only prints, deletes and substitutes lines of its
/// input: none of the commands that read a file into the output (`r`, `R`),
/// write one (`w`, `W`), or run a command (`e`, the `s///e` flag). Read the
/// way sed reads it: addresses, then one command letter, its arguments.
enum SedScript {
    static func onlyEditsLines(_ script: String) -> Bool {
        let bytes = Array(script.utf8)
        var index = 0
        func skipRegex(until delimiter: UInt8) {
            while index < bytes.count, bytes[index] != delimiter {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            index += 1
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: ";"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "!"), UInt8(ascii: ","), UInt8(ascii: "$"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            case UInt8(ascii: "/"):
                skipRegex(until: byte)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return false }
                index += 1
                skipRegex(until: bytes[index - 1])
            case UInt8(ascii: "s"), UInt8(ascii: "y"):
                guard index < bytes.count else { return false }
                let delimiter = bytes[index]
                index += 1
                skipRegex(until: delimiter)
                skipRegex(until: delimiter)
                if byte == UInt8(ascii: "s") {
                    while index < bytes.count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "}") {
                        if bytes[index] == UInt8(ascii: "w") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "W") { return false }
                        index += 1
                    }
                }
            case UInt8(ascii: "a"), UInt8(ascii: "i"), UInt8(ascii: "c"):
                // Text, to the end of the line.
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: ":"):
                // A label, which GNU sed ends at blanks, `;` and `}`: what
                // follows is read as commands (`:a r secret.txt` reads a file).
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
                while index < bytes.count, !labelEnds.contains(bytes[index]) { index += 1 }
            default:
                guard harmless.contains(byte) else { return false }
            }
        }
        return true
    }

    private static let labelEnds = Set(" \t\n;}".utf8)

    /// Print, delete, quit, next line, hold space, line number, list, and
    /// the `I` and `M` flags of a regex address.
    private static let harmless = Set("pdqQnNgGhHxlPDz=FIM".utf8)
}
