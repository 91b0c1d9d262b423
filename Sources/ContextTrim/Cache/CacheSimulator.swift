/// The provider's prompt cache over the consecutive requests of one session,
/// by each provider's documented rules, so that ContextTrim can show (and
/// test) that its trimming keeps the client's cache hits.
///
/// - Anthropic: a breakpoint (`cache_control`) caches the exact prefix up to
///   its block; a request reads the longest cached prefix that ends at one of
///   the 20 block boundaries up to each of its breakpoints, writes from there
///   to its last breakpoint, and pays in full for what follows. Prefixes
///   shorter than the model's minimum are not cached. Entries are assumed
///   alive (consecutive requests come within the TTL).
/// - OpenAI: caching is automatic for prompts of 1,024 tokens and more; a
///   request reads the longest prefix an earlier request with the same
///   `prompt_cache_key` had, in 128-token steps, and writing costs nothing.
public struct CacheSimulator: Sendable {
    /// What one request read, wrote and left uncached, in tokens, and its
    /// input cost in units of the base input price.
    public struct Usage: Sendable, Equatable, Codable {
        public var read = 0
        public var written = 0
        public var uncached = 0
        public var cost = 0.0
        /// The same cost in US dollars, when the table prices the model.
        public var dollars: Double?
        /// Whether the prompt was too short for the provider to cache at all.
        public var belowMinimum = false

        /// The tokens not read from the cache: what a cache miss costs.
        public var missed: Int { written + uncached }
    }

    /// How many block boundaries before a breakpoint Anthropic checks for a hit.
    public static let lookback = 20

    private let table: CachePricingTable
    /// Anthropic: the prefixes breakpoints cached, by hash, with their tokens.
    private var entries: [UInt64: Int] = [:]
    /// OpenAI: the prefixes earlier requests had, by cache key.
    private var seen: [String: Set<UInt64>] = [:]

    public init(table: CachePricingTable = .builtIn) {
        self.table = table
    }

    /// Sends one request through the cache.
    public mutating func process(_ prompt: CachePrompt) -> Usage {
        let pricing = table.pricing(for: prompt.model, provider: prompt.provider)
        var usage: Usage
        switch prompt.provider {
        case .anthropic: usage = anthropic(prompt, pricing)
        case .openAI: usage = openAI(prompt, pricing)
        }
        usage.dollars = pricing.dollarsPerMillion.map { usage.cost * $0 / 1_000_000 }
        return usage
    }

    private mutating func anthropic(_ prompt: CachePrompt, _ pricing: CachePricing) -> Usage {
        let prefixTokens = runningTotals(prompt)
        let total = prefixTokens.last ?? 0
        var usage = Usage()
        let breakpoints = prompt.blocks.indices.filter { prompt.blocks[$0].breakpoint != nil }
        for breakpoint in breakpoints {
            for boundary in stride(from: breakpoint, through: max(0, breakpoint - Self.lookback + 1), by: -1)
            where entries[prompt.blocks[boundary].prefixHash] != nil {
                usage.read = max(usage.read, prefixTokens[boundary])
                break
            }
        }
        guard let last = breakpoints.last, prefixTokens[last] >= pricing.minimumTokens else {
            usage.uncached = total - usage.read
            usage.belowMinimum = total < pricing.minimumTokens
            usage.cost = Double(usage.read) * pricing.read + Double(usage.uncached)
            return usage
        }
        usage.written = prefixTokens[last] - usage.read
        usage.uncached = total - prefixTokens[last]
        var writeCost = 0.0
        var from = usage.read
        for breakpoint in breakpoints where prefixTokens[breakpoint] > from {
            let price = prompt.blocks[breakpoint].breakpoint == .oneHour ? pricing.write1h : pricing.write5m
            writeCost += Double(prefixTokens[breakpoint] - from) * price
            from = prefixTokens[breakpoint]
        }
        usage.cost = Double(usage.read) * pricing.read + writeCost + Double(usage.uncached)
        for breakpoint in breakpoints where prefixTokens[breakpoint] >= pricing.minimumTokens {
            entries[prompt.blocks[breakpoint].prefixHash] = prefixTokens[breakpoint]
        }
        return usage
    }

    private mutating func openAI(_ prompt: CachePrompt, _ pricing: CachePricing) -> Usage {
        let prefixTokens = runningTotals(prompt)
        let total = prefixTokens.last ?? 0
        let key = prompt.cacheKey ?? ""
        var usage = Usage()
        guard total >= pricing.minimumTokens else {
            usage.uncached = total
            usage.belowMinimum = true
            usage.cost = Double(total)
            return usage
        }
        let known = seen[key, default: []]
        if let longest = prompt.blocks.indices.last(where: { known.contains(prompt.blocks[$0].prefixHash) }) {
            let steps = prefixTokens[longest] / SessionSimulation.openAIStep * SessionSimulation.openAIStep
            usage.read = steps >= pricing.minimumTokens ? steps : 0
        }
        usage.uncached = total - usage.read
        usage.cost = Double(usage.read) * pricing.read + Double(usage.uncached)
        seen[key, default: []].formUnion(prompt.blocks.map(\.prefixHash))
        return usage
    }

    /// The tokens of the prompt up to and including each block.
    private func runningTotals(_ prompt: CachePrompt) -> [Int] {
        var total = 0
        return prompt.blocks.map { block in
            total += block.tokens
            return total
        }
    }
}
