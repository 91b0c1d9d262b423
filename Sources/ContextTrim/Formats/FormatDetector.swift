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
        var best: (adapter: any FormatAdapter, score: Int)?
        for adapter in adapters {
            let score = adapter.score(root)
            if score > 0 && score > (best?.score ?? 0) { best = (adapter, score) }
        }
        return best?.adapter
    }
}
