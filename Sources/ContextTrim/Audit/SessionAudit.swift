/// What trimming would save on one session, request by request: its tokens
/// before and after, the savings by stage and by cause, the files saved most
/// on, and its input cost before and after under the provider's prompt-cache
/// rules (the session simulation, original against trimmed). The audit
/// adds one request at a time and keeps no body, so a session of any
/// length takes the memory of its largest request and of its figures.
public struct SessionAudit: Sendable {
    /// Where the session came from (a file or directory, and a session id).
    public let source: String
    public private(set) var format: WireFormat?
    /// The model of the session's last request that names one.
    public private(set) var model: String?
    public private(set) var requests = 0
    /// All the text the model reads (`ReadText`), summed over the requests.
    public private(set) var tokensBefore = 0
    public private(set) var tokensAfter = 0
    /// Tokens saved by each stage of the configuration (zero for a stage
    /// that saved none, such as the cache tags, which save money, not tokens).
    public private(set) var savedByStage: [String: Int]
    /// What the provider billed for the session's input, where its log says.
    public private(set) var billed: BilledUsage?
    /// What the session's source leaves out, and so what the audit could not see.
    public let notes: [String]
    /// The stable prefix of the session's last request: its tokens and what
    /// in it defeats caching.
    public private(set) var cachePrefix: PrefixHealth?
    /// Every request's figures, in session order: a few numbers each, never a body.
    public private(set) var timeline: [AuditedRequest] = []
    private var causesByKey: [SavingCause.Key: SavingCause] = [:]
    private var tokensByPath: [String: Int] = [:]
    private var warningCounts: [String: Int] = [:]
    private var warningOrder: [String] = []
    /// The session through the provider's cache, as sent and as trimmed, request by request.
    public private(set) var simulation: SessionSimulation
    private let counter: any TokenCounting

    /// An empty session named `source`, trimmed with `trimmer`, counted with
    /// `counter` (memoized, since every request resends the history), priced
    /// with `table`.
    public init(source: String, trimmer: Trimmer, counter: any TokenCounting, table: CachePricingTable = .builtIn, notes: [String] = []) {
        self.source = source
        self.notes = notes
        let memoized = MemoizedTokenCounter(counter)
        self.counter = memoized
        simulation = SessionSimulation(trimmer: trimmer, counter: memoized, table: table)
        savedByStage = Dictionary(uniqueKeysWithValues: trimmer.configuration.stages.map { ($0.name, 0) })
    }

    /// Audits a logged call: its body, and what the provider billed for it.
    public mutating func add(_ call: LoggedSession.Call) {
        add(name: call.name, body: call.body())
        if let usage = call.billed { billed = billed.map { $0 + usage } ?? usage }
    }

    /// Audits the session's next request.
    public mutating func add(name: String, body: [UInt8]) {
        requests += 1
        let result = simulation.add(name: name, body: body)
        absorb(simulation.rows[simulation.rows.count - 1])
        // The simulation read the request's model and prefix: neither is read again here.
        guard let result, let last = simulation.lastRequest else { return }
        if let model = last.model { self.model = model }
        absorb(result.report(countingTokensWith: counter, scope: .edits))
        cachePrefix = last.prefix
    }

    /// Audits a request an audit log recorded: its report and its prompts.
    public mutating func add(_ record: AuditRecord) {
        requests += 1
        guard let original = record.original, let trimmed = record.trimmed else {
            warn(record.report.failure.map { "not audited: \($0)" } ?? "logged without token counts (the proxy skipped counting under load)")
            return
        }
        absorb(simulation.add(name: record.time, original: original, trimmed: trimmed, warnings: record.report.cachePrefix?.warnings ?? [],
                              failure: record.report.failure.map { "trimming failed open: \($0)" }))
        if let model = original.model { self.model = model }
        absorb(record.report)
        cachePrefix = record.report.cachePrefix ?? cachePrefix
    }

    /// A request's row of the session simulation: its tokens and warnings.
    private mutating func absorb(_ row: SessionSimulation.Row) {
        tokensBefore += row.original.tokens
        tokensAfter += row.trimmed.tokens
        timeline.append(AuditedRequest(name: row.name, original: row.original, trimmed: row.trimmed))
        if let failure = row.failure { warn(failure) }
        for warning in row.warnings { warn(warning) }
    }

    /// A request's edits, into the savings by stage, by cause and by file.
    private mutating func absorb(_ report: TrimReport) {
        format = report.format ?? format
        for edit in report.edits {
            // Markup (a cache marker) has no tokens: it saves money, which the cost shows.
            guard let before = edit.tokensBefore, let after = edit.tokensAfter else { continue }
            let saved = before - after
            savedByStage[edit.stage, default: 0] += saved
            if saved != 0 { timeline[timeline.count - 1].savedByStage[edit.stage, default: 0] += saved }
            let key = SavingCause.Key(edit)
            var cause = causesByKey[key] ?? SavingCause(stage: edit.stage, action: edit.action, rule: edit.rule, path: key.path ?? edit.path)
            if cause.path != edit.path { cause.path = nil }
            cause.tokens += saved
            cause.bytes += edit.bytesBefore - edit.bytesAfter
            cause.edits += 1
            causesByKey[key] = cause
            if let path = edit.path { tokensByPath[path, default: 0] += saved }
        }
    }

    /// The causes, the largest saving first (ties in a fixed order).
    public var savedByCause: [SavingCause] {
        causesByKey.values.filter { $0.tokens != 0 || $0.edits > 0 }
            .sorted { ($1.tokens, $0.stage, $0.rule?.source ?? "", $0.rule?.line ?? 0, $0.path ?? "") < ($0.tokens, $1.stage, $1.rule?.source ?? "", $1.rule?.line ?? 0, $1.path ?? "") }
    }

    /// The files trimming saved most on, with their tokens, the largest first.
    public func topFiles(_ count: Int) -> [(path: String, tokens: Int)] {
        tokensByPath.filter { $0.value > 0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(count).map { ($0.key, $0.value) }
    }

    /// What went wrong or defeats caching, each once, with how many requests it concerned.
    public var warnings: [String] {
        warningOrder.map { warning in
            let count = warningCounts[warning] ?? 1
            return count > 1 ? "\(warning) (\(count) requests)" : warning
        }
    }

    /// The session's input cost as sent and as trimmed: in units of the
    /// model's base input price and, when the table prices the model, in dollars.
    public var cost: (original: CacheSimulator.Usage, trimmed: CacheSimulator.Usage) { simulation.total }

    private mutating func warn(_ warning: String) {
        if warningCounts[warning] == nil { warningOrder.append(warning) }
        warningCounts[warning, default: 0] += 1
    }
}

extension CacheSimulator.Usage {
    /// All the prompt's tokens: read, written and uncached.
    public var tokens: Int { read + written + uncached }
}
