/// Why a byte sequence is not RFC 8259 JSON, and the byte offset where that
/// became certain.
///
/// The filter prints it in one line (`invalid JSON at byte 812: ...`) and
/// passes the input through unchanged.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Sendable, Equatable {
        case empty
        case truncated
        case unexpectedByte(UInt8)
        case trailingContent
        case invalidEscape
        case invalidUnicodeEscape
        case controlCharacterInString(UInt8)
        case invalidUTF8
        case invalidNumber
        case tooDeep(limit: Int)
        case tooLarge(limit: Int)
    }

    public let reason: Reason
    /// Offset of the first byte that made the input invalid.
    public let offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        "invalid JSON at byte \(offset): \(explanation)"
    }

    private var explanation: String {
        switch reason {
        case .empty: return "the input is empty"
        case .truncated: return "the input ends before the JSON value is complete"
        case .unexpectedByte(let byte): return "unexpected \(Self.describe(byte))"
        case .trailingContent: return "content follows the end of the JSON value"
        case .invalidEscape: return "invalid escape sequence in a string"
        case .invalidUnicodeEscape: return "\\u must be followed by four hex digits"
        case .controlCharacterInString(let byte): return "unescaped control character \(Self.describe(byte)) in a string"
        case .invalidUTF8: return "invalid UTF-8"
        case .invalidNumber: return "malformed number"
        case .tooDeep(let limit): return "nesting deeper than \(limit) levels"
        case .tooLarge(let limit): return "input larger than \(limit) bytes"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }
}
