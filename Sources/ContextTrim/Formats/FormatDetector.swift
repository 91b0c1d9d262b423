/// Tells the wire format of a request body by its shape.
public enum FormatDetector {
    /// Every adapter, in the order ties are broken.
    public static let adapters: [any FormatAdapter] = [
        AnthropicMessagesAdapter(),
        OpenAIChatAdapter(),
        OpenAIResponsesAdapter(),
    ]

    /// The adapter for `format`.
    public static func adapter(for format: WireFormat) -> any FormatAdapter {
        adapters.first { $0.format == format }!
    }

    /// The adapter whose shape fits `root` best, or nil when none fits.
    public static func detect(_ root: JSONValue) -> (any FormatAdapter)? {
        detection(root)?.adapter
    }

    /// The adapter whose shape fits `root` best, and whether the shape says
    /// so clearly: by a field or block type only that format has (a score
    /// at least `distinctive` above every other's), not by a tie broken in
    /// list order or by the model's name. A body of only user messages of
    /// text fits Anthropic Messages and OpenAI Chat alike (Cline's first
    /// request to an OpenAI-compatible provider), and must not be given
    /// what only one of the two APIs accepts.
    public static func detection(_ root: JSONValue) -> (adapter: any FormatAdapter, isCertain: Bool)? {
        let scored = adapters.map { (adapter: $0, score: $0.score(root)) }
        guard let best = scored.max(by: { $0.score < $1.score }), best.score > 0 else { return nil }
        // max(by:) keeps the last of equal scores; ties go to the first adapter listed.
        let winner = scored.first { $0.score == best.score }!
        let runnerUp = scored.filter { $0.adapter.format != winner.adapter.format }.map(\.score).max() ?? 0
        return (winner.adapter, runnerUp == 0 || winner.score - runnerUp >= distinctive)
    }

    /// The score one distinctive feature adds (a `system` field, a
    /// `tool_result` block, a `tool` role).
    static let distinctive = 4
}
