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
    public private(set) var repository: RepositoryRules?

    /// How the secrets, and the defaults with the user's files, are looked up.
    private let secretsLayer: [Matcher]
    private let sourcesLayer: [Matcher]

    public init(secrets: [RuleSource], sources: [RuleSource], repository: RepositoryRules? = nil) {
        self.secrets = secrets
        self.sources = sources
        self.repository = repository
        secretsLayer = Matcher.layer(secrets)
        sourcesLayer = Matcher.layer(sources)
    }

    /// The same rules with a repository's own rules on top; the indexes of
    /// the other layers are shared, not rebuilt.
    public func with(repository: RepositoryRules?) -> RuleSet {
        var copy = self
        copy.repository = repository
        return copy
    }

    /// Every source that applies to `path`, in precedence order, the
    /// secrets first: what `ctxtrim rules list` prints.
    public func sources(for path: String = "") -> [RuleSource] {
        secrets + sources + (repository?.sources(for: RulePath(path)) ?? [])
    }

    /// Decides `path` (slash-separated, relative to the repository root or
    /// the working directory); nil when no rule matches it or its ancestors.
    /// The repository's rules apply only to paths `inRepository`.
    public func decision(for path: String, isDirectory: Bool, inRepository: Bool = true) -> IgnoreDecision? {
        let rulePath = RulePath(path)
        if let secret = Self.decide(rulePath, isDirectory: isDirectory, matchers: { _ in secretsLayer }), secret.isIgnored {
            return secret
        }
        guard inRepository, let repository else {
            return Self.decide(rulePath, isDirectory: isDirectory) { _ in sourcesLayer }
        }
        return Self.decide(rulePath, isDirectory: isDirectory) { path in
            sourcesLayer + repository.sources(for: path).map(Matcher.single)
        }
    }

    /// Where rules are looked up: an index over several root-relative
    /// sources, or one (per-directory) source of the repository.
    private enum Matcher: Sendable {
        case indexed(LazyRuleIndex, [RuleSource])
        case single(RuleSource)

        /// Root-relative sources share one index (one lookup for all);
        /// sources relative to a directory are asked one by one.
        static func layer(_ sources: [RuleSource]) -> [Matcher] {
            guard sources.allSatisfy({ $0.base.isEmpty }) else { return sources.map(Matcher.single) }
            return [.indexed(LazyRuleIndex(sources.map(\.rules)), sources)]
        }

        func lastMatch(_ path: RulePath, keys: RulePath.Keys, isDirectory: Bool) -> IgnoreDecision? {
            switch self {
            case .indexed(let index, let sources):
                guard let match = index.built.lastMatch(path, keys: keys, isDirectory: isDirectory) else { return nil }
                return IgnoreDecision(match.rule, sources[match.source], path)
            case .single(let source):
                return source.lastMatch(path, isDirectory: isDirectory).map { IgnoreDecision($0, source, path) }
            }
        }
    }

    /// Git's walk: the first excluded ancestor decides; otherwise the path's
    /// own last match. When neither matches, the deepest ancestor a negated
    /// rule re-included is returned, so that `rules check` can say why.
    /// `matchers` gives the layers for a path, lowest precedence first.
    private static func decide(_ path: RulePath, isDirectory: Bool, matchers: (RulePath) -> [Matcher]) -> IgnoreDecision? {
        var reincluded: IgnoreDecision?
        for ancestor in path.ancestors {
            guard let decision = lastMatch(ancestor, isDirectory: true, matchers: matchers(ancestor)) else { continue }
            if decision.isIgnored { return decision }
            reincluded = decision
        }
        return lastMatch(path, isDirectory: isDirectory, matchers: matchers(path)) ?? reincluded
    }

    private static func lastMatch(_ path: RulePath, isDirectory: Bool, matchers: [Matcher]) -> IgnoreDecision? {
        let keys = RulePath.Keys(path)
        for matcher in matchers.reversed() {
            if let decision = matcher.lastMatch(path, keys: keys, isDirectory: isDirectory) { return decision }
        }
        return nil
    }
}

extension IgnoreDecision {
    init(_ rule: IgnoreRule, _ source: RuleSource, _ path: RulePath) {
        self.init(isIgnored: !rule.isNegated, rule: rule, sourceName: source.name, layer: source.layer, matchedPath: path.string)
    }
}
