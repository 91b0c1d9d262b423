import Synchronization

/// A token counter that counts each distinct text once: an agent's session
/// resends its whole history on every request, so an audit that counts
/// every request meets the same messages again and again, and would
/// otherwise count a session's first message once per request.
///
/// Texts are known by their XXH3 hash and length (a false match needs a
/// 64-bit collision between two texts of one length). Short texts are
/// counted again rather than kept: they cost less than the lookup. Memory
/// grows with the distinct texts seen, so a caller keeps one per session.
public final class MemoizedTokenCounter: TokenCounting {
    private let base: any TokenCounting
    private let counts = Mutex<[Key: Int]>([:])
    /// Texts shorter than this are counted every time.
    private let minimumLength = 64

    private struct Key: Hashable {
        let hash: UInt64
        let length: Int
    }

    public init(_ base: any TokenCounting) {
        self.base = base
    }

    /// `counter` itself if it memoizes already, else one that does.
    static func wrapping(_ counter: any TokenCounting) -> MemoizedTokenCounter {
        counter as? MemoizedTokenCounter ?? MemoizedTokenCounter(counter)
    }

    public var name: String { base.name }

    public func count(_ text: [UInt8]) -> Int {
        guard text.count >= minimumLength else { return base.count(text) }
        let key = Key(hash: text.withUnsafeBufferPointer { ContentHash.of($0) }, length: text.count)
        if let known = counts.withLock({ $0[key] }) { return known }
        let count = base.count(text)
        counts.withLock { $0[key] = count }
        return count
    }
}
