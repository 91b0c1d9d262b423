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

    /// The non-overlapping regions of a segment, in text order.
    public static func regions(in context: RecognitionContext, using recognizers: [any Recognizer] = all) -> [ContentRegion] {
        var accepted: [ContentRegion] = []
        for recognizer in recognizers {
            for region in recognizer.regions(in: context) where !region.range.isEmpty {
                if !accepted.contains(where: { $0.range.overlaps(region.range) }) { accepted.append(region) }
            }
        }
        return accepted.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}
