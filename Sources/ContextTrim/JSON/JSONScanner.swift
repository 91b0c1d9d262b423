/// Validates RFC 8259 JSON in one pass and records where every value stands.
///
/// The scanner builds no tree of objects: it fills a flat tape of `JSONNode`s
/// (kind and byte span of each value) that the format adapters walk, so the
/// original bytes stay the only copy of the content and untouched bytes can be
/// passed through exactly. It is iterative, so hostile nesting cannot overflow
/// the stack; nesting beyond `maximumDepth` is rejected.
public enum JSONScanner {
    /// The deepest nesting of arrays and objects accepted. Real requests stay
    /// far below it (tool schemas nest a few dozen levels at most).
    public static let maximumDepth = 512
    /// The largest input accepted: offsets on the tape are 32-bit.
    public static let maximumSize = Int(UInt32.max) - 1

    /// Scans `bytes`, which must hold exactly one JSON value (any kind) with
    /// optional surrounding whitespace.
    public static func scan(_ bytes: [UInt8]) throws(JSONError) -> JSONDocument {
        guard bytes.count <= maximumSize else {
            throw JSONError(.tooLarge(limit: maximumSize), at: 0)
        }
        let nodes: [JSONNode]
        do {
            nodes = try bytes.withUnsafeBufferPointer { buffer in
                var scanner = Scanner(buffer)
                return try scanner.scanDocument()
            }
        } catch let error as JSONError {
            throw error
        } catch {
            preconditionFailure("the scanner throws only JSONError")
        }
        return JSONDocument(bytes: bytes, nodes: nodes)
    }
}

private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let count: Int
    var nodes: [JSONNode] = []
    /// Tape indices of the containers that are open, innermost last.
    var open: [Int] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.count = bytes.count
        nodes.reserveCapacity(max(16, bytes.count / 24))
    }

    mutating func scanDocument() throws -> [JSONNode] {
        var i = skipWhitespace(0)
        guard i < count else { throw JSONError(count == 0 ? .empty : .truncated, at: i) }
        while true {
            let step = try scanValue(at: i)
            if step.opened {
                i = step.offset
                continue
            }
            i = try scanAfterValue(at: step.offset)
            if open.isEmpty { return nodes }
        }
    }

    /// Scans the value starting at `start`. A scalar or an empty container is
    /// complete: the offset after it is returned. A non-empty container is left
    /// open (`opened`), and the offset is where its first value starts.
    private mutating func scanValue(at start: Int) throws -> (offset: Int, opened: Bool) {
        guard start < count else { throw JSONError(.truncated, at: start) }
        switch bytes[start] {
        case UInt8(ascii: "{"):
            try openContainer(.object, at: start)
            let i = skipWhitespace(start + 1)
            guard i < count else { throw JSONError(.truncated, at: i) }
            if bytes[i] == UInt8(ascii: "}") { return (closeContainer(at: i), false) }
            return (try scanKey(at: i), true)
        case UInt8(ascii: "["):
            try openContainer(.array, at: start)
            let i = skipWhitespace(start + 1)
            guard i < count else { throw JSONError(.truncated, at: i) }
            if bytes[i] == UInt8(ascii: "]") { return (closeContainer(at: i), false) }
            return (i, true)
        case UInt8(ascii: "\""):
            return (try scanString(at: start), false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return (try scanNumber(at: start), false)
        case UInt8(ascii: "t"):
            return (try scanLiteral("true", kind: .true, at: start), false)
        case UInt8(ascii: "f"):
            return (try scanLiteral("false", kind: .false, at: start), false)
        case UInt8(ascii: "n"):
            return (try scanLiteral("null", kind: .null, at: start), false)
        default:
            throw JSONError(.unexpectedByte(bytes[start]), at: start)
        }
    }

    /// After a value: consumes separators and closing brackets until the next
    /// value starts, or the document ends. Returns where the next value starts.
    private mutating func scanAfterValue(at start: Int) throws -> Int {
        var i = start
        while true {
            i = skipWhitespace(i)
            guard let container = open.last else {
                guard i == count else { throw JSONError(.trailingContent, at: i) }
                return i
            }
            guard i < count else { throw JSONError(.truncated, at: i) }
            let byte = bytes[i]
            let isObject = nodes[container].kind == .object
            if byte == UInt8(ascii: ",") {
                i = skipWhitespace(i + 1)
                return isObject ? try scanKey(at: i) : i
            }
            guard byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                throw JSONError(.unexpectedByte(byte), at: i)
            }
            i = closeContainer(at: i)
        }
    }

    /// Scans `"key" :` and the whitespace after it.
    private mutating func scanKey(at start: Int) throws -> Int {
        guard start < count else { throw JSONError(.truncated, at: start) }
        guard bytes[start] == UInt8(ascii: "\"") else { throw JSONError(.unexpectedByte(bytes[start]), at: start) }
        var i = skipWhitespace(try scanString(at: start))
        guard i < count else { throw JSONError(.truncated, at: i) }
        guard bytes[i] == UInt8(ascii: ":") else { throw JSONError(.unexpectedByte(bytes[i]), at: i) }
        i = skipWhitespace(i + 1)
        return i
    }

    private mutating func openContainer(_ kind: JSONKind, at offset: Int) throws {
        guard open.count < JSONScanner.maximumDepth else {
            throw JSONError(.tooDeep(limit: JSONScanner.maximumDepth), at: offset)
        }
        open.append(nodes.count)
        nodes.append(JSONNode(kind: kind, flags: 0, start: UInt32(offset), end: 0, next: 0))
    }

    private mutating func closeContainer(at offset: Int) -> Int {
        let index = open.removeLast()
        nodes[index].end = UInt32(offset + 1)
        nodes[index].next = UInt32(nodes.count)
        return offset + 1
    }

    private mutating func appendScalar(_ kind: JSONKind, flags: UInt8 = 0, from start: Int, to end: Int) {
        let index = nodes.count
        nodes.append(JSONNode(kind: kind, flags: flags, start: UInt32(start), end: UInt32(end), next: UInt32(index + 1)))
    }

    private func skipWhitespace(_ start: Int) -> Int {
        var i = start
        while i < count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return i
            }
        }
        return i
    }

    private mutating func scanLiteral(_ literal: StaticString, kind: JSONKind, at start: Int) throws -> Int {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for k in 0..<expected.count {
            let i = start + k
            guard i < count else { throw JSONError(.truncated, at: i) }
            guard bytes[i] == expected[k] else { throw JSONError(.unexpectedByte(bytes[i]), at: i) }
        }
        appendScalar(kind, from: start, to: start + expected.count)
        return start + expected.count
    }

    private mutating func scanNumber(at start: Int) throws -> Int {
        var i = start
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < count else { throw JSONError(.truncated, at: i) }
        switch bytes[i] {
        case UInt8(ascii: "0"): i += 1
        case UInt8(ascii: "1")...UInt8(ascii: "9"): i = skipDigits(i + 1)
        default: throw JSONError(.invalidNumber, at: i)
        }
        if i < count && bytes[i] == UInt8(ascii: ".") {
            i = try requireDigits(i + 1)
        }
        if i < count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            i = try requireDigits(i)
        }
        appendScalar(.number, from: start, to: i)
        return i
    }

    private func requireDigits(_ start: Int) throws -> Int {
        guard start < count else { throw JSONError(.truncated, at: start) }
        guard isDigit(bytes[start]) else { throw JSONError(.invalidNumber, at: start) }
        return skipDigits(start + 1)
    }

    private func skipDigits(_ start: Int) -> Int {
        var i = start
        while i < count && isDigit(bytes[i]) { i += 1 }
        return i
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private mutating func scanString(at start: Int) throws -> Int {
        var i = start + 1
        var flags: UInt8 = 0
        while true {
            i = skipPlainASCII(i)
            guard i < count else { throw JSONError(.truncated, at: i) }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                appendScalar(.string, flags: flags, from: start, to: i + 1)
                return i + 1
            } else if byte == UInt8(ascii: "\\") {
                flags |= JSONNode.hasEscapes
                if i + 1 < count && bytes[i + 1] == UInt8(ascii: "u") { flags |= JSONNode.hasUnicodeEscapes }
                i = try scanEscape(at: i)
            } else if byte < 0x20 {
                throw JSONError(.controlCharacterInString(byte), at: i)
            } else {
                i = try scanUTF8Sequence(at: i)
            }
        }
    }

    /// Skips bytes that need no attention inside a string: printable ASCII
    /// other than the quote and the backslash. Sixteen, then eight bytes at a
    /// time where it can (SWAR; measured faster here than SIMD16 compares).
    @inline(__always)
    private func skipPlainASCII(_ start: Int) -> Int {
        var i = start
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while i + 16 <= count {
            let first = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let second = base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            if needsAttention(first) || needsAttention(second) { break }
            i += 16
        }
        while i + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if needsAttention(word) { break }
            i += 8
        }
        while i < count && !needsAttention(bytes[i]) { i += 1 }
        return i
    }

    private func needsAttention(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// True when any byte of `word` is below 0x20, at or above 0x80, a quote or
    /// a backslash (the classic has-zero-byte test applied to each case).
    @inline(__always)
    private func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let belowSpace = (word &- ones &* 0x20) & ~word & highs
        let quote = hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\""))))
        let backslash = hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\\"))))
        return belowSpace != 0 || word & highs != 0 || quote || backslash
    }

    @inline(__always)
    private func scanEscape(at start: Int) throws -> Int {
        let i = start + 1
        guard i < count else { throw JSONError(.truncated, at: i) }
        switch bytes[i] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 1
        case UInt8(ascii: "u"):
            for k in 1...4 {
                guard i + k < count else { throw JSONError(.truncated, at: i + k) }
                guard JSONStringCodec.hexValue(bytes[i + k]) != nil else {
                    throw JSONError(.invalidUnicodeEscape, at: start)
                }
            }
            return i + 5
        default:
            throw JSONError(.invalidEscape, at: start)
        }
    }

    /// Validates one multi-byte UTF-8 sequence (Unicode Table 3-7: no overlong
    /// forms, no surrogates, nothing above U+10FFFF) and returns its end.
    @inline(__always)
    private func scanUTF8Sequence(at start: Int) throws -> Int {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw JSONError(.invalidUTF8, at: start)
        }
        for k in 1..<length {
            guard start + k < count else { throw JSONError(.truncated, at: start + k) }
            let range = k == 1 ? secondRange : 0x80...0xBF
            guard range.contains(bytes[start + k]) else { throw JSONError(.invalidUTF8, at: start) }
        }
        return start + length
    }
}
