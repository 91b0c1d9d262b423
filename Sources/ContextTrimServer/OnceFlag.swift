import Synchronization

/// A condition said once per server, not once per request: the first caller
/// of `claim()` gets true, every later one false. A class, so that copies of
/// a middleware share it.
final class OnceFlag: Sendable {
    private let claimed = Atomic<Bool>(false)

    func claim() -> Bool {
        !claimed.exchange(true, ordering: .relaxed)
    }
}
