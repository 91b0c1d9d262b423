import Foundation
import Synchronization

/// The audit's progress bar on stderr, drawn only when stderr is a
/// terminal: inputs done, requests per second, and the time left, estimated
/// from the bytes of input audited so far (an input's bytes shared among its
/// requests as they are done). Shared by the threads auditing.
final class AuditProgress: Sendable {
    private struct State {
        var unitsDone = 0
        var bytesDone = 0
        var requests = 0
        var lastDrawn = 0.0
    }

    private let units: Int
    private let bytes: Int
    private let start = Date()
    private let shown: Bool
    private let state = Mutex(State())

    init(units: Int, bytes: Int) {
        self.units = units
        self.bytes = max(1, bytes)
        shown = isatty(STDERR_FILENO) == 1
    }

    /// A request audited, worth `bytes` of its input toward the bar.
    func requestDone(bytes: Int) {
        update {
            $0.requests += 1
            $0.bytesDone += bytes
        }
    }

    /// An input done, with the bytes of it its requests did not account for.
    func unitDone(bytes: Int) {
        update {
            $0.unitsDone += 1
            $0.bytesDone += bytes
        }
    }

    /// Clears the bar, so that what follows starts on a clean line.
    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    private func update(_ change: (inout State) -> Void) {
        let line: String? = state.withLock { state in
            change(&state)
            let elapsed = Date().timeIntervalSince(start)
            guard shown, elapsed - state.lastDrawn >= 0.1 || state.unitsDone == units else { return nil }
            state.lastDrawn = elapsed
            let rate = elapsed > 0 ? Double(state.requests) / elapsed : 0
            let fraction = Double(state.bytesDone) / Double(bytes)
            let left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            let width = 24
            let filled = min(width, Int(fraction * Double(width)))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            return String(format: "\r\u{1B}[2K[%@] %d/%d inputs, %d requests, %.0f requests/s, ETA %@",
                          bar, state.unitsDone, units, state.requests, rate, Self.duration(left))
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    private static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}
