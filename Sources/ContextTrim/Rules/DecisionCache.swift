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
    private var ancestors: [Key: IgnoredAncestor?] = [:]

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
    /// decision. Remembered per parent directory: the lines of a listing
    /// share their parents.
    func ignoredAncestor(of path: ResolvedPath) -> IgnoredAncestor? {
        guard let slash = path.rulePath.lastIndex(of: "/") else { return nil }
        let parent = Key(path: String(path.rulePath[..<slash]), isDirectory: true, inRepository: path.inRepository)
        if let known = ancestors[parent] { return known }
        var found: IgnoredAncestor?
        var end = path.rulePath.startIndex
        while end <= slash {
            let next = path.rulePath[end...].firstIndex(of: "/") ?? slash
            let directory = String(path.rulePath[..<next])
            if let decision = decision(for: directory, isDirectory: true, inRepository: path.inRepository), decision.isIgnored {
                found = IgnoredAncestor(directory: directory, decision: decision)
                break
            }
            end = path.rulePath.index(after: next)
        }
        ancestors[parent] = found
        return found
    }

    struct IgnoredAncestor {
        let directory: String
        let decision: IgnoreDecision
    }
}
