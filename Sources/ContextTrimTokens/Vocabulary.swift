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
        case malformed(line: Int)

        var description: String {
            switch self {
            case .unreadable(let path): return "cannot read the vocabulary \(path)"
            case .notGzip: return "the vocabulary is not gzip data"
            case .malformed(let line): return "the vocabulary is malformed at line \(line)"
            }
        }
    }

    /// Reads a gzip-compressed tiktoken file.
    init(contentsOf url: URL) throws {
        guard let compressed = FileManager.default.contents(atPath: url.path) else { throw LoadError.unreadable(url.path) }
        try self.init(tiktoken: try Self.gunzip([UInt8](compressed)))
    }

    /// Parses tiktoken's text format.
    init(tiktoken text: [UInt8]) throws {
        var bytes: [UInt8] = []
        var byRank: [Int: Range<Int>] = [:]
        var lineNumber = 0
        var start = 0
        while start < text.count {
            lineNumber += 1
            var end = start
            while end < text.count && text[end] != UInt8(ascii: "\n") { end += 1 }
            defer { start = end + 1 }
            guard end > start else { continue }
            guard let space = text[start..<end].firstIndex(of: UInt8(ascii: " ")),
                  let token = Base64.decode(text[start..<space]),
                  let rank = Int(String(decoding: text[(space + 1)..<end], as: UTF8.self)), rank >= 0 else {
                throw LoadError.malformed(line: lineNumber)
            }
            byRank[rank] = bytes.count..<bytes.count + token.count
            bytes += token
        }
        let count = (byRank.keys.max() ?? -1) + 1
        guard byRank.count == count else { throw LoadError.malformed(line: lineNumber) }
        var spans = [Range<Int>](repeating: 0..<0, count: count)
        for (rank, span) in byRank { spans[rank] = span }
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
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }
}
