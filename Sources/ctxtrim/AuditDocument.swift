import ContextTrim

/// What `ctxtrim audit --json` writes: a stable document, its schema in the
/// README ("Audit JSON"), held to it by the tests. Costs are US dollars of
/// input (null when the price table does not price the model); tokens are
/// o200k_base counts of all the text the model reads.
struct AuditDocument: Encodable, Sendable {
    struct Totals: Encodable, Sendable {
        var sessions = 0
        var requests = 0
        var tokensBefore = 0
        var tokensAfter = 0
        @ExplicitNull var costBefore: Double? = 0
        @ExplicitNull var costAfter: Double? = 0

        mutating func add(_ session: Session) {
            sessions += 1
            requests += session.requests
            tokensBefore += session.tokensBefore
            tokensAfter += session.tokensAfter
            costBefore = costBefore.flatMap { total in session.costBefore.map { total + $0 } }
            costAfter = costAfter.flatMap { total in session.costAfter.map { total + $0 } }
        }
    }

    /// What one session's input cost was assumed to be priced at.
    struct Pricing: Encodable, Sendable {
        @ExplicitNull var model: String?
        /// US dollars per million input tokens, at the base price.
        @ExplicitNull var dollarsPerMillion: Double?
        let cacheRead: Double
        let cacheWrite5m: Double
        let cacheWrite1h: Double
        let minimumTokens: Int
    }

    struct File: Encodable, Sendable {
        let path: String
        let tokens: Int
    }

    /// What the provider billed, from the session's own log.
    struct Billed: Encodable, Sendable {
        let calls: Int
        let inputTokens: Int
        let uncachedTokens: Int
        let cacheWrite5mTokens: Int
        let cacheWrite1hTokens: Int
        let cacheReadTokens: Int
        /// US dollars of input, at the price table's price for the model.
        @ExplicitNull var cost: Double?
        /// What trimming would have saved (costBefore - costAfter) as a share of that bill.
        @ExplicitNull var savedShare: Double?
    }

    /// One request of a session, as the page's charts draw it.
    struct Request: Encodable, Sendable {
        let name: String
        let tokensBefore: Int
        let tokensAfter: Int
        /// Of the tokens after, those the provider's cache would serve.
        let cacheReadBefore: Int
        let cacheReadAfter: Int
        @ExplicitNull var costBefore: Double?
        @ExplicitNull var costAfter: Double?
        let costUnitsBefore: Double
        let costUnitsAfter: Double
        /// Tokens each stage saved on this request (stages that saved none are left out).
        let savedByStage: [String: Int]

        init(_ request: AuditedRequest) {
            name = request.name
            tokensBefore = request.tokensBefore
            tokensAfter = request.tokensAfter
            cacheReadBefore = request.original.read
            cacheReadAfter = request.trimmed.read
            costBefore = request.original.dollars
            costAfter = request.trimmed.dollars
            costUnitsBefore = request.original.cost
            costUnitsAfter = request.trimmed.cost
            savedByStage = request.savedByStage
        }
    }

    struct Prefix: Encodable, Sendable {
        @ExplicitNull var tokens: Int?
        let warnings: [String]
    }

    struct Session: Encodable, Sendable {
        let source: String
        @ExplicitNull var format: WireFormat?
        @ExplicitNull var model: String?
        let requests: Int
        let tokensBefore: Int
        let tokensAfter: Int
        @ExplicitNull var costBefore: Double?
        @ExplicitNull var costAfter: Double?
        /// The same costs in units of the model's base input price.
        let costUnitsBefore: Double
        let costUnitsAfter: Double
        let pricing: Pricing
        let savedByStage: [String: Int]
        let savedByCause: [SavingCause]
        let topFiles: [File]
        let cachePrefix: Prefix?
        let billed: Billed?
        let warnings: [String]
        /// Every request in session order.
        let timeline: [Request]

        /// The session's warnings, then its last prefix's that the requests'
        /// own did not already say, each once.
        var allWarnings: [String] {
            let prefix = (cachePrefix?.warnings ?? []).filter { warning in
                !warnings.contains { $0 == warning || $0.hasPrefix(warning + " (") }
            }
            return warnings + prefix.map { "cache prefix: \($0)" }
        }

        init(_ audit: SessionAudit, table: CachePricingTable) {
            source = audit.source
            format = audit.format
            model = audit.model
            requests = audit.requests
            tokensBefore = audit.tokensBefore
            tokensAfter = audit.tokensAfter
            let cost = audit.cost
            costBefore = cost.original.dollars
            costAfter = cost.trimmed.dollars
            costUnitsBefore = cost.original.cost
            costUnitsAfter = cost.trimmed.cost
            let prices = table.pricing(for: audit.model, provider: audit.format == .anthropicMessages ? .anthropic : .openAI)
            pricing = Pricing(model: audit.model, dollarsPerMillion: prices.dollarsPerMillion, cacheRead: prices.read,
                              cacheWrite5m: prices.write5m, cacheWrite1h: prices.write1h, minimumTokens: prices.minimumTokens)
            savedByStage = audit.savedByStage
            savedByCause = audit.savedByCause
            topFiles = audit.topFiles(10).map { File(path: $0.path, tokens: $0.tokens) }
            cachePrefix = audit.cachePrefix.map { Prefix(tokens: $0.tokens, warnings: $0.warnings) }
            if let usage = audit.billed {
                let dollars = prices.dollarsPerMillion.map { usage.cost(under: prices) * $0 / 1_000_000 }
                let saved = zip2(cost.original.dollars, cost.trimmed.dollars).map { $0 - $1 }
                billed = Billed(calls: usage.calls, inputTokens: usage.inputTokens, uncachedTokens: usage.uncachedTokens,
                                cacheWrite5mTokens: usage.cacheWrite5mTokens, cacheWrite1hTokens: usage.cacheWrite1hTokens,
                                cacheReadTokens: usage.cacheReadTokens, cost: dollars,
                                savedShare: zip2(saved, dollars).flatMap { $1 > 0 ? $0 / $1 : nil })
            } else {
                billed = nil
            }
            let assumedModel = audit.model == nil && audit.requests > 0
                ? ["no request names its model: priced at the \(audit.format == .anthropicMessages ? "claude" : "gpt") row of the price table"] : []
            warnings = audit.notes + assumedModel + audit.warnings
            timeline = audit.timeline.map(Request.init)
        }
    }

    let tokenizer: String
    /// What the figures assume, in words (the tokenizer, the cache TTL, the prices).
    let assumptions: [String]
    /// False when Ctrl-C stopped the audit early: the figures are of what was done.
    var complete = true
    var totals = Totals()
    var sessions: [Session] = []
    var skippedLines = 0
    /// Inputs that could not be read, and why (each also said on stderr).
    var warnings: [String] = []
}

/// Both values, when both are there.
private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
