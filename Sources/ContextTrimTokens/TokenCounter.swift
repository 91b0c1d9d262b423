import ContextTrim
import Foundation

/// Counts tokens exactly as an OpenAI tokenizer does (tiktoken's byte-pair
/// encoding), so that reports say what trimming saved in tokens, the unit
/// users pay for. `o200k` is the tokenizer of GPT-4o, GPT-4.1, the o-series
/// and GPT-5; Anthropic publishes no tokenizer, so for Claude its counts are
/// a close estimate, not the bill.
public struct TokenCounter: TokenCounting {
    /// The tokenizer's name, as reports print it.
    public let name: String
    private let vocabulary: Vocabulary

    /// o200k_base, from the vocabulary bundled with this module (tiktoken's
    /// file, MIT-licensed), loaded once per process.
    public static func o200k() throws -> TokenCounter {
        try o200kLoaded.get()
    }

    private static let o200kLoaded = Result<TokenCounter, Error> {
        guard let url = Bundle.module.url(forResource: "o200k_base.tiktoken", withExtension: "gz") else {
            throw Vocabulary.LoadError.unreadable("o200k_base.tiktoken.gz (bundle resource)")
        }
        return TokenCounter(name: "o200k_base", vocabulary: try Vocabulary(contentsOf: url))
    }

    init(name: String, vocabulary: Vocabulary) {
        self.name = name
        self.vocabulary = vocabulary
    }

    /// The number of tokens in `text` (valid UTF-8).
    public func count(_ text: [UInt8]) -> Int {
        var total = 0
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for piece in PreTokenizer(text).pieces() {
                total += vocabulary.rank(of: base, piece) != nil ? 1 : BytePairMerge.parts(of: base, piece, in: vocabulary).count - 1
            }
        }
        return total
    }

    /// The token ids of `text` (valid UTF-8), as tiktoken's `encode_ordinary`
    /// gives them.
    public func encode(_ text: [UInt8]) -> [Int] {
        var tokens: [Int] = []
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for piece in PreTokenizer(text).pieces() {
                if let rank = vocabulary.rank(of: base, piece) {
                    tokens.append(rank)
                    continue
                }
                let starts = BytePairMerge.parts(of: base, piece, in: vocabulary)
                for (start, end) in zip(starts, starts.dropFirst()) {
                    // Every merged part is a token: merges only make tokens, and single bytes all are.
                    tokens.append(vocabulary.rank(of: base, start..<end) ?? -1)
                }
            }
        }
        return tokens
    }
}

/// tiktoken's merge loop: start from single bytes, and repeatedly merge the
/// adjacent pair whose bytes form the lowest-ranked token (the leftmost on a
/// tie) until no pair is a token.
enum BytePairMerge {
    /// The start of each part of `piece` once merged, and its end.
    static func parts(of base: UnsafePointer<UInt8>, _ piece: Range<Int>, in vocabulary: Vocabulary) -> [Int] {
        let none = Int.max
        var starts = Array(piece.lowerBound...piece.upperBound)
        func rank(_ i: Int) -> Int {
            // The token the parts from `i` to `i + 2` would make, if any.
            guard i + 2 < starts.count else { return none }
            return vocabulary.rank(of: base, starts[i]..<starts[i + 2]) ?? none
        }
        var ranks = (0..<starts.count).map { rank($0) }
        while true {
            var lowest = none
            var at = 0
            for i in 0..<(ranks.count - 1) where ranks[i] < lowest {
                lowest = ranks[i]
                at = i
            }
            guard lowest != none else { break }
            starts.remove(at: at + 1)
            ranks.remove(at: at + 1)
            ranks[at] = rank(at)
            if at > 0 { ranks[at - 1] = rank(at - 1) }
        }
        return starts
    }
}
