/// What one run of the trimmer did to one request: every edit with its
/// reason and size, and why nothing was done when the input was not
/// understood. The filter writes it with `--report`; the audit renders it.
public struct TrimReport: Sendable, Codable, Equatable {
    /// The wire format recognized, if any.
    public var format: WireFormat?
    /// The agent's working directory, as stated in the request.
    public var workingDirectory: String?
    /// The repository whose own rules applied, if any.
    public var repository: String?
    public var bytesIn: Int
    public var bytesOut: Int
    /// The tokenizer that counted `tokensIn`, `tokensOut` and each edit's
    /// tokens, when one was given.
    public var tokenizer: String?
    /// The tokens of all the text the model reads of the request (`ReadText`:
    /// tools, system, messages, tool calls and results, thinking; not ids,
    /// tags nor markers), before and after trimming. `tokensIn - tokensOut`
    /// is exactly the sum of the edits' savings.
    public var tokensIn: Int?
    public var tokensOut: Int?
    public var edits: [EditRecord]
    /// The cache-eligible prefix and what would defeat its caching, in the
    /// detailed report (when tokens are counted).
    public var cachePrefix: PrefixHealth?
    /// Why the input was passed through unchanged, when it was.
    public var failure: String?

    /// The tokens the edits saved, each counted on its own (0 before counting).
    public var tokensSaved: Int {
        edits.reduce(0) { $0 + ($1.tokensBefore ?? 0) - ($1.tokensAfter ?? 0) }
    }

    public init(format: WireFormat? = nil, workingDirectory: String? = nil, repository: String? = nil,
                bytesIn: Int, bytesOut: Int, edits: [EditRecord] = [], failure: String? = nil) {
        self.format = format
        self.workingDirectory = workingDirectory
        self.repository = repository
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.edits = edits
        self.failure = failure
    }
}
