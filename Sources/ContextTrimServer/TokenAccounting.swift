import ContextTrim
import Dispatch
import Synchronization

/// Counts the tokens of trimmed requests off the request path: on one
/// thread of its own, so that counting (a pass of BPE over a request's
/// text) never holds a thread of the concurrency pool the server's
/// requests run on, and never delays a request or its answer. At most
/// `maxPending` requests wait to be counted; past that a request's count
/// is skipped (and counted as skipped) rather than queued without end.
final class TokenAccounting: Sendable {
    let counter: any TokenCounting
    let maxPending: Int
    private let queue = DispatchQueue(label: "ctxtrim.token-accounting", qos: .utility)
    private let pending = Mutex(0)

    init(counter: any TokenCounting, maxPending: Int = 64) {
        self.counter = counter
        self.maxPending = maxPending
    }

    /// Counts what `result`'s edits saved, hands it to `edits`, then counts
    /// the whole request and hands that to `request`; false when skipped.
    @discardableResult
    func count(_ result: Trimmer.Result, edits: @escaping @Sendable (TrimReport) -> Void,
               request: @escaping @Sendable (TrimReport) -> Void) -> Bool {
        let admitted = pending.withLock { pending -> Bool in
            guard pending < maxPending else { return false }
            pending += 1
            return true
        }
        guard admitted else { return false }
        queue.async { [counter] in
            edits(result.report(countingTokensWith: counter, scope: .edits))
            request(result.report(countingTokensWith: counter))
            self.pending.withLock { $0 -= 1 }
        }
        return true
    }
}
