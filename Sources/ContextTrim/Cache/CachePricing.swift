/// What prompt caching does for one model and what its input costs: the
/// shortest prefix the provider caches, what cached tokens cost in units of
/// the base input price, and that price in dollars. The table is
/// `rules/prompt-caching.tsv`, built in, and users may give their own copy
/// (`--price-table`) without a rebuild.
public struct CachePricing: Sendable, Equatable {
    /// Prefixes shorter than this (in tokens) are not cached.
    public let minimumTokens: Int
    /// The price of a token read from the cache.
    public let read: Double
    /// The price of a token written with a 5-minute and a 1-hour TTL.
    public let write5m: Double
    public let write1h: Double
    /// The base input price in US dollars per million tokens, if the table gives one.
    public let dollarsPerMillion: Double?

    public init(minimumTokens: Int, read: Double, write5m: Double, write1h: Double, dollarsPerMillion: Double? = nil) {
        self.minimumTokens = minimumTokens
        self.read = read
        self.write5m = write5m
        self.write1h = write1h
        self.dollarsPerMillion = dollarsPerMillion
    }
}

/// The prompt-caching and price table: rows keyed by model prefix, the
/// longest matching prefix wins.
public struct CachePricingTable: Sendable {
    private let rows: [(prefix: String, pricing: CachePricing)]

    /// What went wrong reading a table.
    public struct ParseError: Error, CustomStringConvertible {
        public let line: Int
        public var description: String {
            line == 0 ? "price table: no rows" : "price table: line \(line) is not 'prefix, minimum, read, write 5m, write 1h[, USD per million input tokens]' separated by tabs"
        }
    }

    /// Parses the TSV format of `rules/prompt-caching.tsv` (`#` comments).
    public init(tsv text: String) throws {
        var rows: [(prefix: String, pricing: CachePricing)] = []
        // On bytes, by line feeds (blanks and a CR around a line trimmed): the table is read at every start.
        let bytes = Array(text.utf8)
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\r") }
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var start = line.startIndex, end = line.endIndex
            while start < end && isBlank(bytes[start]) { start += 1 }
            while end > start && isBlank(bytes[end - 1]) { end -= 1 }
            guard start < end, bytes[start] != UInt8(ascii: "#") else { continue }
            let fields = bytes[start..<end].split(separator: UInt8(ascii: "\t")).map { String(decoding: $0, as: UTF8.self) }
            let price = fields.count == 6 ? Double(fields[5]) : nil
            guard fields.count == 5 || price.map({ $0 >= 0 && $0.isFinite }) == true, let minimum = Int(fields[1]), minimum >= 0,
                  let read = Double(fields[2]), let write5m = Double(fields[3]), let write1h = Double(fields[4]),
                  [read, write5m, write1h].allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw ParseError(line: index + 1) }
            rows.append((fields[0], CachePricing(minimumTokens: minimum, read: read, write5m: write5m, write1h: write1h, dollarsPerMillion: price)))
        }
        guard !rows.isEmpty else { throw ParseError(line: 0) }
        self.rows = rows
    }

    /// The table built into the library.
    public static let builtIn: CachePricingTable = {
        // The built-in file is checked by the tests; it always parses.
        try! CachePricingTable(tsv: String(decoding: PackageResources.prompt_caching_tsv, as: UTF8.self))
    }()

    /// The pricing of `model` at `provider`, whose unknown models are cached
    /// by the `claude` or the `gpt` row's rules.
    public func pricing(for model: String?, provider: CachePrompt.Provider) -> CachePricing {
        pricing(for: model, fallback: provider == .anthropic ? "claude" : "gpt")
    }

    /// The pricing of `model`, by its longest matching prefix (a gateway's
    /// name, `anthropic/claude-sonnet-4-5`, by what follows its last slash).
    /// A request that names no model is priced by the `fallback` row
    /// (`claude`, `gpt`: the API's own, which the audit says it assumed); a
    /// model that is named but that no row matches gets that row's caching
    /// rules and no price, since its price would be a guess.
    public func pricing(for model: String?, fallback: String) -> CachePricing {
        let match = { (name: String) in rows.filter { name.hasPrefix($0.prefix) }.max { $0.prefix.count < $1.prefix.count }?.pricing }
        let rules = match(fallback) ?? CachePricing(minimumTokens: 1024, read: 1, write5m: 1, write1h: 1)
        guard let model else { return rules }
        if let found = match(model.split(separator: "/").last.map(String.init) ?? model) { return found }
        return CachePricing(minimumTokens: rules.minimumTokens, read: rules.read, write5m: rules.write5m, write1h: rules.write1h)
    }
}

private extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}
