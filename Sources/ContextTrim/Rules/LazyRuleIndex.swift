import Synchronization

/// A rule index built at its first lookup, once, by whichever thread asks
/// first: a run whose request names no path never needs one, and building
/// the defaults' index was a sixth of a small run's start-up.
final class LazyRuleIndex: Sendable {
    private let sources: [[IgnoreRule]]
    private let index = Mutex<RuleIndex?>(nil)

    /// The rules of each source, lowest precedence first (as `RuleIndex` takes them).
    init(_ sources: [[IgnoreRule]]) {
        self.sources = sources
    }

    var built: RuleIndex {
        index.withLock { index in
            if let index { return index }
            let made = RuleIndex(sources)
            index = made
            return made
        }
    }
}
