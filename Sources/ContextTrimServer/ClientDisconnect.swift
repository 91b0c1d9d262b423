import Hummingbird
import Synchronization

/// Cancels what the proxy waits on for a client once that client has gone:
/// the upstream request while its answer is awaited, and the relay of its
/// body while it streams, so that the upstream connection closes at once
/// instead of running to the end of a long generation nobody reads.
///
/// It learns of the client leaving from the connection's
/// `ClientCloseHandler` where the server has one (`ctxtrim proxy`), or
/// else by watching the client's side of the connection through
/// Hummingbird's `consumeWithInboundCloseHandler`, which needs the request
/// body received already (`RequestBodyLimit.collect`) and, as with any use
/// of it, closes the connection after the response (`closesConnection`).
final class ClientDisconnect: Sendable {
    private struct State {
        var closed = false
        var finished = false
        var cancellers: [Int: @Sendable () -> Void] = [:]
        var nextID = 0
        var finishWaiter: CheckedContinuation<Void, Never>?
        var onFinish: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())
    private let watcher = Mutex<Task<Void, Never>?>(nil)
    /// Whether the connection closes after the response, which then says so.
    let closesConnection: Bool

    init(closesConnection: Bool) {
        self.closesConnection = closesConnection
    }

    /// Starts watching the connection `body` arrived on, reading it.
    static func watching(_ body: RequestBody) -> ClientDisconnect {
        let disconnect = ClientDisconnect(closesConnection: true)
        let task = Task {
            _ = try? await body.consumeWithInboundCloseHandler { _ in
                await disconnect.untilFinished()
            } onInboundClosed: {
                disconnect.clientClosed()
            }
        }
        disconnect.watcher.withLock { $0 = task }
        return disconnect
    }

    /// Calls `cancel` when the client goes away while it is registered (at
    /// once if it has gone already); `unregister` with the returned id.
    func register(_ cancel: @escaping @Sendable () -> Void) -> Int? {
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            defer { state.nextID += 1 }
            state.cancellers[state.nextID] = cancel
            return state.nextID
        }
        if id == nil { cancel() }
        return id
    }

    func unregister(_ id: Int?) {
        guard let id else { return }
        state.withLock { _ = $0.cancellers.removeValue(forKey: id) }
    }

    /// Runs `operation` in a task of its own that is cancelled if the
    /// client goes away (or the caller is cancelled) before it returns.
    func cancelling<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await operation() }
        let id = register { task.cancel() }
        defer { unregister(id) }
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    /// Ends the watch once the response is written (or abandoned) and waits
    /// for the watcher to stop reading the connection: the server reads the
    /// next request from it only after the response, and two readers of
    /// one connection would be one too many.
    func finish() async {
        release()
        await watcher.withLock { $0 }?.value
    }

    /// Lets the watcher stop, without waiting for it.
    fileprivate func release() {
        let (waiter, onFinish) = state.withLock { state -> (CheckedContinuation<Void, Never>?, (@Sendable () -> Void)?) in
            state.finished = true
            defer {
                state.finishWaiter = nil
                state.onFinish = nil
            }
            return (state.finishWaiter, state.onFinish)
        }
        waiter?.resume()
        onFinish?()
    }

    /// Runs `action` when the watch ends (`finish`, or its `WatchEnd` dropped).
    func onFinish(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onFinish = action }
    }

    var isClosed: Bool { state.withLock(\.closed) }

    func clientClosed() {
        let cancellers = state.withLock { state -> [@Sendable () -> Void] in
            state.closed = true
            defer { state.cancellers = [:] }
            return Array(state.cancellers.values)
        }
        for cancel in cancellers { cancel() }
    }

    private func untilFinished() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.finished { return true }
                state.finishWaiter = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }
}

/// Ends a watch when the response body that would have ended it is dropped
/// unwritten (a client gone before the response head).
final class WatchEnd: Sendable {
    private let disconnect: ClientDisconnect

    init(_ disconnect: ClientDisconnect) {
        self.disconnect = disconnect
    }

    func end() async {
        await disconnect.finish()
    }

    deinit { disconnect.release() }
}
