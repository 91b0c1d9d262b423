#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small byte-level helpers for text held as UTF-8 bytes: lines, prefixes,
/// markers. The recognizers, rules and stages share them.
extension Array where Element == UInt8 {
    /// The ranges of the lines of the text (or of `range` of it), without
    /// their line feeds.
    func lineRanges(in range: Range<Int>? = nil) -> [Range<Int>] {
        self[range ?? 0..<count].lineRanges()
    }

    /// A line's range without the carriage return of a CRLF end.
    func withoutCarriageReturn(_ line: Range<Int>) -> Range<Int> {
        line.upperBound > line.lowerBound && self[line.upperBound - 1] == UInt8(ascii: "\r") ? line.lowerBound..<line.upperBound - 1 : line
    }

    func hasPrefix(_ prefix: String, at offset: Int = 0) -> Bool {
        let utf8 = prefix.utf8
        guard offset + utf8.count <= count else { return false }
        return self[offset..<offset + utf8.count].elementsEqual(utf8)
    }

    /// The offset of the first occurrence of `marker` at or after `from`
    /// (and, with `to`, ending by it).
    func offset(of marker: String, from: Int = 0, to end: Int? = nil) -> Int? {
        ByteSearch.firstOffset(of: Array(marker.utf8), in: self, from: from, to: end)
    }

    /// The offset of the last occurrence of `marker` (within `range`, if given).
    func lastOffset(of marker: String, in range: Range<Int>? = nil) -> Int? {
        ByteSearch.lastOffset(of: Array(marker.utf8), in: self, range: range ?? 0..<count)
    }

    /// The offset just past the end of the line that contains `offset`.
    func endOfLine(from offset: Int) -> Int {
        guard let feed = ByteSearch.firstOffset(of: UInt8(ascii: "\n"), in: self, from: offset) else { return count }
        return feed + 1
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: self[range], as: UTF8.self)
    }
}

extension ArraySlice where Element == UInt8 {
    /// The ranges (indices of the slice's array) of its lines, without their
    /// line feeds; a final line feed ends the last line, it starts none.
    func lineRanges() -> [Range<Int>] {
        var result: [Range<Int>] = []
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count {
                let feed = ByteSearch.nextOffset(of: UInt8(ascii: "\n"), in: base, from: start, to: buffer.count)
                result.append(startIndex + start..<startIndex + feed)
                start = feed + 1
            }
        }
        return result
    }

    /// Whether the raw bytes contain `marker`.
    func contains(marker: [UInt8]) -> Bool {
        withUnsafeBufferPointer { ByteSearch.firstOffset(of: marker, in: $0) != nil }
    }
}
