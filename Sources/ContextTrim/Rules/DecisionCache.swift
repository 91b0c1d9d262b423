/// Remembers the decisions of one run, so that the thousand lines of a
/// listing under one directory cost one rule evaluation per directory.
/// Local to one request; not shared across threads.
final class DecisionCache {
    private struct Key: Hashable {
        let path: String
        let isDirectory: Bool
        let inRepository: Bool
    }

    let rules: RuleSet
    private var decisions: [Key: IgnoreDecision?] = [:]

    init(_ rules: RuleSet) {
        self.rules = rules
    }

    func decision(for path: String, isDirectory: Bool, inRepository: Bool) -> IgnoreDecision? {
        let key = Key(path: path, isDirectory: isDirectory, inRepository: inRepository)
        if let known = decisions[key] { return known }
        let decision = rules.decision(for: path, isDirectory: isDirectory, inRepository: inRepository)
        decisions[key] = decision
        return decision
    }

    /// The shallowest ancestor directory of `path` that is ignored, with its
    /// decision. Each directory is decided once (`decision(for:)`); the
    /// listing folder remembers the answer per listed parent.
    func ignoredAncestor(of path: ResolvedPath) -> IgnoredAncestor? {
        guard let slash = path.rulePath.lastIndex(of: "/") else { return nil }
        var end = path.rulePath.startIndex
        while end <= slash {
            let next = path.rulePath[end...].firstIndex(of: "/") ?? slash
            let directory = String(path.rulePath[..<next])
            if let decision = decision(for: directory, isDirectory: true, inRepository: path.inRepository), decision.isIgnored {
                return IgnoredAncestor(directory: directory, decision: decision)
            }
            end = path.rulePath.index(after: next)
        }
        return nil
    }

    struct IgnoredAncestor {
        let directory: String
        let decision: IgnoreDecision
    }
}
