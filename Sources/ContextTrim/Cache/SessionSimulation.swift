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
        /// Why the request could not be simulated (not JSON, not a request),
        /// or why its trim failed open.
        public let failure: String?
        /// What defeats caching here: volatile content in the stable prefix,
        /// and tools, `tool_choice` or model changed since the previous request.
        public let warnings: [String]
    }

    public private(set) var rows: [Row] = []
    /// The last request `add(name:body:)` understood: its model and its
    /// stable prefix, counted, which an audit reports of a session.
    public private(set) var lastRequest: (model: String?, prefix: PrefixHealth)?

    /// OpenAI caches in steps of this many tokens: a trimmed prompt, being
    /// shorter, can lose up to one step less than this to the rounding.
    public static let openAIStep = 128

    public let trimmer: Trimmer
    private let counter: any TokenCounting
    private var original: CacheSimulator
    private var trimmed: CacheSimulator
    private var previous: SessionShape?

    /// An empty session, whose requests `add` trims with `trimmer` and whose
    /// tokens it counts with `counter`.
    public init(trimmer: Trimmer, counter: any TokenCounting, table: CachePricingTable = .builtIn) {
        self.trimmer = trimmer
        self.counter = counter
        original = CacheSimulator(table: table)
        trimmed = CacheSimulator(table: table)
    }

    /// Simulates `requests` (name and body, in session order).
    public init(_ requests: [(name: String, body: [UInt8])], trimmer: Trimmer, counter: any TokenCounting,
                table: CachePricingTable = .builtIn) {
        self.init(trimmer: trimmer, counter: counter, table: table)
        for request in requests { add(name: request.name, body: request.body) }
    }

    /// Sends the session's next request through both caches, and returns
    /// its trim (nil when it is not a request ContextTrim understands). Only
    /// the row is kept, never the body. The body is scanned once, by the
    /// trim, and its output once more; only a trim that failed its output
    /// check (and so kept no request) has the body read again.
    @discardableResult
    public mutating func add(name: String, body: [UInt8]) -> Trimmer.Result? {
        let result = trimmer.trim(body)
        guard let document = result.request ?? (try? JSONScanner.scan(body)), document.root.kind == .object,
              let format = result.report.format ?? trimmer.configuration.format ?? FormatDetector.detect(document.root)?.format else {
            // It was sent as it stands and costs what the simulation cannot know: nothing here, in dollars too,
            // so that one such request does not leave the session unpriced.
            var nothing = CacheSimulator.Usage()
            nothing.dollars = 0
            rows.append(Row(name: name, provider: nil, original: nothing, trimmed: nothing, failure: "not a request ContextTrim understands", warnings: []))
            return nil
        }
        let before = CachePrompt(document, format: format, counter: counter)
        // A trim that failed open sent the original bytes.
        let after = result.failure == nil ? (try? JSONScanner.scan(result.output)).map { CachePrompt($0, format: format, counter: counter) } ?? before : before
        let shape = SessionShape(document)
        let prefix = PrefixHealth(document, format: format, counter: counter)
        lastRequest = (before.model, prefix)
        var warnings = prefix.warnings
        if let previous { warnings += shape.changes(since: previous) }
        previous = shape
        // A trim that failed open sent the original: say so rather than let it pass as "nothing to trim".
        rows.append(Row(name: name, provider: before.provider, original: original.process(before), trimmed: trimmed.process(after),
                        failure: result.failure.map { "trimming failed open: \($0)" }, warnings: warnings))
        return result
    }

    /// Sends a request already reduced to its prompts (an audit log's
    /// record) through both caches.
    @discardableResult
    public mutating func add(name: String, original: CachePrompt, trimmed: CachePrompt, warnings: [String], failure: String?) -> Row {
        let row = Row(name: name, provider: original.provider, original: self.original.process(original), trimmed: self.trimmed.process(trimmed),
                      failure: failure, warnings: warnings)
        rows.append(row)
        return row
    }

    /// Totals over the session.
    public var total: (original: CacheSimulator.Usage, trimmed: CacheSimulator.Usage) {
        var zero = CacheSimulator.Usage()
        zero.dollars = 0
        return rows.reduce((zero, zero)) { sum, row in
            (Self.add(sum.0, row.original), Self.add(sum.1, row.trimmed))
        }
    }

    private static func add(_ a: CacheSimulator.Usage, _ b: CacheSimulator.Usage) -> CacheSimulator.Usage {
        var sum = a
        sum.read += b.read
        sum.written += b.written
        sum.uncached += b.uncached
        sum.cost += b.cost
        // A request that cost nothing needs no price; any other unpriced one leaves the total unpriced.
        switch (a.dollars, b.dollars) {
        case let (x?, y?): sum.dollars = x + y
        case let (x?, nil) where b.cost == 0: sum.dollars = x
        default: sum.dollars = nil
        }
        sum.belowMinimum = a.belowMinimum || b.belowMinimum
        return sum
    }
}

/// What of a request must stay the same from turn to turn for the cache to
/// keep hitting: the tools, `tool_choice` and the model.
private struct SessionShape {
    let tools: UInt64
    let toolChoice: UInt64
    let model: String?

    init(_ document: JSONDocument) {
        let root = document.root
        func hash(_ value: JSONValue?) -> UInt64 {
            guard let value else { return 0 }
            var content = CanonicalContent()
            content.append(value)
            return content.hash
        }
        tools = hash(root["tools"])
        toolChoice = hash(root["tool_choice"])
        model = root["model"]?.string
    }

    func changes(since previous: SessionShape) -> [String] {
        var changes: [String] = []
        if tools != previous.tools { changes.append("the tools changed since the previous request") }
        if toolChoice != previous.toolChoice { changes.append("tool_choice changed since the previous request") }
        if model != previous.model { changes.append("the model changed since the previous request") }
        return changes
    }
}
