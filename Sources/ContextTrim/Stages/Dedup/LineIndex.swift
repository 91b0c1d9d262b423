#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each distinct significant line first stood in the request, so that
/// a later run of lines can be found as a repeat of an earlier run.
///
/// Sources are added in request order; a line is indexed at its first
/// occurrence only, and lines a pointer replaced are never indexed nor
/// extended into, so a pointer always lands on text that stays.
struct LineIndex {
    /// A text the model can see, in lines.
    struct Source {
        let text: [UInt8]
        let lines: NormalizedText
        let keys: Keys
        /// Lines a pointer replaced.
        var replaced: [Bool]
        /// The caller's handle on what this source is.
        let owner: Int
    }

    /// A run of a unit's lines that repeats a run of a source's lines.
    struct Run {
        let lines: Range<Int>
        let source: Int
        let sourceLines: Range<Int>
    }

    private(set) var sources: [Source] = []
    private var first: [UInt64: (source: Int, line: Int)] = [:]

    /// Lines with fewer letters or digits (`}`, blank lines, fences) never
    /// start a run nor count toward its length.
    static let significantCharacters = 4

    static func isSignificant(_ line: ArraySlice<UInt8>) -> Bool {
        if line.starts(with: Stub.prefix) { return false }
        var count = 0
        // ASCII letters and digits, and the first bytes of Latin letters with
        // accents (U+00C0-U+024F) and of CJK ideographs (U+4000-U+9FFF); not
        // box drawing, arrows or emoji.
        for byte in line where (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (0xC3...0xC9).contains(byte) || (0xE4...0xE9).contains(byte) {
            count += 1
            if count >= significantCharacters { return true }
        }
        return false
    }

    /// Each line's hash, and whether it is significant, worked out once.
    struct Keys {
        let hashes: [UInt64]
        let significant: [Bool]

        init(_ lines: NormalizedText, in text: [UInt8]) {
            hashes = lines.lines.map { ContentHash.of(text[$0.content]) }
            significant = lines.lines.map { LineIndex.isSignificant(text[$0.content]) }
        }
    }

    /// Adds a source and indexes the first occurrences of its significant,
    /// unreplaced lines; returns its position.
    @discardableResult
    mutating func add(_ source: Source) -> Int {
        let position = sources.count
        sources.append(source)
        for (line, hash) in source.keys.hashes.enumerated() where source.keys.significant[line] && !source.replaced[line] && first[hash] == nil {
            first[hash] = (position, line)
        }
        return position
    }

    /// The maximal runs of `lines` (over `text`) that repeat runs of earlier
    /// sources line for line and hold at least `minimumLines` significant
    /// lines. Runs grow by hash; every line of a run is then confirmed byte
    /// for byte, and a run ends at the first line that is not the same.
    func runs(in lines: NormalizedText, text: [UInt8], keys: Keys, minimumLines: Int) -> [Run] {
        var runs: [Run] = []
        var i = 0
        while i < lines.lineCount {
            guard keys.significant[i], let start = first[keys.hashes[i]] else {
                i += 1
                continue
            }
            let source = start.source
            var length = 0
            var significant = 0
            while i + length < lines.lineCount, start.line + length < sources[source].lines.lineCount,
                  !sources[source].replaced[start.line + length],
                  keys.hashes[i + length] == sources[source].keys.hashes[start.line + length],
                  same(text, lines.lines[i + length].content, source, start.line + length) {
                if keys.significant[i + length] { significant += 1 }
                length += 1
            }
            if significant >= minimumLines {
                runs.append(Run(lines: i..<i + length, source: source, sourceLines: start.line..<start.line + length))
                i += length
            } else {
                i += 1
            }
        }
        return runs
    }

    /// Whether a line is the same text as a source's line (memcmp); a stub
    /// line is the same as nothing, so runs never span pointers and trimming
    /// trimmed text changes nothing.
    private func same(_ text: [UInt8], _ content: Range<Int>, _ source: Int, _ sourceLine: Int) -> Bool {
        let other = sources[source].lines.lines[sourceLine].content
        guard content.count == other.count else { return false }
        if text[content].starts(with: Stub.prefix) { return false }
        return text.withUnsafeBufferPointer { mine in
            sources[source].text.withUnsafeBufferPointer { theirs in
                memcmp(mine.baseAddress! + content.lowerBound, theirs.baseAddress! + other.lowerBound, content.count) == 0
            }
        }
    }
}
