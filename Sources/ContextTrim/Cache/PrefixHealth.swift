/// What the report says of a request's cache-eligible prefix: the tool
/// definitions and the system prompt or instructions, which every request of
/// a session should send byte for byte the same. It names their size and
/// warns about content that changes from request to request and so defeats
/// the provider's cache: timestamps, UUIDs, JWTs and long hashes.
public struct PrefixHealth: Sendable, Codable, Equatable {
    /// The blocks of the stable prefix (tools, system blocks, instructions).
    public var blocks: Int
    public var bytes: Int
    /// Its tokens, when a counter was given.
    public var tokens: Int?
    /// Where volatile content stands, e.g. `a UUID in system[1]`.
    public var warnings: [String]

    /// The stable prefix of a request in `format`.
    public init(_ document: JSONDocument, format: WireFormat, counter: (any TokenCounting)?) {
        let parts = PromptParts.stable(document.root, format: format)
        blocks = parts.count
        bytes = parts.reduce(0) { $0 + $1.value.span.count }
        tokens = counter.map { counter in parts.reduce(0) { $0 + ReadText.tokens(of: $1, counter: counter) } }
        warnings = parts.flatMap { part in
            VolatileContent.kinds(in: document.bytes[part.value.span]).map { "\($0) in \(part.location)" }
        }
    }
}

/// Content that differs from one request to the next, found by its shape in
/// raw bytes: what makes a prefix miss the cache every time.
enum VolatileContent {
    /// The kinds found in `bytes`, each named once, in a fixed order.
    static func kinds(in bytes: ArraySlice<UInt8>) -> [String] {
        var found: [String] = []
        if containsTimestamp(bytes) { found.append("a timestamp") }
        if containsUUID(bytes) { found.append("a UUID") }
        if containsJWT(bytes) { found.append("a JWT") }
        if containsLongHex(bytes) { found.append("a hash") }
        return found
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// `2026-11-24T08:40` or `2026-11-24 08:40`: a date with a time of day.
    private static func containsTimestamp(_ bytes: ArraySlice<UInt8>) -> Bool {
        let shape = Array("dddd-dd-ddXdd:dd".utf8)
        return matches(bytes, length: shape.count) { byte, k in
            switch shape[k] {
            case UInt8(ascii: "d"): return isDigit(byte)
            case UInt8(ascii: "X"): return byte == UInt8(ascii: "T") || byte == UInt8(ascii: " ")
            default: return byte == shape[k]
            }
        }
    }

    /// `123e4567-e89b-12d3-a456-426614174000`.
    private static func containsUUID(_ bytes: ArraySlice<UInt8>) -> Bool {
        let dashes: Set<Int> = [8, 13, 18, 23]
        return matches(bytes, length: 36) { byte, k in dashes.contains(k) ? byte == UInt8(ascii: "-") : isHex(byte) }
    }

    /// A JSON Web Token: `eyJ` (a base64url `{"`) twice, joined by a dot.
    private static func containsJWT(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let start = bytes.firstRange(of: Array("eyJ".utf8))?.lowerBound else { return false }
        var i = start + 3
        while i < bytes.endIndex, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "_") || isHex(bytes[i]) || (bytes[i] | 0x20 >= UInt8(ascii: "a") && bytes[i] | 0x20 <= UInt8(ascii: "z")) {
            i += 1
        }
        return i + 4 <= bytes.endIndex && bytes[i] == UInt8(ascii: ".") && bytes[(i + 1)...].starts(with: Array("eyJ".utf8))
    }

    /// Thirty-two hex digits or more in a row (an MD5, a SHA, a commit id in full).
    private static func containsLongHex(_ bytes: ArraySlice<UInt8>) -> Bool {
        var run = 0
        var hasLetter = false, hasDigit = false
        for byte in bytes {
            if isHex(byte) {
                run += 1
                if isDigit(byte) { hasDigit = true } else { hasLetter = true }
                if run >= 32 && hasLetter && hasDigit { return true }
            } else {
                run = 0
                hasLetter = false
                hasDigit = false
            }
        }
        return false
    }

    /// Whether some window of `length` bytes satisfies `test` at each offset.
    private static func matches(_ bytes: ArraySlice<UInt8>, length: Int, _ test: (UInt8, Int) -> Bool) -> Bool {
        guard bytes.count >= length else { return false }
        var start = bytes.startIndex
        while start + length <= bytes.endIndex {
            var k = 0
            while k < length && test(bytes[start + k], k) { k += 1 }
            if k == length { return true }
            start += 1
        }
        return false
    }
}
