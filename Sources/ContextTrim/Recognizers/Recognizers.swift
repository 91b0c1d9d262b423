/// The recognizers ContextTrim runs, and how their findings combine.
public enum Recognizers {
    /// Every recognizer, in priority order: where two claim overlapping text,
    /// the earlier one wins. Agent-specific habits come before the generic one.
    public static let all: [any Recognizer] = [
        ClaudeCodeRecognizer(),
        CodexRecognizer(),
        ClineRecognizer(),
        SWEAgentRecognizer(),
        MiniSWEAgentRecognizer(),
        AiderRecognizer(),
        GenericToolRecognizer(),
    ]

    /// The recognizers that may find something in a segment, judged from its
    /// raw JSON string without decoding it. A string with `\u` escapes may
    /// hide a marker behind them, so every recognizer is asked.
    public static func candidates(for segment: Segment, call: ToolCall?, text: JSONValue, using recognizers: [any Recognizer] = all) -> [any Recognizer] {
        guard !text.hasUnicodeEscapes, let content = text.stringContentSpan else { return recognizers }
        let raw = text.document.bytes[content]
        return recognizers.filter { $0.mayRecognize(segment, call: call, raw: raw) }
    }

    /// The non-overlapping regions of a segment, in text order.
    public static func regions(in context: RecognitionContext, using recognizers: [any Recognizer] = all) -> [ContentRegion] {
        var accepted: [ContentRegion] = []
        for recognizer in recognizers {
            for region in recognizer.regions(in: context) where !region.range.isEmpty {
                if !accepted.contains(where: { $0.range.overlaps(region.range) }) { accepted.append(region) }
            }
            // Whole text claimed: no later recognizer could add a region.
            if accepted.count == 1 && accepted[0].range == 0..<context.text.count { break }
        }
        return accepted.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}
