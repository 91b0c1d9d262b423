#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a byte string in a larger one with memchr and memcmp: the
/// recognizers search every tool result for their markers, so this is the hot
/// path of recognition, and the standard library's generic search is an order
/// of magnitude slower. memchr looks for the needle's rarest byte in code
/// and JSON text, not its first: a marker that opens with a space
/// (`" matches for "`) would otherwise stop at every word.
enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `start`.
    static func firstOffset(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0, to end: Int? = nil) -> Int? {
        haystack.withUnsafeBufferPointer { firstOffset(of: needle, in: $0, from: start, to: end) }
    }

    /// The offset of the first `needle` in `text` at or after `start`.
    static func firstOffset(of needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) -> Int? {
        let limit = min(end ?? text.count, text.count)
        guard !needle.isEmpty, start >= 0, limit - start >= needle.count else { return nil }
        let anchor = rarestByte(of: needle)
        return needle.withUnsafeBufferPointer { pattern in
            let base = text.baseAddress!
            let lastStart = limit - pattern.count
            var i = start
            while i <= lastStart {
                // The anchor byte of a match that starts at i or later, but not after lastStart.
                guard let hit = memchr(base + i + anchor, Int32(pattern[anchor]), lastStart - i + 1) else { return nil }
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - anchor
                if memcmp(base + offset, pattern.baseAddress!, pattern.count) == 0 { return offset }
                i = offset + 1
            }
            return nil
        }
    }

    /// The offset of the last `needle` in `haystack` within `range`, found
    /// backwards by its rarest byte (a marker missing from a 50 MB tool
    /// result is looked for over all of it), a word at a time.
    static func lastOffset(of needle: [UInt8], in haystack: [UInt8], range: Range<Int>) -> Int? {
        guard !needle.isEmpty, range.lowerBound >= 0, range.upperBound <= haystack.count, range.count >= needle.count else { return nil }
        let anchor = rarestByte(of: needle)
        return haystack.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { pattern in
                let base = text.baseAddress!, byte = pattern[anchor]
                // The last start a match may have; each step looks at starts range.lowerBound...last.
                var last = range.upperBound - pattern.count
                while last >= range.lowerBound {
                    guard let start = lastAnchor(byte, in: base + range.lowerBound + anchor, count: last - range.lowerBound + 1)
                        .map({ range.lowerBound + $0 }) else { return nil }
                    if memcmp(base + start, pattern.baseAddress!, pattern.count) == 0 { return start }
                    last = start - 1
                }
                return nil
            }
        }
    }

    /// The offset of the last `byte` in `base[0..<count]`, eight bytes at a
    /// time (`firstIndex(of:inWordAt:)` tells a word that holds it; its bytes
    /// are then looked at from the end).
    private static func lastAnchor(_ byte: UInt8, in base: UnsafePointer<UInt8>, count: Int) -> Int? {
        var end = count
        while end >= 8 {
            if firstIndex(of: byte, inWordAt: base + end - 8) != nil {
                for i in stride(from: end - 1, through: end - 8, by: -1) where base[i] == byte { return i }
            }
            end -= 8
        }
        for i in stride(from: end - 1, through: 0, by: -1) where base[i] == byte { return i }
        return nil
    }

    /// The position in `needle` of its byte least frequent in code and JSON
    /// text (the first of equals).
    static func rarestByte(of needle: [UInt8]) -> Int {
        var best = 0
        for index in needle.indices where frequency[Int(needle[index])] < frequency[Int(needle[best])] { best = index }
        return best
    }

    /// How common each byte is, roughly, in source code and raw JSON: the
    /// bytes of `common`, most frequent first, then the other ASCII, then the rest.
    private static let frequency: [UInt8] = {
        let common = Array(" etaoinsrlhdc\"umpfg.,:-_/\\(){}=;0123456789yw[]bvkxjqz'\n\t*<>#ETAOINSRLHDCUMPFGYWBVKXJQZ|+&!?@$%^~`".utf8)
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0..<128 { table[byte] = 1 }
        for (rank, byte) in common.enumerated() { table[Int(byte)] = UInt8(255 - rank) }
        return table
    }()

    /// The offset of the first `byte` in `haystack` within `start..<end`.
    static func firstOffset(of byte: UInt8, in haystack: [UInt8], from start: Int, to end: Int? = nil) -> Int? {
        let limit = min(end ?? haystack.count, haystack.count)
        guard start < limit else { return nil }
        return haystack.withUnsafeBufferPointer { text in
            memchr(text.baseAddress! + start, Int32(byte), limit - start)
                .map { text.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
        }
    }

    /// The offset of the first `byte` in `base[start..<end]`, or `end`.
    /// Lines and escapes are short, so the first 32 bytes are searched
    /// inline, a word at a time, before paying for a call to memchr.
    @inline(__always)
    static func nextOffset(of byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let nearEnd = min(end, start + 32)
        var i = start
        while i + 8 <= nearEnd {
            if let found = firstIndex(of: byte, inWordAt: base + i) { return i + found }
            i += 8
        }
        while i < nearEnd {
            if base[i] == byte { return i }
            i += 1
        }
        guard i < end, let hit = memchr(base + i, Int32(byte), end - i) else { return end }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The position (0 to 7) of the first `byte` among the eight bytes at
    /// `address`, if one is there (SWAR: the classic has-zero-byte test).
    @inline(__always)
    static func firstIndex(of byte: UInt8, inWordAt address: UnsafePointer<UInt8>) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let word = UInt64(littleEndian: UnsafeRawPointer(address).loadUnaligned(as: UInt64.self)) ^ (UInt64(byte) &* ones)
        // The lowest byte of `word` that is zero sets the lowest flag exactly.
        let zeros = (word &- ones) & ~word & (ones << 7)
        return zeros == 0 ? nil : zeros.trailingZeroBitCount / 8
    }

    /// How many times `byte` occurs in `text`, counted with memchr.
    static func count(of byte: UInt8, in text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = text.baseAddress else { return 0 }
        var total = 0
        var i = 0
        while i < text.count, let hit = memchr(base + i, Int32(byte), text.count - i) {
            total += 1
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return total
    }
}
