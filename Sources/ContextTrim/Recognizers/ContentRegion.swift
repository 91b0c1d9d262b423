/// How the lines of a directory listing name their paths.
public enum ListingStyle: String, Sendable, Codable {
    /// One path a line (Glob, `find`, `rg --files`, Cline's file lists);
    /// directories may end in a slash.
    case paths
    /// `- name` lines indented two spaces a level under an absolute root line
    /// (Claude Code's LS).
    case indentedTree
    /// The `tree` command's `├── ` / `│   ` drawing.
    case tree
    /// `ls -R`: a `dir:` header line before each directory's names.
    case lsRecursive
}

/// How the lines of search results name the file each match stands in.
public enum SearchStyle: String, Sendable, Codable {
    /// One match a line behind its path: `path:12:text`, `path:text`,
    /// context lines `path-11-text` and `--` between groups (rg and grep
    /// piped, `git grep`, Claude Code's Grep).
    case prefixed
    /// The number of matches behind each path: `path:3` (`rg -c`, `grep -rc`,
    /// Claude Code's Grep in count mode).
    case counts
    /// A path line, then its matches, then a blank line: Cline's `│` lines
    /// and `│----` separators, Roo's `# path` and ` 12 | text`, and
    /// `rg --heading`'s `12:text`.
    case grouped
    /// SWE-agent's `search_dir`: `/abs/path (3 matches)` a line.
    case fileCounts
    /// SWE-agent's `search_file`: its `Found 3 matches for "x" in PATH:`
    /// header, then `Line 12:text` (or `12:text`) lines of that one file.
    case oneFile
}

/// What a stretch of a segment's text holds.
public enum ContentKind: Sendable, Equatable {
    /// The text of one file, as the path names it (perhaps with line gutters).
    case file(path: String)
    /// A directory listing; `base` is the directory its relative paths
    /// start from, when that is not the working directory.
    case listing(ListingStyle, base: String?)
    /// The output of a search, whose matches name their files.
    case search(SearchStyle)
    /// What a shell command printed to its terminal, when it is no file,
    /// listing or search (a build, a test run, a download).
    case commandOutput
    /// What a command printed that may hold files' bytes as they are (a
    /// diff, two files printed together, `jq . f.json`), or a command that
    /// cannot be read: no transform rewrites it, as none rewrites a file.
    case verbatim

    /// Whether it is what a command printed as such (terminal output, or
    /// text left verbatim), which stands whatever the command's exit code;
    /// a file, listing or search only when the command succeeded.
    public var isPrintedAsIs: Bool {
        self == .commandOutput || self == .verbatim
    }

    /// Whether every byte of it may matter, so no transform rewrites it:
    /// a file, or text left verbatim.
    public var keepsItsBytes: Bool {
        switch self {
        case .file, .verbatim: true
        case .listing, .search, .commandOutput: false
        }
    }
}

/// A stretch of a segment's decoded text that a recognizer identified.
public struct ContentRegion: Sendable, Equatable {
    public var kind: ContentKind
    /// Byte range in the segment's decoded UTF-8 text.
    public var range: Range<Int>
    /// The directory relative paths in this region start from (a tool's
    /// `workdir`, a `cd` before the command), when it is not the agent's.
    public var directory: String?
    /// The recognizer that found it, for the report.
    public var recognizer: String

    public init(kind: ContentKind, range: Range<Int>, directory: String? = nil, recognizer: String) {
        self.kind = kind
        self.range = range
        self.directory = directory
        self.recognizer = recognizer
    }
}
