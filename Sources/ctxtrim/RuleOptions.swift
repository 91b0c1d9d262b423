import ArgumentParser
import ContextTrim
import Foundation

/// The options that decide what is trimmed (ignore rules, dedup), shared by
/// `filter` and `rules`.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A rule file in gitignore syntax, above the defaults (repeatable; later files win).", valueName: "file"))
    var ruleFiles: [String] = []

    @Option(help: ArgumentHelp("The repository whose .gitignore files and .ctxtrimignore apply.", valueName: "dir"))
    var repo: String?

    @Flag(help: "Do not look for a repository at the request's working directory.")
    var noDetectRepo = false

    @Option(help: ArgumentHelp("Drop files under the secrets rules (on), or switch those rules off (off).", valueName: "on|off"))
    var secrets: Switch = .on

    @Option(name: .customLong("without"), help: ArgumentHelp("Switch off a default rule category (vcs, dependencies, build, caches, databases, lockfiles, minified, binaries) or a transform (search-results, gutters, terminal-overwrites, ansi, trailing-spaces, repeated-lines, json-layout, scaffolding); repeatable.", valueName: "name"))
    var disabled: [String] = []

    /// The rule categories switched off.
    private var disabledCategories: Set<String> { Set(disabled).subtracting(TrimConfiguration.transforms.map(\.name)) }

    @Option(help: ArgumentHelp("Replace repeated text with pointers to its first copy: runs of repeated lines and whole repeats (blocks, the default), whole files and outputs only (exact), or nothing (off).", valueName: "off|exact|blocks"))
    var dedup: DedupMode = .blocks

    @Option(name: .customLong("dedup-min-tokens"), help: ArgumentHelp("The fewest o200k tokens a pointer must save, net of its own, to replace repeated text.", valueName: "N"))
    var dedupMinimumTokens: Int = DedupStage.defaultMinimumTokens

    @Option(help: ArgumentHelp("Prompt-cache markers: add them where they pay, keeping the client's (tag, the default), leave the client's alone and add none (keep), or do nothing (off).", valueName: "off|keep|tag"))
    var cache: CacheMode = .tag

    @Option(name: .customLong("cache-ttl"), help: ArgumentHelp("The TTL of the Anthropic cache markers ctxtrim adds.", valueName: "5m|1h"))
    var cacheTTL: CachePrompt.TTL = .fiveMinutes

    @Option(name: [.customLong("price-table"), .customLong("cache-table")], help: ArgumentHelp("A price table in the format of rules/prompt-caching.tsv (per-model cache minimums, cache prices and input prices), instead of the built-in one.", valueName: "file"))
    var cacheTablePath: String?

    /// The prompt-caching and price table in force.
    func cacheTable() throws -> CachePricingTable {
        guard let cacheTablePath else { return .builtIn }
        guard let data = FileManager.default.contents(atPath: cacheTablePath) else { throw ValidationError("cannot read \(cacheTablePath)") }
        return try CachePricingTable(tsv: String(decoding: data, as: UTF8.self))
    }

    enum Switch: String, ExpressibleByArgument {
        case on, off
    }

    enum DedupMode: String, ExpressibleByArgument {
        case off, exact, blocks
    }

    enum CacheMode: String, ExpressibleByArgument {
        case off, keep, tag
    }

    func validate() throws {
        guard dedupMinimumTokens >= 1 else { throw ValidationError("--dedup-min-tokens takes a whole number of at least 1") }
        let known = Set(DefaultRules.categories.map(\.name)).subtracting([DefaultRules.secretsCategory])
        for category in disabledCategories where !known.contains(category) {
            throw ValidationError("--without takes a rule category or a transform, not '\(category)'; use --secrets off for secrets")
        }
    }

    /// The configuration these options describe, counting tokens with `tokenCounter` if given.
    func configuration(format: WireFormat? = nil, tokenCounter: (any TokenCounting)? = nil) throws -> TrimConfiguration {
        let userRules = try ruleFiles.map { path -> RuleSource in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read rule file \(path)")
            }
            return RuleSource(name: path, layer: .user, text: String(decoding: data, as: UTF8.self))
        }
        let repository = repo.map { directory -> RepositoryRules in
            let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
            guard let found = GitRepository.discover(from: absolute) else {
                return RepositoryRules(root: absolute)
            }
            return RepositoryRules(root: found.root, gitDirectory: found.gitDirectory, linkedDirectory: found.linked)
        }
        var stages: [any Stage] = [IgnoreRulesStage()]
        stages += TrimConfiguration.transforms.filter { !disabled.contains($0.name) }.map(\.stage)
        switch dedup {
        case .off: break
        case .exact: stages.append(DedupStage(mode: .exact, minimumTokens: dedupMinimumTokens))
        case .blocks: stages.append(DedupStage(mode: .blocks, minimumTokens: dedupMinimumTokens))
        }
        if cache == .tag { stages.append(CacheTagsStage(ttl: cacheTTL, table: try cacheTable())) }
        return TrimConfiguration(format: format, defaults: DefaultRules.sources(excluding: disabledCategories),
                                 secrets: secrets == .on ? DefaultRules.secrets : nil, userRules: userRules,
                                 repository: repository, detectRepository: !noDetectRepo, stages: stages, tokenCounter: tokenCounter)
    }
}
