/// Reads an `rg`, `grep` or `git grep` command line: whether it prints the
/// file of every match (`path:12:text`), only the files (`-l`), or lines
/// that name no file at all. Only the first two are search results; taking a
/// file's own lines for `path:text` would drop text under a path it never
/// named, so anything it is not sure of is nil.
enum SearchCommand {
    /// What the search prints; nil when its lines may not name their files.
    static func kind(_ words: [String], program: String) -> ContentKind? {
        let tool = Tool(program)
        let parsed = parse(words, tool)
        if parsed.long.contains("--json") || parsed.long.contains("--heading") { return nil }
        if tool == .ripgrep && parsed.long.contains("--files") { return .listing(.paths, base: nil) }
        // Names separated by NULs are no lines.
        if parsed.long.contains("--null") || parsed.short.contains(tool == .ripgrep ? "0" : "Z") || (tool == .gitGrep && parsed.short.contains("z")) { return nil }
        let names = parsed.long.contains("--files-with-matches") || parsed.long.contains("--files-without-match") || parsed.long.contains("--name-only")
            || parsed.short.contains("l") || (tool != .ripgrep && parsed.short.contains("L"))
        if names { return .listing(.paths, base: nil) }
        if parsed.long.contains("--no-filename") || parsed.short.contains(tool.noFilename) { return nil }
        guard printsFileNames(parsed, tool) else { return nil }
        let counts = parsed.short.contains("c") || parsed.long.contains("--count") || parsed.long.contains("--count-matches")
        return .search(counts ? .counts : .prefixed)
    }

    private enum Tool {
        case ripgrep, grep, gitGrep

        init(_ program: String) {
            switch program {
            case "rg", "ripgrep": self = .ripgrep
            case "git grep": self = .gitGrep
            default: self = .grep
            }
        }

        /// Short options whose value follows, in the same word or the next.
        var valuedShort: Set<Character> {
            switch self {
            case .ripgrep: ["e", "f", "g", "t", "T", "A", "B", "C", "m", "M", "j", "d", "E", "r"]
            case .grep: ["e", "f", "A", "B", "C", "m", "d", "D"]
            case .gitGrep: ["e", "f", "A", "B", "C", "m", "O"]
            }
        }

        /// The short option that hides file names.
        var noFilename: Character { self == .ripgrep ? "I" : "h" }
    }

    /// Long options that take the next word as their value (unless written `--name=value`).
    private static let valuedLong: Set<String> = [
        "--regexp", "--file", "--glob", "--iglob", "--type", "--type-not", "--type-add", "--type-clear", "--after-context",
        "--before-context", "--context", "--max-count", "--max-columns", "--threads", "--max-depth", "--maxdepth", "--encoding",
        "--replace", "--colors", "--sort", "--sortr", "--ignore-file", "--pre", "--pre-glob", "--max-filesize", "--engine",
        "--context-separator", "--field-match-separator", "--field-context-separator", "--path-separator", "--dfa-size-limit",
        "--regex-size-limit", "--include", "--exclude", "--exclude-dir", "--exclude-from", "--directories", "--devices", "--label",
        "--open-files-in-pager", "--binary-files", "--group-separator",
    ]

    private struct Parsed {
        var short: Set<Character> = []
        var long: Set<String> = []
        var operands: [String] = []
        /// Whether `-e`/`-f` gave the pattern, so every operand is a path.
        var patternGiven = false

        /// The paths searched.
        var paths: ArraySlice<String> { patternGiven ? operands[...] : operands.dropFirst() }
    }

    private static func parse(_ words: [String], _ tool: Tool) -> Parsed {
        var parsed = Parsed()
        // `git grep`: what follows the subcommand.
        var index = tool == .gitGrep ? (words.firstIndex(of: "grep") ?? words.count) + 1 : 1
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || word == "-" || !word.hasPrefix("-") {
                parsed.operands.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            if word.hasPrefix("--") {
                let name = String(word.prefix { $0 != "=" })
                parsed.long.insert(name)
                if name == "--regexp" || name == "--file" { parsed.patternGiven = true }
                // rg's --color takes its value apart too; grep's only after `=`.
                if !word.contains("=") && (valuedLong.contains(name) || (tool == .ripgrep && (name == "--color" || name == "--colour"))) { index += 1 }
                continue
            }
            // A cluster of short options; a valued one takes the rest of the word, or the next word.
            for (offset, letter) in word.dropFirst().enumerated() {
                parsed.short.insert(letter)
                guard tool.valuedShort.contains(letter) else { continue }
                if letter == "e" || letter == "f" { parsed.patternGiven = true }
                if offset == word.count - 2 { index += 1 }
                break
            }
        }
        return parsed
    }

    private static func printsFileNames(_ parsed: Parsed, _ tool: Tool) -> Bool {
        if parsed.long.contains("--with-filename") || parsed.short.contains("H") { return true }
        let paths = parsed.paths
        switch tool {
        case .gitGrep:
            return true
        case .grep:
            let recursive = parsed.long.contains("--recursive") || parsed.long.contains("--dereference-recursive")
                || parsed.short.contains("r") || parsed.short.contains("R")
            guard recursive else { return paths.count >= 2 && !paths.contains(where: isGlob) }
            return paths.isEmpty || paths.count >= 2 || isDirectory(paths.first!)
        case .ripgrep:
            return paths.isEmpty || paths.count >= 2 || isDirectory(paths.first!)
        }
    }

    /// A glob the shell expands to one file or many.
    private static func isGlob(_ path: String) -> Bool {
        path.contains { "*?[{".contains($0) }
    }

    /// Whether a path surely names a directory: `.`, `src/`, or a name
    /// projects give their directories (`src`, `lib`, `tests`); a name with
    /// no extension may be a file (`bin/build`, `debian/rules`), whose
    /// search prints no names.
    static func isDirectory(_ path: String) -> Bool {
        if path.hasSuffix("/") || [".", "..", "~"].contains(path) { return true }
        guard !isGlob(path), let name = path.split(separator: "/").last else { return false }
        return directoryNames.contains(String(name))
    }

    private static let directoryNames: Set<String> = [
        "src", "source", "sources", "Sources", "lib", "libs", "app", "apps", "packages", "pkg", "cmd", "internal", "include", "test",
        "tests", "Tests", "spec", "specs", "__tests__", "e2e", "docs", "doc", "scripts", "tools", "components", "pages", "routes",
        "server", "client", "web", "api", "core", "utils", "util", "config", "configs", "examples", "modules", "node_modules",
        "vendor", "third_party", "crates", "services", "frontend", "backend", "public", "static", "assets", "styles", "types",
        "models", "views", "controllers", "handlers", "migrations", "db", "bin", "dist",
    ]
}
