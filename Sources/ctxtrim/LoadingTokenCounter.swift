import ContextTrim
import ContextTrimTokens

/// The o200k counter of a run with `--report`, loading its vocabulary on
/// another thread from the moment it is made, so that the run reads and
/// scans its input meanwhile instead of waiting for it; every count waits
/// for the load. A failed load counts nothing: `failure` says why, and the
/// caller trims again without a counter, as it would have had the load
/// failed first.
final class LoadingTokenCounter: TokenCounting {
    private let loaded = BackgroundValue { Result { try TokenCounter.o200k() } }

    private var counter: TokenCounter? {
        try? loaded.value.get()
    }

    /// Why the vocabulary could not be loaded, if it could not.
    var failure: (any Error)? {
        guard case .failure(let error) = loaded.value else { return nil }
        return error
    }

    var name: String { counter?.name ?? "" }

    func count(_ text: [UInt8]) -> Int {
        counter?.count(text) ?? 0
    }
}
