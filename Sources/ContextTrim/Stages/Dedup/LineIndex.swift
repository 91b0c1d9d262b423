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

    /// Makes a staged unit a source of lines, all its significant lines findable.
    mutating func commit(_ unit: Staged, as source: Source) {
        var findable = unit.lines.lowerBound
        makeFindable(upTo: unit.lines.upperBound, from: &findable, source: open(unit, as: source))
    }

    /// Makes a staged unit a source of lines, after looking for its maximal
    /// runs of lines (from a significant one) that repeat text
    /// standing earlier, in an earlier source or earlier in the unit
    /// itself. Each run is offered, with the source it repeats, to
    /// `pointer`: the lines of a run it takes become barriers, never
    /// findable. The unit's other significant lines become findable as the
    /// scan passes them, so a run can only repeat lines above it. Returns
    /// the runs taken.
    mutating func commit(_ unit: Staged, as source: Source, pointer: (Run, Source) -> Bool) -> [Run] {
        let position = open(unit, as: source)
        let base = unit.lines.lowerBound
        var findable = base
        var taken: [Run] = []
        var i = 0
        while i < unit.count {
            makeFindable(upTo: base + i, from: &findable, source: position)
            guard kinds[base + i] == .significant,
                  let run = longestRun(at: i, of: unit, source: position, findable: findable),
                  pointer(run, sources[run.source]) else {
                i += 1
                continue
            }
            for line in run.lines { kinds[base + line] = .barrier }
            taken.append(run)
            i = run.lines.upperBound
            findable = base + i
        }
        makeFindable(upTo: unit.lines.upperBound, from: &findable, source: position)
        return taken
    }

    /// Adds a staged unit's source; returns its position.
    private mutating func open(_ unit: Staged, as source: Source) -> Int {
        sources.append(source)
        sourceLines.append(unit.lines)
        return sources.count - 1
    }

    /// Indexes the significant lines from `findable` up to `end`.
    private mutating func makeFindable(upTo end: Int, from findable: inout Int, source: Int) {
        while findable < end {
            if kinds[findable] == .significant { occurrences.append(hashes[findable], source: source, line: findable) }
            findable += 1
        }
    }

    /// The longest run from line `i` of `unit` (source `position`, whose
    /// lines are findable below `findable`) over the oldest few places its
    /// first line stood, confirmed byte for byte; nil if there is none.
    private func longestRun(at i: Int, of unit: Staged, source position: Int, findable: Int) -> Run? {
        let base = unit.lines.lowerBound
        var best: (source: Int, start: Int, length: Int)?
        var candidate = occurrences.first(hashes[base + i])
        var tried = 0
        while candidate >= 0 && tried < Self.candidates {
            let occurrence = occurrences.occurrences[Int(candidate)]
            let source = Int(occurrence.source), start = Int(occurrence.line)
            // A run within the unit ends where the findable lines end, above itself.
            let end = source == position ? findable : sourceLines[source].upperBound
            let (length, significant) = extent(from: base + i, before: unit.lines.upperBound, at: start, before: end)
            if significant > 0, length > (best?.length ?? 0) {
                best = (source, start, length)
            }
            candidate = occurrence.next
            tried += 1
        }
        return best.flatMap { confirmed(unit: unit, from: i, $0) }
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
    /// run if that leaves no significant line.
    private func confirmed(unit: Staged, from line: Int, _ match: (source: Int, start: Int, length: Int)) -> Run? {
        let mine = sources[sources.count - 1], theirs = sources[match.source]
        let first = match.start - sourceLines[match.source].lowerBound
        var length = 0
        var significant = 0
        mine.text.withUnsafeBufferPointer { mineBytes in
            theirs.text.withUnsafeBufferPointer { theirBytes in
                while length < match.length {
                    let content = mine.lines.lines[line + length].content, other = theirs.lines.lines[first + length].content
                    guard content.count == other.count,
                          memcmp(mineBytes.baseAddress! + content.lowerBound, theirBytes.baseAddress! + other.lowerBound, content.count) == 0 else { break }
                    if kinds[unit.lines.lowerBound + line + length] == .significant { significant += 1 }
                    length += 1
                }
            }
        }
        guard significant > 0 else { return nil }
        return Run(lines: line..<line + length, source: match.source, sourceLines: first..<first + length)
    }
}
