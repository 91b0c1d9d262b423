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
    static func entries(_ text: [UInt8], in range: Range<Int>, style: ListingStyle, base: String?) -> [ListingEntry] {
        let lines = text.lineRanges(in: range)
        switch style {
        case .paths: return paths(text, lines, base: base)
        case .indentedTree: return indentedTree(text, lines)
        case .tree: return tree(text, lines, base: base)
        case .lsRecursive: return lsRecursive(text, lines, base: base)
        }
    }

    private static func neutral(_ line: Range<Int>) -> ListingEntry {
        ListingEntry(line: line, path: nil, nameStart: line.lowerBound)
    }

    private static func paths(_ text: [UInt8], _ lines: [Range<Int>], base: String?) -> [ListingEntry] {
        lines.map { line in
            var name = text.string(line)
            while name.hasSuffix(" ") || name.hasSuffix("\r") { name.removeLast() }
            let leading = name.prefix { $0 == " " || $0 == "\t" }
            name.removeFirst(leading.count)
            guard let first = name.first, !"([#<".contains(first), !name.hasPrefix("Found "), !name.hasPrefix("No files found") else {
                return neutral(line)
            }
            return ListingEntry(line: line, path: ShellCommand.join(base, name), nameStart: line.lowerBound + leading.utf8.count)
        }
    }

    /// Claude Code's LS: `- /abs/root/`, then `- name` indented two spaces a level.
    private static func indentedTree(_ text: [UInt8], _ lines: [Range<Int>]) -> [ListingEntry] {
        var stack: [String] = []
        return lines.map { line in
            let content = text.string(line)
            let indent = content.prefix { $0 == " " }.count
            let rest = content.dropFirst(indent)
            guard rest.hasPrefix("- ") else { return neutral(line) }
            var name = String(rest.dropFirst(2))
            if name.hasSuffix("/") && name.count > 1 { name.removeLast() }
            let depth = indent / 2
            guard depth <= stack.count else { return neutral(line) }
            stack.removeSubrange(depth...)
            stack.append(name)
            return ListingEntry(line: line, path: stack.joined(separator: "/"), nameStart: line.lowerBound + indent)
        }
    }

    /// `tree`: a root line, then names after `├── ` or `└── `, four columns a level.
    private static func tree(_ text: [UInt8], _ lines: [Range<Int>], base: String?) -> [ListingEntry] {
        var stack: [String] = []
        var root: String?
        return lines.map { line in
            let content = text.string(line)
            guard let glyph = content.range(of: "├── ") ?? content.range(of: "└── ") else {
                if root == nil && !content.isEmpty {
                    root = content
                    return ListingEntry(line: line, path: content, nameStart: line.lowerBound)
                }
                return neutral(line)
            }
            let depth = content[..<glyph.lowerBound].count / 4 + 1
            var name = String(content[glyph.upperBound...])
            if let arrow = name.range(of: " -> ") { name = String(name[..<arrow.lowerBound]) }
            guard depth <= stack.count + 1 else { return neutral(line) }
            stack.removeSubrange((depth - 1)...)
            stack.append(name)
            let top = root ?? base ?? "."
            let prefixBytes = content[..<glyph.upperBound].utf8.count
            return ListingEntry(line: line, path: ([top] + stack).joined(separator: "/"), nameStart: line.lowerBound + prefixBytes)
        }
    }

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
