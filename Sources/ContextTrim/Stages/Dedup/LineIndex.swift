#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each significant line stood earlier in the request, so that a later
/// run of lines can be found as a repeat of an earlier run.
///
/// Sources are added in request order. Lines a pointer replaced are never
/// indexed nor extended into, so a pointer always lands on text that stays.
/// A run is matched against the oldest few places its first line stood and
/// the longest wins (the oldest among equals), so a file read again is found
/// whole even when its first line also opened an earlier, shorter excerpt.
struct LineIndex {
    /// A text the model can see, in lines.
    struct Source {
        let text: [UInt8]
        let lines: NormalizedText
        /// The caller's handle on what this source is.
        let owner: Int
    }

    /// A run of a unit's lines that repeats a run of a source's lines.
    struct Run {
        let lines: Range<Int>
        let source: Int
        let sourceLines: Range<Int>
    }

    /// What a line can do in a run.
    enum LineKind: UInt8 {
        /// Too few letters or digits to count toward a run's length (`}`).
        case plain
        /// Counts toward a run's length, and may start one.
        case significant
        /// A stub, or a line a pointer replaced: no run spans it, so a
        /// pointer never lands on replaced text nor swallows a pointer.
        case barrier
    }

    private(set) var sources: [Source] = []
    /// Every indexed line of every source, end to end: its hash and kind.
    /// Runs grow over these flat arrays, touching no source.
    private var hashes: [UInt64] = []
    private var kinds: [LineKind] = []
    /// Where each source's lines start and end in `hashes`.
    private var sourceLines: [Range<Int>] = []
    private var occurrences = LineOccurrences()

    /// How many earlier places of a line a run is tried against: enough for
    /// a file read several times, few enough that a line standing everywhere
    /// (`import os`) costs little.
    static let candidates = 8

    /// Lines with fewer letters or digits (`}`, blank lines, fences) never
    /// start a run nor count toward its length.
    static let significantCharacters = 4

    static func kind(of line: UnsafeBufferPointer<UInt8>) -> LineKind {
        if line.first == UInt8(ascii: "["), line.starts(with: Stub.prefix) { return .barrier }
        var count = 0
        // ASCII letters and digits, and the first bytes of Latin letters with
        // accents (U+00C0-U+024F) and of CJK ideographs (U+4000-U+9FFF); not
        // box drawing, arrows or emoji.
        for byte in line where (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (0xC3...0xC9).contains(byte) || (0xE4...0xE9).contains(byte) {
            count += 1
            if count >= significantCharacters { return .significant }
        }
        return .plain
    }

    /// Each line's hash and kind, worked out once.
    struct Keys {
        let hashes: [UInt64]
        let kinds: [LineKind]

        init(_ lines: NormalizedText, in text: [UInt8]) {
            let count = lines.lineCount
            var kinds = [LineKind](repeating: .plain, count: count)
            hashes = text.withUnsafeBufferPointer { bytes in
                [UInt64](unsafeUninitializedCapacity: count) { hashes, initialized in
                    for (index, line) in lines.lines.enumerated() {
                        let content = UnsafeBufferPointer(rebasing: bytes[line.content])
                        hashes[index] = ContentHash.of(content)
                        kinds[index] = LineIndex.kind(of: content)
                    }
                    initialized = count
                }
            }
            self.kinds = kinds
        }
    }

    /// Adds a source, its lines' `keys` and which of its lines a pointer
    /// `replaced`, and indexes its significant lines that stay.
    mutating func add(_ source: Source, keys: Keys, replaced: [Bool]) {
        let position = sources.count
        let first = hashes.count
        sources.append(source)
        sourceLines.append(first..<first + keys.hashes.count)
        hashes += keys.hashes
        kinds += keys.kinds
        for line in keys.kinds.indices {
            if replaced[line] {
                kinds[first + line] = .barrier
            } else if keys.kinds[line] == .significant {
                occurrences.append(keys.hashes[line], source: position, line: first + line)
            }
        }
    }

    /// The maximal runs of `lines` (over `text`) that repeat runs of earlier
    /// sources line for line and hold at least `minimumLines` significant
    /// lines. Runs grow by hash; the longest is then confirmed byte for
    /// byte, and ends at the first line that is not the same.
    func runs(in lines: NormalizedText, text: [UInt8], keys: Keys, minimumLines: Int) -> [Run] {
        var runs: [Run] = []
        var i = 0
        while i < lines.lineCount {
            guard keys.kinds[i] == .significant else {
                i += 1
                continue
            }
            var best: (source: Int, start: Int, length: Int)?
            var candidate = occurrences.first(keys.hashes[i])
            var tried = 0
            while candidate >= 0 && tried < Self.candidates {
                let occurrence = occurrences.occurrences[Int(candidate)]
                let source = Int(occurrence.source), start = Int(occurrence.line)
                let (length, significant) = extent(of: keys, from: i, at: start, before: sourceLines[source].upperBound)
                if significant >= minimumLines, length > (best?.length ?? 0) {
                    best = (source, start, length)
                }
                candidate = occurrence.next
                tried += 1
            }
            if let best, let run = confirmed(lines, text: text, keys: keys, from: i, best, minimumLines: minimumLines) {
                runs.append(run)
                i = run.lines.upperBound
            } else {
                i += 1
            }
        }
        return runs
    }

    /// How many of a unit's lines from `line` on have the hashes of the
    /// indexed lines from `start` on (up to `end`), and how many of them
    /// are significant.
    private func extent(of keys: Keys, from line: Int, at start: Int, before end: Int) -> (length: Int, significant: Int) {
        let limit = min(keys.hashes.count - line, end - start)
        var length = 0
        var significant = 0
        while length < limit {
            let kind = keys.kinds[line + length]
            guard kind != .barrier, kinds[start + length] != .barrier, keys.hashes[line + length] == hashes[start + length] else { break }
            if kind == .significant { significant += 1 }
            length += 1
        }
        return (length, significant)
    }

    /// The run a hash match stands for, once its lines are compared byte
    /// for byte (memcmp): it ends at the first line that differs, and is no
    /// run if that leaves too few significant lines.
    private func confirmed(_ lines: NormalizedText, text: [UInt8], keys: Keys, from line: Int,
                           _ match: (source: Int, start: Int, length: Int), minimumLines: Int) -> Run? {
        let source = sources[match.source]
        let first = match.start - sourceLines[match.source].lowerBound
        var length = 0
        var significant = 0
        text.withUnsafeBufferPointer { mine in
            source.text.withUnsafeBufferPointer { theirs in
                while length < match.length {
                    let content = lines.lines[line + length].content, other = source.lines.lines[first + length].content
                    guard content.count == other.count,
                          memcmp(mine.baseAddress! + content.lowerBound, theirs.baseAddress! + other.lowerBound, content.count) == 0 else { break }
                    if keys.kinds[line + length] == .significant { significant += 1 }
                    length += 1
                }
            }
        }
        guard significant >= minimumLines else { return nil }
        return Run(lines: line..<line + length, source: match.source, sourceLines: first..<first + length)
    }
}
