import Dispatch
import Foundation
import Synchronization

/// Ctrl-C as a request to stop early rather than to die: the work in
/// progress checks `requested` between requests, and the command prints
/// what was done so far. A second Ctrl-C exits at once.
final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    /// Kept only so that the handler lives; set once in `init`, never touched after.
    nonisolated(unsafe) private let source: DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            if self.flag.exchange(true, ordering: .relaxed) { exit(130) }
        }
        source.resume()
    }

    var requested: Bool { flag.load(ordering: .relaxed) }
}
