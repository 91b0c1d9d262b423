/// One line of a directory listing: the path it names, if it names one, and
/// where on the line the name starts (what comes before is indentation or
/// tree drawing, which a folded line keeps).
struct ListingEntry {
    let line: Range<Int>
    let path: String?
    let nameStart: Int
}

/// Reads the lines of a listing in each `ListingStyle` into entries.
enum ListingParser {
    /// The entries of a listing. A line that already holds a stub names no
    /// path, so folding a folded listing again changes nothing.
    static func entries(_ text: [UInt8], in range: Range<Int>, style: ListingStyle, base: String?) -> [ListingEntry] {
        let lines = text.lineRanges(in: range)
        let entries: [ListingEntry]
        switch style {
        case .paths: entries = paths(text, lines, base: base)
        case .indentedTree: entries = indentedTree(text, lines)
        case .tree: entries = tree(text, lines, base: base)
        case .lsRecursive: entries = lsRecursive(text, lines, base: base)
        }
        return entries.map { entry in
            text[entry.nameStart..<entry.line.upperBound].starts(with: Stub.prefix) ? neutral(entry.line) : entry
        }
    }

    private static func neutral(_ line: Range<Int>) -> ListingEntry {
        ListingEntry(line: line, path: nil, nameStart: line.lowerBound)
    }

    private static func paths(_ text: [UInt8], _ lines: [Range<Int>], base: String?) -> [ListingEntry] {
        lines.map { line in
            var start = line.lowerBound
            var end = line.upperBound
            while start < end && (text[start] == UInt8(ascii: " ") || text[start] == UInt8(ascii: "\t")) { start += 1 }
            while end > start && (text[end - 1] == UInt8(ascii: " ") || text[end - 1] == UInt8(ascii: "\r")) { end -= 1 }
            guard start < end, !nonPathStarts.contains(text[start]),
                  !text.hasPrefix("Found ", at: start), !text.hasPrefix("No files found", at: start) else { return neutral(line) }
            return ListingEntry(line: line, path: ShellCommand.join(base, text.string(start..<end)), nameStart: start)
        }
    }

    /// First bytes of lines in a path list that are notes, not paths.
    private static let nonPathStarts: Set<UInt8> = [UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "#"), UInt8(ascii: "<")]

    /// Claude Code's LS: `- /abs/root/`, then `- name` indented two spaces a level.
    private static func indentedTree(_ text: [UInt8], _ lines: [Range<Int>]) -> [ListingEntry] {
        var stack: [String] = []
        return lines.map { line in
            var start = line.lowerBound
            while start < line.upperBound && text[start] == UInt8(ascii: " ") { start += 1 }
            guard text.hasPrefix("- ", at: start), start + 2 < line.upperBound else { return neutral(line) }
            var end = line.upperBound
            if end - (start + 2) > 1 && text[end - 1] == UInt8(ascii: "/") { end -= 1 }
            let depth = (start - line.lowerBound) / 2
            guard depth <= stack.count else { return neutral(line) }
            stack.removeSubrange(depth...)
            stack.append(text.string(start + 2..<end))
            return ListingEntry(line: line, path: stack.joined(separator: "/"), nameStart: start)
        }
    }

    /// `tree`: a root line, then names after `├── ` or `└── `, four columns a level.
    private static func tree(_ text: [UInt8], _ lines: [Range<Int>], base: String?) -> [ListingEntry] {
        var stack: [String] = []
        var root: String?
        return lines.map { line in
            guard let glyph = ByteSearch.firstOffset(of: branch, in: text, from: line.lowerBound, to: line.upperBound)
                    ?? ByteSearch.firstOffset(of: lastBranch, in: text, from: line.lowerBound, to: line.upperBound) else {
                if root == nil && !line.isEmpty {
                    root = text.string(line)
                    return ListingEntry(line: line, path: root, nameStart: line.lowerBound)
                }
                return neutral(line)
            }
            let columns = text[line.lowerBound..<glyph].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
            let depth = columns / 4 + 1
            let nameStart = glyph + branch.count
            let arrow = ByteSearch.firstOffset(of: symlinkArrow, in: text, from: nameStart, to: line.upperBound) ?? line.upperBound
            guard depth <= stack.count + 1, nameStart < arrow else { return neutral(line) }
            stack.removeSubrange((depth - 1)...)
            stack.append(text.string(nameStart..<arrow))
            return ListingEntry(line: line, path: ([root ?? base ?? "."] + stack).joined(separator: "/"), nameStart: nameStart)
        }
    }

    private static let branch = Array("├── ".utf8)
    private static let lastBranch = Array("└── ".utf8)
    private static let symlinkArrow = Array(" -> ".utf8)

    /// `ls -R`: `dir:` headers, each followed by that directory's names.
    private static func lsRecursive(_ text: [UInt8], _ lines: [Range<Int>], base: String?) -> [ListingEntry] {
        var directory = base ?? "."
        var previousBlank = true
        return lines.map { line in
            let content = text.string(line)
            defer { previousBlank = content.isEmpty }
            if content.isEmpty { return neutral(line) }
            if previousBlank && content.hasSuffix(":") {
                directory = String(content.dropLast())
                return ListingEntry(line: line, path: directory, nameStart: line.lowerBound)
            }
            return ListingEntry(line: line, path: directory + "/" + content, nameStart: line.lowerBound)
        }
    }
}
