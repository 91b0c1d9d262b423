/// A session rebuilt from an agent's own log (a Claude Code transcript, a
/// Codex rollout): the request bodies the client sent to each model call,
/// made one at a time when asked for (every request holds the history
/// before it, so a session's bodies together are far larger than its log),
/// and what the provider billed, when the log records it.
public struct LoggedSession: Sendable {
    /// One model call: its name in reports, when it was made, the body the
    /// client sent, rebuilt on demand, and what the provider billed for it.
    public struct Call: Sendable {
        public let name: String
        /// ISO 8601, as the log wrote it, if it did.
        public let timestamp: String?
        public let body: @Sendable () -> [UInt8]
        public internal(set) var billed: BilledUsage?

        public init(name: String, timestamp: String?, body: @escaping @Sendable () -> [UInt8], billed: BilledUsage? = nil) {
            self.name = name
            self.timestamp = timestamp
            self.body = body
            self.billed = billed
        }
    }

    /// The log and, for a sidechain (a sub-agent), which one.
    public let source: String
    /// `claude-code` or `codex`.
    public let agent: String
    public let format: WireFormat
    public let calls: [Call]
    /// What the log leaves out (the system prompt, the tools), said in the audit.
    public let notes: [String]
}

/// What the provider billed for a session's input, as its log records it
/// (Claude Code's `message.usage`, Codex's `token_count` events).
public struct BilledUsage: Sendable, Codable, Equatable {
    /// The model calls whose usage the log holds.
    public var calls = 0
    /// Input tokens billed at the base price (not read from nor written to the cache).
    public var uncachedTokens = 0
    /// Input tokens written to the cache, with a 5-minute and a 1-hour TTL.
    public var cacheWrite5mTokens = 0
    public var cacheWrite1hTokens = 0
    /// Input tokens read from the cache.
    public var cacheReadTokens = 0

    public init() {}

    /// The sum of two calls' or sessions' figures.
    public static func + (a: BilledUsage, b: BilledUsage) -> BilledUsage {
        var sum = a
        sum.calls += b.calls
        sum.uncachedTokens += b.uncachedTokens
        sum.cacheWrite5mTokens += b.cacheWrite5mTokens
        sum.cacheWrite1hTokens += b.cacheWrite1hTokens
        sum.cacheReadTokens += b.cacheReadTokens
        return sum
    }

    /// All the input tokens billed.
    public var inputTokens: Int { uncachedTokens + cacheWrite5mTokens + cacheWrite1hTokens + cacheReadTokens }

    /// Their cost in units of the base input price, under `pricing`.
    public func cost(under pricing: CachePricing) -> Double {
        Double(uncachedTokens) + Double(cacheWrite5mTokens) * pricing.write5m + Double(cacheWrite1hTokens) * pricing.write1h
            + Double(cacheReadTokens) * pricing.read
    }
}
