/// The layered ignore rules of one configuration, and git's way of deciding
/// with them.
///
/// Precedence, lowest first: the embedded defaults, user rule files in the
/// order given, the repository's `.git/info/exclude`, its `.gitignore` files
/// (deeper directories win), its `.ctxtrimignore`. Within a file the last
/// matching line wins. A path inside an excluded directory is excluded by that
/// directory's rule, whatever later lines say of the path itself, as in git.
/// The secrets rules stand apart: what they drop no other layer re-includes;
/// only leaving them out of the set (`--secrets off`) does.
public struct RuleSet: Sendable {
    /// The secrets sources; empty when switched off.
    public let secrets: [RuleSource]
    /// The defaults and the user's rule files, lowest precedence first.
    public let sources: [RuleSource]
    /// The repository's own rules, when a repository is known.
    public let repository: RepositoryRules?

    public init(secrets: [RuleSource], sources: [RuleSource], repository: RepositoryRules? = nil) {
        self.secrets = secrets
        self.sources = sources
        self.repository = repository
    }

    /// Every source that applies to `path`, in precedence order, the
    /// secrets first: what `ctxtrim rules list` prints.
    public func sources(for path: String = "") -> [RuleSource] {
        secrets + layered(for: RulePath(path))
    }

    /// Decides `path` (slash-separated, relative to the repository root or
    /// the working directory); nil when no rule matches it or its ancestors.
    /// The repository's rules apply only to paths `inRepository`.
    public func decision(for path: String, isDirectory: Bool, inRepository: Bool = true) -> IgnoreDecision? {
        let rulePath = RulePath(path)
        if let secret = Self.decide(rulePath, isDirectory: isDirectory, sources: secrets), secret.isIgnored {
            return secret
        }
        return Self.decide(rulePath, isDirectory: isDirectory, sources: inRepository ? layered(for: rulePath) : sources)
    }

    private func layered(for path: RulePath) -> [RuleSource] {
        guard let repository else { return sources }
        return sources + repository.sources(for: path)
    }

    /// Git's walk: the first excluded ancestor decides; otherwise the path's
    /// own last match. When neither matches, the deepest ancestor a negated
    /// rule re-included is returned, so that `rules check` can say why.
    private static func decide(_ path: RulePath, isDirectory: Bool, sources: [RuleSource]) -> IgnoreDecision? {
        var reincluded: IgnoreDecision?
        for ancestor in path.ancestors {
            guard let decision = lastMatch(ancestor, isDirectory: true, sources: sources) else { continue }
            if decision.isIgnored { return decision }
            reincluded = decision
        }
        return lastMatch(path, isDirectory: isDirectory, sources: sources) ?? reincluded
    }

    private static func lastMatch(_ path: RulePath, isDirectory: Bool, sources: [RuleSource]) -> IgnoreDecision? {
        let keys = RulePath.Keys(path)
        for source in sources.reversed() {
            if let rule = source.lastMatch(path, keys: keys, isDirectory: isDirectory) {
                return IgnoreDecision(isIgnored: !rule.isNegated, rule: rule, sourceName: source.name, layer: source.layer, matchedPath: path.string)
            }
        }
        return nil
    }
}
