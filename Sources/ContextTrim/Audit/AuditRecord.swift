/// One request as `ctxtrim proxy --audit-log` records it, one JSON line
/// each: the report (every edit, with its tokens) and the prompt as the
/// provider's cache sees it before and after trimming (block locations,
/// prefix hashes and token counts), never any of its text, so that `ctxtrim
/// audit` can total and price a day of proxied traffic later.
public struct AuditRecord: Sendable, Codable {
    /// When the proxy received it (ISO 8601, UTC).
    public let time: String
    public let report: TrimReport
    /// Nil when the request was not understood, or when the proxy, under
    /// more load than its counting thread keeps up with, skipped its count.
    public let original: CachePrompt?
    public let trimmed: CachePrompt?

    public init(time: String, report: TrimReport, prompts: (original: CachePrompt, trimmed: CachePrompt)?) {
        self.time = time
        self.report = report
        original = prompts?.original
        trimmed = prompts?.trimmed
    }

    /// Whether a log's first object is an audit record.
    public static func recognizes(_ object: JSONValue) -> Bool {
        object["report"]?.kind == .object && object["time"]?.kind == .string
    }
}
