/// One line of search results: the file it belongs to, if it names one, and
/// how many matches it stands for.
struct SearchLine {
    /// The whole line, its line feed included (when it has one).
    let range: Range<Int>
    /// The file it belongs to, as printed; nil for a header, a note, a blank
    /// line or a separator.
    var path: String?
    /// The matches it counts: 1 for a match line, N for `path:N` counts and
    /// `(N matches)`, 0 for a context line or a separator.
    var matches: Int
    /// Whether it only separates groups (`--`), and goes with the group before it.
    var isSeparator = false
}

/// Reads search results in each `SearchStyle` into lines that name their files.
enum SearchResultsParser {
    static func lines(_ text: [UInt8], in range: Range<Int>, style: SearchStyle) -> [SearchLine] {
        let lines = wholeLines(text, range)
        switch style {
        case .prefixed: return prefixed(text, lines, counted: false)
        case .counts: return prefixed(text, lines, counted: true)
        case .grouped: return grouped(text, lines)
        case .fileCounts: return fileCounts(text, lines)
        case .oneFile: return oneFile(text, lines)
        }
    }

    /// Each line with its line feed, and the extent of its content (no `\r`).
    private static func wholeLines(_ text: [UInt8], _ range: Range<Int>) -> [(whole: Range<Int>, content: Range<Int>)] {
        text.lineRanges(in: range).map { line in
            (line.lowerBound..<min(line.upperBound + 1, range.upperBound), text.withoutCarriageReturn(line))
        }
    }

    // MARK: - path:12:text, path:3

    /// `counted`: a line reads `path:N`, N matches; otherwise each line is one match.
    private static func prefixed(_ text: [UInt8], _ lines: [(whole: Range<Int>, content: Range<Int>)], counted: Bool) -> [SearchLine] {
        var parsed = lines.map { line -> SearchLine in
            let content = line.content
            if content.count == 2 && text.hasPrefix("--", at: content.lowerBound) {
                return SearchLine(range: line.whole, path: nil, matches: 0, isSeparator: true)
            }
            guard let colon = text[content].firstIndex(of: UInt8(ascii: ":")), colon > content.lowerBound,
                  !isNote(text, content) else { return SearchLine(range: line.whole, path: nil, matches: 0) }
            guard counted else { return SearchLine(range: line.whole, path: text.string(content.lowerBound..<colon), matches: 1) }
            // A count follows the last colon (a path may hold one).
            let last = text[content].lastIndex(of: UInt8(ascii: ":"))!
            let rest = text[(last + 1)..<content.upperBound]
            guard !rest.isEmpty, rest.count < 10, rest.allSatisfy(isDigit), last > content.lowerBound else { return SearchLine(range: line.whole, path: nil, matches: 0) }
            return SearchLine(range: line.whole, path: text.string(content.lowerBound..<last), matches: Int(String(decoding: rest, as: UTF8.self))!)
        }
        // A context line, `path-11-text` or `path-text`, belongs to the match or context
        // line of `path` beside it; its text may hold a colon, which made it
        // look like a match line of a path `path-11-text...`. Claims spread
        // along a run of context lines both ways, until none is left.
        var isContextLine = [Bool](repeating: false, count: parsed.count)
        var claimed = true
        while claimed {
            claimed = false
            for index in Array(parsed.indices) + parsed.indices.reversed() where !isContextLine[index] && !parsed[index].isSeparator {
                for neighbour in [index - 1, index + 1] where parsed.indices.contains(neighbour) {
                    guard let path = parsed[neighbour].path, path != parsed[index].path,
                          isContext(text, lines[index].content, of: path) else { continue }
                    parsed[index].path = path
                    parsed[index].matches = 0
                    isContextLine[index] = true
                    claimed = true
                    break
                }
            }
        }
        return parsed
    }

    /// Whether a line reads `path-11-text` (or `path-text`), or `/abs/dir/path-11-text`:
    /// Claude Code makes a line's path relative only where the line has a
    /// colon, so a context line without one keeps the absolute path.
    private static func isContext(_ text: [UInt8], _ line: Range<Int>, of path: String) -> Bool {
        let prefix = Array(path.utf8)
        if text[line].starts(with: prefix) { return isContext(text, line, after: line.lowerBound + prefix.count) }
        guard text[line.lowerBound] == UInt8(ascii: "/"), !path.hasPrefix("/"), let slash = ByteSearch.firstOffset(of: [UInt8(ascii: "/")] + prefix + [UInt8(ascii: "-")], in: text, from: line.lowerBound, to: line.upperBound),
              !text[line.lowerBound..<slash].contains(UInt8(ascii: " ")) else { return false }
        return isContext(text, line, after: slash + 1 + prefix.count)
    }

    /// Whether a `-` follows at `end` of a line's path: `-11-` with line
    /// numbers, or the text itself without them (`rg -C2` piped prints
    /// none). Taking a line for a neighbour's context keeps it with a file
    /// that is kept, so a wrong guess keeps a line rather than drops one.
    private static func isContext(_ text: [UInt8], _ line: Range<Int>, after end: Int) -> Bool {
        end < line.upperBound && text[end] == UInt8(ascii: "-")
    }

    /// Headers and trailers that only look like `path:`.
    private static func isNote(_ text: [UInt8], _ line: Range<Int>) -> Bool {
        notes.contains { text.hasPrefix($0, at: line.lowerBound) } || text[line.lowerBound] == UInt8(ascii: "[")
            || text[line.lowerBound] == UInt8(ascii: "(") || text[line.lowerBound] == UInt8(ascii: " ")
    }

    private static let notes = ["Found ", "No matches", "No files", "Showing ", "grep: ", "rg: ", "Binary file ", "<persisted-output>", "Output too large"]

    // MARK: - Grouped

    /// A block runs from its path line to the blank line after it, which goes with it.
    private static func grouped(_ text: [UInt8], _ lines: [(whole: Range<Int>, content: Range<Int>)]) -> [SearchLine] {
        var parsed: [SearchLine] = []
        var block: (path: String, start: Int, separators: Int, numbered: Int, bar: Bool)?
        func close() {
            guard let current = block else { return }
            // Cline fences each match with `│----`; Roo ends each group with `----`; rg --heading numbers its matches.
            let matches = current.numbered > 0 ? current.numbered : current.bar ? max(1, current.separators - 1) : max(1, current.separators)
            for index in current.start..<parsed.count {
                parsed[index].path = current.path
            }
            parsed[current.start].matches = matches
            block = nil
        }
        for line in lines {
            let content = line.content
            let entry = SearchLine(range: line.whole, path: nil, matches: 0)
            if content.isEmpty {
                parsed.append(entry)
                close()
                continue
            }
            if block != nil {
                parsed.append(entry)
                if text.hasPrefix("│", at: content.lowerBound) {
                    block!.bar = true
                    if text.hasPrefix("│----", at: content.lowerBound) { block!.separators += 1 }
                } else if text.hasPrefix("----", at: content.lowerBound) || text.hasPrefix("--", at: content.lowerBound) && content.count == 2 {
                    block!.separators += 1
                } else if startsNumbered(text, content) {
                    block!.numbered += 1
                }
                continue
            }
            guard !isNote(text, content), !text.hasPrefix("│", at: content.lowerBound), !text.hasPrefix("#", at: content.lowerBound) || text.hasPrefix("# ", at: content.lowerBound),
                  !text.hasPrefix("## ", at: content.lowerBound) else {
                parsed.append(entry)
                continue
            }
            let start = text.hasPrefix("# ", at: content.lowerBound) ? content.lowerBound + 2 : content.lowerBound
            guard start < content.upperBound else {
                parsed.append(entry)
                continue
            }
            block = (text.string(start..<content.upperBound), parsed.count, 0, 0, false)
            parsed.append(entry)
        }
        close()
        return parsed
    }

    /// `12:text` (a match) under an `rg --heading` path.
    private static func startsNumbered(_ text: [UInt8], _ line: Range<Int>) -> Bool {
        var i = line.lowerBound
        while i < line.upperBound && isDigit(text[i]) { i += 1 }
        return i > line.lowerBound && i < line.upperBound && text[i] == UInt8(ascii: ":")
    }

    // MARK: - /path (3 matches)

    private static func fileCounts(_ text: [UInt8], _ lines: [(whole: Range<Int>, content: Range<Int>)]) -> [SearchLine] {
        let suffix = Array(" matches)".utf8)
        return lines.map { line in
            let content = line.content
            guard text[content].suffix(suffix.count).elementsEqual(suffix),
                  let open = text[content].lastIndex(of: UInt8(ascii: "(")), open > content.lowerBound + 1,
                  text[open - 1] == UInt8(ascii: " "),
                  let count = Int(text.string(open + 1..<content.upperBound - suffix.count)) else {
                return SearchLine(range: line.whole, path: nil, matches: 0)
            }
            return SearchLine(range: line.whole, path: text.string(content.lowerBound..<open - 1), matches: count)
        }
    }

    // MARK: - Found 3 matches for "x" in PATH:

    /// Every `Line 12:` or `12:` line after the header is a match in the header's file.
    private static func oneFile(_ text: [UInt8], _ lines: [(whole: Range<Int>, content: Range<Int>)]) -> [SearchLine] {
        guard let header = lines.first, let path = headerPath(text, header.content) else {
            return lines.map { SearchLine(range: $0.whole, path: nil, matches: 0) }
        }
        return [SearchLine(range: header.whole, path: nil, matches: 0)] + lines.dropFirst().map { line in
            var start = line.content.lowerBound
            if text.hasPrefix("Line ", at: start) { start += 5 }
            let matched = startsNumbered(text, start..<line.content.upperBound)
            return SearchLine(range: line.whole, path: matched ? path : nil, matches: matched ? 1 : 0)
        }
    }

    /// PATH in `Found 3 matches for "x" in PATH:`.
    static func headerPath(_ text: [UInt8], _ line: Range<Int>) -> String? {
        guard text.hasPrefix("Found ", at: line.lowerBound), line.count > 1, text[line.upperBound - 1] == UInt8(ascii: ":"),
              // The search term may hold `" in ` too: the path follows the last one.
              let marker = text.lastOffset(of: "\" in ", in: line) else { return nil }
        let start = marker + 5
        return start < line.upperBound - 1 ? text.string(start..<line.upperBound - 1) : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
