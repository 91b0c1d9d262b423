/// The consecutive requests of one session sent through the provider's cache
/// twice, as the client wrote them and as ContextTrim trims them, so that a
/// user (and the tests) can see what trimming does to cache hits and cost.
/// Compare missed tokens, not cached shares: trimming shrinks the cached
/// history, so the share can fall while nothing is lost.
public struct SessionSimulation: Sendable {
    /// One request of the session, original and trimmed.
    public struct Row: Sendable, Codable {
        public let name: String
        /// Whose caching rules applied (none when the request was not understood).
        public let provider: CachePrompt.Provider?
        public let original: CacheSimulator.Usage
        public let trimmed: CacheSimulator.Usage
        /// Why the request could not be simulated (not JSON, not a request).
        public let failure: String?
    }

    public let rows: [Row]

    /// OpenAI caches in steps of this many tokens: a trimmed prompt, being
    /// shorter, can lose up to one step less than this to the rounding.
    public static let openAIStep = 128

    /// Simulates `requests` (name and body, in session order), trimming each
    /// with `trimmer` and counting tokens with `counter`.
    public init(_ requests: [(name: String, body: [UInt8])], trimmer: Trimmer, counter: any TokenCounting,
                table: CachePricingTable = .builtIn) {
        var original = CacheSimulator(table: table)
        var trimmed = CacheSimulator(table: table)
        rows = requests.map { request in
            guard let before = Self.prompt(request.body, counter: counter) else {
                return Row(name: request.name, provider: nil, original: .init(), trimmed: .init(), failure: "not a request ContextTrim understands")
            }
            let output = trimmer.trim(request.body).output
            let after = Self.prompt(output, counter: counter) ?? before
            return Row(name: request.name, provider: before.provider, original: original.process(before), trimmed: trimmed.process(after), failure: nil)
        }
    }

    /// Totals over the session.
    public var total: (original: CacheSimulator.Usage, trimmed: CacheSimulator.Usage) {
        rows.reduce((CacheSimulator.Usage(), CacheSimulator.Usage())) { sum, row in
            (Self.add(sum.0, row.original), Self.add(sum.1, row.trimmed))
        }
    }

    private static func add(_ a: CacheSimulator.Usage, _ b: CacheSimulator.Usage) -> CacheSimulator.Usage {
        var sum = a
        sum.read += b.read
        sum.written += b.written
        sum.uncached += b.uncached
        sum.cost += b.cost
        sum.belowMinimum = a.belowMinimum || b.belowMinimum
        return sum
    }

    private static func prompt(_ body: [UInt8], counter: any TokenCounting) -> CachePrompt? {
        guard let document = try? JSONScanner.scan(body), document.root.kind == .object,
              let adapter = FormatDetector.detect(document.root) else { return nil }
        return CachePrompt(document, format: adapter.format, counter: counter)
    }
}
