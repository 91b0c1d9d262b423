/// One request of an audited session, as a chart draws it: its tokens
/// before and after, what each stage saved of them, and how it fared in the
/// provider's cache as sent and as trimmed.
public struct AuditedRequest: Sendable, Equatable {
    /// The request's name in its session (a file, a line, a call id).
    public let name: String
    /// The request through the cache as the client sent it.
    public let original: CacheSimulator.Usage
    /// The same request through the cache as trimmed.
    public let trimmed: CacheSimulator.Usage
    /// Tokens each stage saved on this request (only stages that saved any).
    public internal(set) var savedByStage: [String: Int] = [:]

    public var tokensBefore: Int { original.tokens }
    public var tokensAfter: Int { trimmed.tokens }
}
