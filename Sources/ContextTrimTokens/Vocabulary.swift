import CXXHash
import Foundation

/// A byte-pair-encoding vocabulary: every token's bytes and its rank (its
/// id, and the order in which merges apply).
///
/// Lookups of arbitrary byte strings are what BPE does most, so the ranks
/// sit in an open-addressing table keyed by the bytes' XXH3 hash, and a hit
/// is confirmed against the token's bytes. The tokens, their ends and the
/// table are laid out in one buffer, the prepared form, which the product
/// ships and reads as it is (`init(contentsOf:)`): loading takes no decoding,
/// only a check. tiktoken's own file (`TiktokenFile`) is where it comes from.
///
/// The prepared form, little-endian, 4-byte aligned:
///
/// | offset | what |
/// |---|---|
/// | 0 | `ctxtrim-vocab-1` and a line feed (16 bytes) |
/// | 16 | UInt32 token count *n*, slot count *s* (a power of two above *n*), byte count *b*, 0 |
/// | 32 | UInt64 XXH3-64 of everything from offset 40 on |
/// | 40 | UInt32 × (*n* + 1): where each token's bytes start, then *b* |
/// | | UInt32 × *s*: slot to rank + 1, 0 when empty, by linear probing from the hash |
/// | | *b* bytes: every token's bytes, in rank order |
// The pointers point into `storage`, which this value keeps alive and nothing writes.
struct Vocabulary: @unchecked Sendable {
    private let storage: Storage
    private let starts: UnsafePointer<UInt32>
    private let slots: UnsafePointer<UInt32>
    private let bytes: UnsafePointer<UInt8>
    private let mask: Int
    /// The number of tokens.
    let count: Int

    /// What went wrong reading a vocabulary file.
    enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        case notGzip
        case malformed(line: Int, reason: String)
        /// Every rank from 0 up must have its token.
        case missingRank(Int)
        case notPrepared(String)

        var description: String {
            switch self {
            case .unreadable(let path): return "cannot read the vocabulary \(path)"
            case .notGzip: return "the vocabulary is not gzip data"
            case .malformed(let line, let reason): return "the vocabulary is malformed at line \(line): \(reason)"
            case .missingRank(let rank): return "the vocabulary has no token of rank \(rank)"
            case .notPrepared(let reason): return "the vocabulary is not a prepared one: \(reason)"
            }
        }
    }

    private static let magic = Array("ctxtrim-vocab-1\n".utf8)
    private static let headerSize = 40

    /// Reads a prepared vocabulary file, and checks it whole.
    init(contentsOf url: URL) throws {
        try self.init(storage: try Storage(reading: url.path))
    }

    /// Checks a prepared vocabulary held in memory.
    init(prepared: [UInt8]) throws {
        try self.init(storage: Storage(copying: prepared))
    }

    /// The vocabulary of these tokens, rank by rank (each one or more bytes).
    init(tokens: [UInt8], starts tokenStarts: [Int]) {
        let count = tokenStarts.count - 1
        var slotCount = 1
        while slotCount < count * 2 { slotCount *= 2 }
        var slots = [UInt32](repeating: 0, count: slotCount)
        tokens.withUnsafeBufferPointer { all in
            for rank in 0..<count {
                let start = tokenStarts[rank], length = tokenStarts[rank + 1] - start
                var slot = Int(truncatingIfNeeded: XXH3_64bits(all.baseAddress! + start, length)) & (slotCount - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (slotCount - 1) }
                slots[slot] = UInt32(rank + 1)
            }
        }
        var body: [UInt8] = []
        body.reserveCapacity(4 * (count + 1) + 4 * slotCount + tokens.count)
        for start in tokenStarts { Self.append(UInt32(start), to: &body) }
        for slot in slots { Self.append(slot, to: &body) }
        body += tokens
        var file = Self.magic
        for field in [UInt32(count), UInt32(slotCount), UInt32(tokens.count), 0] { Self.append(field, to: &file) }
        let checksum = body.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
        for shift in stride(from: 0, to: 64, by: 32) { Self.append(UInt32(truncatingIfNeeded: checksum >> UInt64(shift)), to: &file) }
        // Built here, so it holds what the check asks.
        try! self.init(prepared: file + body)
    }

    /// The prepared form, as `init(contentsOf:)` reads it.
    var prepared: [UInt8] {
        Array(UnsafeRawBufferPointer(start: storage.base, count: storage.count))
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private init(storage: Storage) throws {
        let raw = UnsafeRawBufferPointer(start: storage.base, count: storage.count)
        guard raw.count >= Self.headerSize, raw.prefix(Self.magic.count).elementsEqual(Self.magic) else {
            throw LoadError.notPrepared("it does not start with its mark")
        }
        func field(_ offset: Int) -> Int { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
        let (count, slotCount, byteCount) = (field(16), field(20), field(24))
        guard count > 0, slotCount > count, slotCount & (slotCount - 1) == 0,
              raw.count == Self.headerSize + 4 * (count + 1) + 4 * slotCount + byteCount else {
            throw LoadError.notPrepared("its sizes do not add up to the file's")
        }
        let checksum = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
        guard XXH3_64bits(storage.base + Self.headerSize, raw.count - Self.headerSize) == checksum else {
            throw LoadError.notPrepared("its checksum does not match")
        }
        let starts = (storage.base + Self.headerSize).bindMemory(to: UInt32.self, capacity: count + 1)
        let slots = (storage.base + Self.headerSize + 4 * (count + 1)).bindMemory(to: UInt32.self, capacity: slotCount)
        // Every token one byte or more, inside the bytes; every slot a rank or empty, each rank in one slot.
        guard starts[0] == 0, Int(starts[count]) == byteCount, (0..<count).allSatisfy({ starts[$0] < starts[$0 + 1] }) else {
            throw LoadError.notPrepared("its tokens' extents are out of order")
        }
        var seen = [Bool](repeating: false, count: count)
        for slot in 0..<slotCount where slots[slot] != 0 {
            let rank = Int(slots[slot]) - 1
            guard rank < count, !seen[rank] else { throw LoadError.notPrepared("its table names a rank twice or past the last") }
            seen[rank] = true
        }
        guard !seen.contains(false) else { throw LoadError.notPrepared("its table leaves a rank out") }
        self.storage = storage
        self.starts = UnsafePointer(starts)
        self.slots = UnsafePointer(slots)
        bytes = (storage.base + Self.headerSize + 4 * (count + 1) + 4 * slotCount).assumingMemoryBound(to: UInt8.self)
        mask = slotCount - 1
        self.count = count
    }

    /// The rank of the token whose bytes are `base[range]`, if there is one.
    func rank(of base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int? {
        let length = range.count
        var slot = Int(truncatingIfNeeded: XXH3_64bits(base + range.lowerBound, length)) & mask
        while slots[slot] != 0 {
            let rank = Int(slots[slot]) - 1
            let start = Int(starts[rank])
            if Int(starts[rank + 1]) - start == length && memcmp(bytes + start, base + range.lowerBound, length) == 0 {
                return rank
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// The prepared form's bytes, read into memory once and never written,
    /// so shared freely. Read rather than mapped: a long-running proxy must
    /// not fault when the file is replaced in place under it.
    private final class Storage: @unchecked Sendable {
        let base: UnsafeRawPointer
        let count: Int

        init(reading path: String) throws {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw LoadError.unreadable(path) }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_size > 0 else { throw LoadError.unreadable(path) }
            let count = Int(status.st_size)
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
            var done = 0
            while done < count {
                let got = read(descriptor, buffer + done, count - done)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    buffer.deallocate()
                    throw LoadError.unreadable(path)
                }
                done += got
            }
            base = UnsafeRawPointer(buffer)
            self.count = count
        }

        init(copying bytes: [UInt8]) {
            let copy = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
            bytes.withUnsafeBytes { if let source = $0.baseAddress { copy.copyMemory(from: source, byteCount: $0.count) } }
            base = UnsafeRawPointer(copy)
            count = bytes.count
        }

        deinit {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }
}
