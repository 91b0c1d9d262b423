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

    /// A unit whose lines are hashed into the index but not yet findable:
    /// its lines' positions in the index's arrays.
    struct Staged {
        let lines: Range<Int>

        var count: Int { lines.count }
    }

    /// Hashes `lines` (over `text`) into the index's arrays, where runs and
    /// the exact-repeat key read them; the unit is findable only once
    /// `commit`ted, and only the latest staged unit may be `discard`ed.
    mutating func stage(_ lines: NormalizedText, in text: [UInt8]) -> Staged {
        let first = hashes.count
        text.withUnsafeBufferPointer { bytes in
            for line in lines.lines {
                let content = UnsafeBufferPointer(rebasing: bytes[line.content])
                hashes.append(ContentHash.of(content))
                kinds.append(LineIndex.kind(of: content))
            }
        }
        return Staged(lines: first..<hashes.count)
    }

    /// The hash of a staged unit's line hashes: its exact-repeat key.
    func key(of unit: Staged) -> UInt64 {
        ContentHash.of(hashes[unit.lines])
    }

    /// Drops the latest staged unit (a unit that became one pointer is no
    /// source of lines).
    mutating func discard(_ unit: Staged) {
        precondition(unit.lines.upperBound == hashes.count, "only the latest staged unit can be discarded")
        hashes.removeSubrange(unit.lines)
        kinds.removeSubrange(unit.lines)
    }

    /// Makes a staged unit a source: the lines a pointer `replaced` become
    /// barriers, and its other significant lines become findable.
    mutating func commit(_ unit: Staged, as source: Source, replaced: [Bool]? = nil) {
        let position = sources.count
        sources.append(source)
        sourceLines.append(unit.lines)
        for line in unit.lines {
            if let replaced, replaced[line - unit.lines.lowerBound] {
                kinds[line] = .barrier
            } else if kinds[line] == .significant {
                occurrences.append(hashes[line], source: position, line: line)
            }
        }
    }

    /// The maximal runs of a staged unit's `lines` (over `text`) that repeat
    /// runs of earlier sources line for line and hold at least
    /// `minimumLines` significant lines. Runs grow by hash; the longest is
    /// then confirmed byte for byte, and ends at the first line that is not
    /// the same.
    func runs(of unit: Staged, lines: NormalizedText, text: [UInt8], minimumLines: Int) -> [Run] {
        var runs: [Run] = []
        let base = unit.lines.lowerBound
        var i = 0
        while i < unit.count {
            guard kinds[base + i] == .significant else {
                i += 1
                continue
            }
            var best: (source: Int, start: Int, length: Int)?
            var candidate = occurrences.first(hashes[base + i])
            var tried = 0
            while candidate >= 0 && tried < Self.candidates {
                let occurrence = occurrences.occurrences[Int(candidate)]
                let source = Int(occurrence.source), start = Int(occurrence.line)
                let (length, significant) = extent(from: base + i, before: unit.lines.upperBound, at: start, before: sourceLines[source].upperBound)
                if significant >= minimumLines, length > (best?.length ?? 0) {
                    best = (source, start, length)
                }
                candidate = occurrence.next
                tried += 1
            }
            if let best, let run = confirmed(lines, text: text, unit: unit, from: i, best, minimumLines: minimumLines) {
                runs.append(run)
                i = run.lines.upperBound
            } else {
                i += 1
            }
        }
        return runs
    }

    /// How many lines from `line` on (up to `lineEnd`) have the hashes of
    /// the lines from `start` on (up to `startEnd`), and how many of them
    /// are significant.
    private func extent(from line: Int, before lineEnd: Int, at start: Int, before startEnd: Int) -> (length: Int, significant: Int) {
        let limit = min(lineEnd - line, startEnd - start)
        var length = 0
        var significant = 0
        while length < limit {
            let kind = kinds[line + length]
            guard kind != .barrier, kinds[start + length] != .barrier, hashes[line + length] == hashes[start + length] else { break }
            if kind == .significant { significant += 1 }
            length += 1
        }
        return (length, significant)
    }

    /// The run a hash match stands for, once its lines are compared byte
    /// for byte (memcmp): it ends at the first line that differs, and is no
    /// run if that leaves too few significant lines.
    private func confirmed(_ lines: NormalizedText, text: [UInt8], unit: Staged, from line: Int,
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
                    if kinds[unit.lines.lowerBound + line + length] == .significant { significant += 1 }
                    length += 1
                }
            }
        }
        guard significant >= minimumLines else { return nil }
        return Run(lines: line..<line + length, source: match.source, sourceLines: first..<first + length)
    }
}
