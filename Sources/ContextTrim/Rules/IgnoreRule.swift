/// One pattern line of a gitignore-syntax file, parsed as git's dir.c does.
///
/// Kept with its line number and text so that a decision can name the exact
/// rule that made it.
public struct IgnoreRule: Sendable, Hashable {
    /// The pattern as written, after git's trimming of trailing spaces.
    public let text: String
    /// 1-based line in its source file.
    public let line: Int
    /// `!pattern`: a match re-includes the path.
    public let isNegated: Bool
    /// `pattern/`: matches directories only.
    public let isDirectoryOnly: Bool
    /// No slash but a trailing one: matches the last path component at any depth.
    let matchesBasename: Bool
    /// The glob, without `!`, trailing `/` or a leading `/`.
    let glob: [UInt8]
    /// The glob with the NUL byte Wildmatch needs at its end.
    private let terminatedGlob: [UInt8]
    /// The longest run of plain characters in the glob: a path without it
    /// cannot match, which spares most calls to Wildmatch.
    private let requiredLiteral: [UInt8]
    /// The glob has no wildcard: it matches by plain comparison.
    let isLiteral: Bool

    /// Parses one line; nil for blank lines and comments.
    init?(line rawLine: Substring.UTF8View, number: Int) {
        // Blank and comment lines, most of a rule file, cost no array.
        guard let first = rawLine.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "\r") else { return nil }
        var line = Array(rawLine)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        line = Self.trimmingTrailingSpaces(line)
        guard let first = line.first, first != UInt8(ascii: "#") else { return nil }
        text = String(decoding: line, as: UTF8.self)
        self.line = number
        var pattern = line[...]
        isNegated = first == UInt8(ascii: "!")
        if isNegated { pattern = pattern.dropFirst() }
        isDirectoryOnly = pattern.last == UInt8(ascii: "/")
        if isDirectoryOnly { pattern = pattern.dropLast() }
        guard !pattern.isEmpty else { return nil }
        matchesBasename = !pattern.contains(UInt8(ascii: "/"))
        if pattern.first == UInt8(ascii: "/") { pattern = pattern.dropFirst() }
        glob = Array(pattern)
        terminatedGlob = glob + [0]
        requiredLiteral = Self.longestLiteral(in: glob)
        isLiteral = !glob.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }
    }

    /// The longest run of bytes that are neither glob syntax nor a slash
    /// (and not inside a `[...]` class).
    private static func longestLiteral(in glob: [UInt8]) -> [UInt8] {
        var best: ArraySlice<UInt8> = []
        var start = 0
        var i = 0
        while i <= glob.count {
            // A slash next to `**` may match nothing, so runs stop at slashes too.
            let isSyntax: Bool
            if i == glob.count {
                isSyntax = true
            } else {
                switch glob[i] {
                case UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "\\"), UInt8(ascii: "/"): isSyntax = true
                default: isSyntax = false
                }
            }
            if isSyntax {
                if i - start > best.count { best = glob[start..<i] }
                if i < glob.count && glob[i] == UInt8(ascii: "[") {
                    // Skip the class: its bytes are alternatives, not literals. A `]`
                    // right after `[`, `[!` or `[^` is a member, as in wildmatch.
                    i += 1
                    if i < glob.count && (glob[i] == UInt8(ascii: "!") || glob[i] == UInt8(ascii: "^")) { i += 1 }
                    if i < glob.count && glob[i] == UInt8(ascii: "]") { i += 1 }
                    while i < glob.count && glob[i] != UInt8(ascii: "]") { i += 1 }
                }
                if i < glob.count && glob[i] == UInt8(ascii: "\\") { i += 1 }
                start = i + 1
            }
            i += 1
        }
        return Array(best)
    }

    /// Git's trim_trailing_spaces: unescaped trailing spaces go.
    private static func trimmingTrailingSpaces(_ line: [UInt8]) -> [UInt8] {
        var lastSpace: Int?
        var i = 0
        while i < line.count {
            switch line[i] {
            case UInt8(ascii: " "):
                if lastSpace == nil { lastSpace = i }
            case UInt8(ascii: "\\"):
                i += 1
                if i == line.count { return line }
                lastSpace = nil
            default:
                lastSpace = nil
            }
            i += 1
        }
        return lastSpace.map { Array(line[..<$0]) } ?? line
    }

    /// Whether the rule matches `path` (relative to the rule file's
    /// directory, no leading or trailing slash).
    func matches(_ path: RulePath, isDirectory: Bool) -> Bool {
        if isDirectoryOnly && !isDirectory { return false }
        let text = matchesBasename ? path.basename : path.bytes[...]
        if isLiteral { return text.elementsEqual(glob) }
        if requiredLiteral.count > 1 && !text.contains(marker: requiredLiteral) { return false }
        return Wildmatch.matches(terminatedPattern: terminatedGlob, text: text, pathname: !matchesBasename)
    }

    /// For an index: the basename every path this rule matches must have,
    /// when the glob's last component is a plain name (`node_modules`,
    /// `**/.aws/credentials`): a wildcard never crosses a slash, so the last
    /// component matches the path's last component literally.
    var requiredBasename: [UInt8]? {
        let last = glob.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? glob[...]
        guard !last.isEmpty, !last.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }) else {
            return nil
        }
        return Array(last)
    }

    /// For an index: the file extension a `*.ext` basename pattern needs, if
    /// that is all the pattern asks (besides the suffix check it still runs).
    var requiredExtension: [UInt8]? {
        guard matchesBasename, glob.first == UInt8(ascii: "*") else { return nil }
        let rest = glob.dropFirst()
        guard !rest.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }),
              let dot = rest.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        return Array(rest[(dot + 1)...])
    }
}
