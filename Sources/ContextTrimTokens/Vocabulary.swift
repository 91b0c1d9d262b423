import CXXHash
import CZlib
import Foundation

/// A byte-pair-encoding vocabulary: every token's bytes and its rank (its
/// id, and the order in which merges apply). Loaded once from tiktoken's
/// file format, `base64(bytes) SP rank LF`, gzip-compressed.
///
/// Lookups of arbitrary byte strings are what BPE does most, so the ranks
/// sit in an open-addressing table keyed by the bytes' XXH3 hash, and a hit
/// is confirmed against the token's bytes.
struct Vocabulary: Sendable {
    /// All tokens' bytes end to end; token `rank` spans `spans[rank]`.
    private let bytes: [UInt8]
    private let spans: [Range<Int>]
    /// Slot to rank + 1 (0 when empty); a power of two in size.
    private let slots: [Int32]

    /// What went wrong reading a vocabulary file.
    enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        case notGzip
        case malformed(line: Int, reason: String)
        /// Every rank from 0 up must have its token.
        case missingRank(Int)

        var description: String {
            switch self {
            case .unreadable(let path): return "cannot read the vocabulary \(path)"
            case .notGzip: return "the vocabulary is not gzip data"
            case .malformed(let line, let reason): return "the vocabulary is malformed at line \(line): \(reason)"
            case .missingRank(let rank): return "the vocabulary has no token of rank \(rank)"
            }
        }
    }

    /// Reads a gzip-compressed tiktoken file.
    init(contentsOf url: URL) throws {
        guard let compressed = FileManager.default.contents(atPath: url.path) else { throw LoadError.unreadable(url.path) }
        try self.init(tiktoken: try Self.gunzip([UInt8](compressed)))
    }

    /// Parses tiktoken's text format.
    /// It runs at every counting process's start: each token is decoded
    /// straight into `bytes`, its rank read from the digits, and ranks that
    /// come in order (as tiktoken writes them) need no table of their own.
    init(tiktoken text: [UInt8]) throws {
        var byRank: [Range<Int>?] = []
        byRank.reserveCapacity(text.count / 8)
        var malformed: LoadError?
        var lineNumber = 0
        // Each line takes at least 7 bytes (`AAAA 0` and a newline), so no
        // file of this size holds every rank below this one: a rank past it
        // is refused before it can size the table.
        let rankLimit = (text.count + 1) / 7
        // Base64 never grows: the tokens fit in the text's size.
        let bytes = [UInt8](unsafeUninitializedCapacity: max(text.count, 1)) { output, written in
            text.withUnsafeBufferPointer { input in
                var start = 0
                while start < input.count {
                    lineNumber += 1
                    var end = start
                    while end < input.count && input[end] != UInt8(ascii: "\n") { end += 1 }
                    defer { start = end + 1 }
                    guard end > start else { continue }
                    var space = start
                    while space < end && input[space] != UInt8(ascii: " ") { space += 1 }
                    guard space < end, let rank = Self.number(UnsafeBufferPointer(rebasing: input[(space + 1)..<end])) else {
                        malformed = .malformed(line: lineNumber, reason: "not a token, a space and a rank")
                        return
                    }
                    guard let count = Base64.decode(UnsafeBufferPointer(rebasing: input[start..<space]), into: output.baseAddress! + written) else {
                        malformed = .malformed(line: lineNumber, reason: "the token is not base64 of one or more bytes")
                        return
                    }
                    guard rank < rankLimit else {
                        malformed = .malformed(line: lineNumber, reason: "rank \(rank) is more than a file of this size can hold")
                        return
                    }
                    if rank == byRank.count {
                        byRank.append(written..<written + count)
                    } else {
                        if rank > byRank.count { byRank.append(contentsOf: repeatElement(nil, count: rank - byRank.count + 1)) }
                        guard byRank[rank] == nil else {
                            malformed = .malformed(line: lineNumber, reason: "rank \(rank) is given twice")
                            return
                        }
                        byRank[rank] = written..<written + count
                    }
                    written += count
                }
            }
        }
        if let malformed { throw malformed }
        if let missing = byRank.firstIndex(where: { $0 == nil }) { throw LoadError.missingRank(missing) }
        let spans = byRank.map { $0! }
        let count = spans.count
        var capacity = 1
        while capacity < count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        bytes.withUnsafeBufferPointer { all in
            for (rank, span) in spans.enumerated() {
                var slot = Int(truncatingIfNeeded: XXH3_64bits(all.baseAddress! + span.lowerBound, span.count)) & (capacity - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = Int32(rank + 1)
            }
        }
        self.bytes = bytes
        self.spans = spans
        self.slots = slots
    }

    /// A rank: decimal digits, nothing else (at most 9 of them).
    private static func number(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    /// The number of tokens.
    var count: Int { spans.count }

    /// The rank of the token whose bytes are `base[range]`, if there is one.
    func rank(of base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int? {
        let length = range.count
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: XXH3_64bits(base + range.lowerBound, length)) & mask
        return bytes.withUnsafeBufferPointer { all in
            while slots[slot] != 0 {
                let rank = Int(slots[slot]) - 1
                let span = spans[rank]
                if span.count == length && memcmp(all.baseAddress! + span.lowerBound, base + range.lowerBound, length) == 0 {
                    return rank
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Inflates gzip data with zlib.
    static func gunzip(_ data: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw LoadError.notGzip }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        data.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output += buffer[0..<(buffer.count - Int(stream.avail_out))]
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw LoadError.notGzip }
        return output
    }
}

/// Standard base64 (RFC 4648, with padding), as tiktoken files write tokens.
enum Base64 {
    /// Decodes `text` into `output`: the number of bytes written, or nil
    /// when it is not the canonical base64 of one or more bytes (RFC 4648:
    /// groups of four, `=` only as the last one or two, unused bits zero).
    /// `output` has room for as many bytes as `text` has.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        guard !text.isEmpty, text.count % 4 == 0 else { return nil }
        var buffer: UInt32 = 0
        var bits = 0
        var written = 0
        var padded = 0
        for (index, byte) in text.enumerated() {
            let value = values[Int(byte)]
            if value == padding {
                guard index >= text.count - 2 else { return nil }
                padded += 1
                continue
            }
            guard value != invalid, padded == 0 else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output[written] = UInt8(truncatingIfNeeded: buffer >> UInt32(bits))
                written += 1
            }
        }
        guard buffer & (1 << UInt32(bits) - 1) == 0 else { return nil }
        return written
    }

    private static let invalid: UInt8 = 0xFF
    private static let padding: UInt8 = 0xFE

    /// Each byte's six bits, or `invalid`, or `padding` for `=`.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { table[Int(byte)] = UInt8(value) }
        table[Int(UInt8(ascii: "="))] = padding
        return table
    }()
}
