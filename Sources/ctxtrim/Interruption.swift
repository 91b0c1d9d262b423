import Foundation
import Synchronization

/// Ctrl-C as a request to stop early rather than to die: the work in
/// progress checks `requested` between requests, and the command prints
/// what was done so far. A second Ctrl-C exits at once.
///
/// The signal handler only sets an atomic flag (or, the second time, calls
/// `_exit`), both safe in a handler. It is not a dispatch source: its
/// handler would wait for a thread of the global pool, which the audit's
/// workers keep busy to the end, so Ctrl-C would take effect only when
/// there was nothing left to stop.
final class Interruption: Sendable {
    private static let flag = Atomic<Bool>(false)

    init() {
        signal(SIGINT) { _ in
            if Interruption.flag.exchange(true, ordering: .relaxed) { _exit(130) }
        }
    }

    var requested: Bool { Self.flag.load(ordering: .relaxed) }
}
