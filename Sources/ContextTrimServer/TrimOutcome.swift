/// What happened to one request at the proxy, as the `x-ctxtrim-outcome`
/// header, the request log and the `ctxtrim_requests_total` metric name it.
public enum TrimOutcome: String, Sendable, CaseIterable {
    /// The engine made edits and the trimmed body went upstream.
    case trimmed
    /// The engine found nothing to trim: the body went as sent.
    case unchanged
    /// The engine could not read the body (not JSON, not a request) or its
    /// output failed its own check: the original went upstream.
    case failedOpen = "failed-open"
    /// Not a body the engine reads (another endpoint, another method, a
    /// compressed body): forwarded byte for byte.
    case passedThrough = "passed-through"
    /// Audit mode: the original went upstream; the headers and metrics say
    /// what trimming would have saved.
    case audited
}
