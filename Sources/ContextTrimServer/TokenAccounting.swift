import ContextTrim
import Dispatch
import Synchronization

/// Counts the tokens of trimmed requests off the request path: on one
/// thread of its own, so that counting (a pass of BPE over a request's
/// text, ten times the engine's work) never holds a thread of the
/// concurrency pool the server's requests run on, and never delays a
/// request or its answer.
///
/// Counting is best effort, bounded in time and memory: requests wait for
/// it only while those already waiting hold fewer than `maxPendingBytes` of
/// request body (one request is always admitted when none waits). Past
/// that, a request's count is skipped, and counted as skipped: a server
/// under a load the counting thread cannot keep up with gives up counts,
/// never memory nor a second core.
final class TokenAccounting: Sendable {
    let counter: any TokenCounting
    let maxPendingBytes: Int
    private let queue = DispatchQueue(label: "ctxtrim.token-accounting", qos: .utility)
    private let pendingBytes = Mutex(0)

    init(counter: any TokenCounting, maxPendingBytes: Int = 16 << 20) {
        self.counter = counter
        self.maxPendingBytes = maxPendingBytes
    }

    /// Counts what `result`'s edits saved, hands it to `edits`, then counts
    /// the whole request and hands that to `request`, with the counter that
    /// counted it: one per request, which counts each distinct text once, so
    /// that the strings the edits touch, counted for `edits`, are not
    /// counted again for the whole request, nor for what `request` counts
    /// next (an audit record's prompts). False when skipped.
    @discardableResult
    func count(_ result: Trimmer.Result, edits: @escaping @Sendable (TrimReport) -> Void,
               request: @escaping @Sendable (TrimReport, any TokenCounting) -> Void) -> Bool {
        let size = result.report.bytesIn
        let admitted = pendingBytes.withLock { pending -> Bool in
            guard pending == 0 || pending + size <= maxPendingBytes else { return false }
            pending += size
            return true
        }
        guard admitted else { return false }
        queue.async { [counter] in
            let once = MemoizedTokenCounter(counter)
            edits(result.report(countingTokensWith: once, scope: .edits))
            request(result.report(countingTokensWith: once), once)
            self.pendingBytes.withLock { $0 -= size }
        }
        return true
    }
}
