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

    /// o200k_base, from the vocabulary shipped with this module (tiktoken's
    /// file, MIT-licensed, prepared to be read as it is: `Vocabulary`),
    /// loaded once per process. It throws, and never stops the process, when the file cannot be found (`vocabularyPaths`)
    /// or read, or is not a prepared vocabulary whole (its sizes, checksum,
    /// extents and table are checked before any lookup).
    public static func o200k() throws -> TokenCounter {
        try o200kLoaded.get()
    }

    private static let o200kLoaded = Result<TokenCounter, Error> {
        let name = "o200k_base.ctxtrim-vocab"
        guard let path = vocabularyPaths(name).first(where: { FileManager.default.isReadableFile(atPath: $0) }) else {
            throw Vocabulary.LoadError.unreadable("\(name) (looked in \(vocabularyPaths(name).joined(separator: ", ")))")
        }
        return TokenCounter(name: "o200k_base", vocabulary: try Vocabulary(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Where the vocabulary may be, in order: `$CTXTRIM_VOCABULARY_DIR`; the
    /// resource folder SwiftPM puts beside the executable, or the executable's
    /// own folder; `share/ctxtrim` beside its `bin`; and this source tree,
    /// for builds run in place. (SwiftPM's `Bundle.module` is not used: on
    /// Linux it stops the process when the folder is missing.)
    static func vocabularyPaths(_ name: String) -> [String] {
        var directories: [String] = []
        if let configured = ProcessInfo.processInfo.environment["CTXTRIM_VOCABULARY_DIR"] { directories.append(configured) }
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            directories.append(executable.appendingPathComponent("ContextTrim_ContextTrimTokens.resources").path)
            directories.append(executable.path)
            directories.append(executable.deletingLastPathComponent().appendingPathComponent("share/ctxtrim").path)
        }
        directories.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources").path)
        return directories.map { URL(fileURLWithPath: $0).appendingPathComponent(name).path }
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
            PreTokenizer(buffer).forEachPiece { piece in
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
            PreTokenizer(buffer).forEachPiece { piece in
                if let rank = vocabulary.rank(of: base, piece) {
                    tokens.append(rank)
                    return
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
    /// Pieces longer than this merge through a heap: the plain loop is
    /// quadratic, and a long run of punctuation (or of U+FFFD in binary
    /// junk) is one piece.
    static let heapThreshold = 128

    /// The start of each part of `piece` once merged, and its end.
    static func parts(of base: UnsafePointer<UInt8>, _ piece: Range<Int>, in vocabulary: Vocabulary) -> [Int] {
        piece.count > heapThreshold ? heapParts(of: base, piece, in: vocabulary) : scanParts(of: base, piece, in: vocabulary)
    }

    private static let none = Int.max

    /// The plain loop, as tiktoken writes it: a scan for the lowest rank.
    private static func scanParts(of base: UnsafePointer<UInt8>, _ piece: Range<Int>, in vocabulary: Vocabulary) -> [Int] {
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

    /// The same merges in the same order, in n log n: parts are a linked
    /// list over the piece's bytes, pairs wait in a min-heap by (rank,
    /// position), and an entry whose rank has changed since is skipped.
    private static func heapParts(of base: UnsafePointer<UInt8>, _ piece: Range<Int>, in vocabulary: Vocabulary) -> [Int] {
        let count = piece.count
        // Part k starts at byte k of the piece; next[k] is the following part's start (count at the end).
        var next = Array(1...count)
        var previous = Array(-1..<(count - 1))
        var rank = [Int](repeating: none, count: count)
        var heap = MinHeap()
        func pairRank(_ k: Int) -> Int {
            let second = next[k]
            guard second < count else { return none }
            return vocabulary.rank(of: base, piece.lowerBound + k..<piece.lowerBound + next[second]) ?? none
        }
        for k in 0..<count {
            rank[k] = pairRank(k)
            if rank[k] != none { heap.push((rank[k], k)) }
        }
        while let (lowest, k) = heap.pop() {
            guard rank[k] == lowest, next[k] < count else { continue }
            let removed = next[k]
            next[k] = next[removed]
            if next[k] < count { previous[next[k]] = k }
            rank[removed] = none
            rank[k] = pairRank(k)
            if rank[k] != none { heap.push((rank[k], k)) }
            let before = previous[k]
            if before >= 0 {
                rank[before] = pairRank(before)
                if rank[before] != none { heap.push((rank[before], before)) }
            }
        }
        var starts: [Int] = []
        var k = 0
        while k < count {
            starts.append(piece.lowerBound + k)
            k = next[k]
        }
        starts.append(piece.upperBound)
        return starts
    }

    /// A binary min-heap of (rank, position) pairs.
    private struct MinHeap {
        private var items: [(rank: Int, position: Int)] = []

        private static func less(_ a: (rank: Int, position: Int), _ b: (rank: Int, position: Int)) -> Bool {
            a.rank != b.rank ? a.rank < b.rank : a.position < b.position
        }

        mutating func push(_ item: (rank: Int, position: Int)) {
            items.append(item)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.less(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> (rank: Int, position: Int)? {
            guard let top = items.first else { return nil }
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < items.count && Self.less(items[left], items[smallest]) { smallest = left }
                    if right < items.count && Self.less(items[right], items[smallest]) { smallest = right }
                    guard smallest != parent else { break }
                    items.swapAt(parent, smallest)
                    parent = smallest
                }
            }
            return top
        }
    }
}
