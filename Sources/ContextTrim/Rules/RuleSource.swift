/// One file of gitignore-syntax rules, with where it came from and the
/// directory its patterns are relative to.
public struct RuleSource: Sendable {
    /// Where a source stands in the precedence order; later layers win.
    public enum Layer: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        /// The embedded default rules (but secrets).
        case defaults
        /// The embedded secrets rules: no other layer can re-include what they drop.
        case secrets
        /// Rule files given with `--rules`, in the order given.
        case user
        /// The repository's `.git/info/exclude`.
        case repositoryExclude
        /// The repository's `.gitignore` files, deeper directories winning.
        case gitignore
        /// The repository's `.ctxtrimignore`.
        case ctxtrimignore

        public static func < (lhs: Layer, rhs: Layer) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .defaults: return "default"
            case .secrets: return "secrets"
            case .user: return "user"
            case .repositoryExclude: return "repository exclude"
            case .gitignore: return "gitignore"
            case .ctxtrimignore: return "ctxtrimignore"
            }
        }
    }

    /// The name stubs and `rules check` print, e.g. `rules/dependencies.ignore`.
    public let name: String
    public let layer: Layer
    /// The directory the patterns are relative to: empty, or `sub/dir/`.
    public let base: String
    public let rules: [IgnoreRule]

    private let baseBytes: [UInt8]
    /// Its own index, for lookups of this source alone (a per-directory
    /// `.gitignore`); a root-relative source is looked up through its layer's.
    private let index: LazyRuleIndex

    /// Parses `text` as a gitignore-syntax file.
    public init(name: String, layer: Layer, base: String = "", text: String) {
        var rules: [IgnoreRule] = []
        // Split on bytes: as a Character, "\r\n" is one grapheme and would not
        // split on "\n". A UTF-8 byte order mark is skipped, as git does.
        var utf8 = text.utf8[...]
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8 = utf8.dropFirst(3) }
        for (offset, line) in utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if let rule = IgnoreRule(line: line, number: offset + 1) { rules.append(rule) }
        }
        self.name = name
        self.layer = layer
        self.base = base
        self.rules = rules
        baseBytes = Array(base.utf8)
        index = LazyRuleIndex([rules])
    }

    /// The last rule of this source that matches `path` (relative to the
    /// root all sources share), as git picks it; nil when none does.
    func lastMatch(_ path: RulePath, isDirectory: Bool) -> IgnoreRule? {
        guard let local = path.relative(to: baseBytes) else { return nil }
        return index.built.lastMatch(local, keys: RulePath.Keys(local), isDirectory: isDirectory)?.rule
    }
}
