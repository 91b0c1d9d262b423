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
        let hashes: [UInt64]
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
        for byte in line where (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte >= 0xC0 {
            count += 1
            if count >= significantCharacters { return true }
        }
        return false
    }

    static func hashes(of lines: NormalizedText, in text: [UInt8]) -> [UInt64] {
        lines.lines.map { ContentHash.of(Array(text[$0.content])) }
    }

    /// Adds a source and indexes the first occurrences of its significant,
    /// unreplaced lines; returns its position.
    @discardableResult
    mutating func add(_ source: Source) -> Int {
        let position = sources.count
        sources.append(source)
        for (line, hash) in source.hashes.enumerated() where !source.replaced[line] && first[hash] == nil {
            if Self.isSignificant(source.text[source.lines.lines[line].content]) { first[hash] = (position, line) }
        }
        return position
    }

    /// The maximal runs of `lines` (over `text`) that repeat runs of earlier
    /// sources line for line and hold at least `minimumLines` significant lines.
    func runs(in lines: NormalizedText, text: [UInt8], hashes: [UInt64], minimumLines: Int) -> [Run] {
        var runs: [Run] = []
        var i = 0
        while i < lines.lineCount {
            guard let start = first[hashes[i]], equal(text, lines, i, start.source, start.line),
                  Self.isSignificant(text[lines.lines[i].content]) else {
                i += 1
                continue
            }
            let source = sources[start.source]
            var length = 0
            var significant = 0
            while i + length < lines.lineCount, start.line + length < source.lines.lineCount,
                  !source.replaced[start.line + length],
                  hashes[i + length] == source.hashes[start.line + length],
                  equal(text, lines, i + length, start.source, start.line + length) {
                if Self.isSignificant(text[lines.lines[i + length].content]) { significant += 1 }
                length += 1
            }
            if significant >= minimumLines {
                runs.append(Run(lines: i..<i + length, source: start.source, sourceLines: start.line..<start.line + length))
                i += length
            } else {
                i += 1
            }
        }
        return runs
    }

    /// Whether two lines are the same text; a stub line equals nothing, so
    /// runs never span pointers (and trimming trimmed text changes nothing).
    private func equal(_ text: [UInt8], _ lines: NormalizedText, _ line: Int, _ source: Int, _ sourceLine: Int) -> Bool {
        let other = sources[source]
        let content = text[lines.lines[line].content]
        return !content.starts(with: Stub.prefix) && content == other.text[other.lines.lines[sourceLine].content]
    }
}
