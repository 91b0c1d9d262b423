/// Counts the tokens of text as a model's tokenizer does, so that reports
/// say what trimming saved in the unit users pay for. The engine only
/// needs the count; `ContextTrimTokens` provides o200k_base, and a gateway
/// may bring its own.
public protocol TokenCounting: Sendable {
    /// The tokenizer's name, as reports print it (`o200k_base`).
    var name: String { get }
    /// The number of tokens in `text` (valid UTF-8).
    func count(_ text: [UInt8]) -> Int
}
