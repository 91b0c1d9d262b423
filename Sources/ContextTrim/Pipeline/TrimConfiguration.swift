/// Everything that decides what the trimmer does, prepared once and shared
/// by every request (the filter has one request; the proxy many). Immutable:
/// the rule indexes are built when it is made.
public struct TrimConfiguration: Sendable {
    /// Forces an adapter instead of detecting the format.
    public private(set) var format: WireFormat?
    /// The default rule sources in force (all but secrets).
    public let defaults: [RuleSource]
    /// The secrets source, unless switched off.
    public let secrets: RuleSource?
    /// User rule files, in the order given.
    public let userRules: [RuleSource]
    /// An explicit repository (`--repo`); overrides detection.
    public let repository: RepositoryRules?
    /// Whether to look for a repository at the request's working directory
    /// when it exists on this machine.
    public let detectRepository: Bool
    /// The stages to run, in order: by default the ignore rules, then the
    /// text transforms and the repeated scaffolding (`transforms`), then
    /// dedup of repeated blocks (which reads the text as those left it), then
    /// the prompt-cache markers (which only add).
    public let stages: [any Stage]
    /// Counts tokens for the report, when given (it costs a pass of BPE
    /// over the request's text).
    public private(set) var tokenCounter: (any TokenCounting)?

    public init(format: WireFormat? = nil, defaults: [RuleSource] = DefaultRules.sources(),
                secrets: RuleSource? = DefaultRules.secrets, userRules: [RuleSource] = [],
                repository: RepositoryRules? = nil, detectRepository: Bool = true,
                stages: [any Stage] = [IgnoreRulesStage()] + TrimConfiguration.transforms.map(\.stage) + [DedupStage(), CacheTagsStage()], tokenCounter: (any TokenCounting)? = nil) {
        self.format = format
        self.defaults = defaults
        self.secrets = secrets
        self.userRules = userRules
        self.repository = repository
        self.detectRepository = detectRepository
        self.stages = stages
        self.tokenCounter = tokenCounter
        baseRules = RuleSet(secrets: secrets.map { [$0] } ?? [], sources: defaults + userRules)
    }

    /// The transforms a user may switch off by name (`--without gutters`):
    /// the stages between the ignore rules and dedup, in pipeline order.
    public static let transforms: [(name: String, stage: any Stage)] = [
        ("search-results", SearchResultsStage()),
        ("gutters", TransformStage(GutterTransform())),
        // A progress bar is rendered before its escapes go (it needs its `ESC[K`), and lines compare as shown.
        ("terminal-overwrites", TransformStage(OverwriteTransform())),
        ("ansi", TransformStage(AnsiEscapeTransform())),
        ("trailing-spaces", TransformStage(TrailingSpaceTransform())),
        ("repeated-lines", TransformStage(RepeatedLinesTransform())),
        ("json-layout", JSONLayoutStage()),
        // Last: a block repeats as the transforms leave it.
        ("scaffolding", ScaffoldingStage()),
    ]

    /// The same configuration with the format forced (a proxy's path tells
    /// it), sharing the indexed rules and the repositories read so far.
    public func forcing(_ format: WireFormat) -> TrimConfiguration {
        var configuration = self
        configuration.format = format
        return configuration
    }

    /// The same configuration counting tokens with `counter` (none: nil),
    /// sharing the indexed rules and the repositories read so far.
    public func counting(with counter: (any TokenCounting)?) -> TrimConfiguration {
        var configuration = self
        configuration.tokenCounter = counter
        return configuration
    }

    /// The defaults, secrets and user rules, indexed once.
    private let baseRules: RuleSet

    /// The rules for a request whose agent works in `workingDirectory`.
    public func rules(workingDirectory: String?) -> RuleSet {
        baseRules.with(repository: repository ?? detectedRepository(at: workingDirectory))
    }

    private func detectedRepository(at directory: String?) -> RepositoryRules? {
        guard detectRepository, let directory else { return nil }
        return detectedRepositories.rules(at: directory)
    }

    /// The repositories found so far, each read once: every request of a
    /// session sees the same snapshot of its ignore files, so an edit to a
    /// `.gitignore` mid-session cannot re-trim history the provider cached.
    private let detectedRepositories = RepositorySnapshots()
}
