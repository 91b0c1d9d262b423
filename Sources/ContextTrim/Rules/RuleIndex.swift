/// The rules of one or more sources, in precedence order, indexed together so
/// that one lookup finds the highest-precedence match: by the basename a rule
/// needs, by the extension a `*.ext` rule needs, and the rest in a list. All
/// sources of one index share the directory their patterns are relative to.
struct RuleIndex: Sendable {
    /// A rule and the position of its source among the indexed sources.
    struct Match {
        let rule: IgnoreRule
        let source: Int
    }

    private let rules: [IgnoreRule]
    private let origins: [Int]
    /// Rule positions, highest (latest, winning) first in every list.
    private let byName: [ByteKey: [Int]]
    private let byExtension: [ByteKey: [Int]]
    private let general: [Int]

    init(_ sources: [[IgnoreRule]]) {
        var rules: [IgnoreRule] = []
        var origins: [Int] = []
        var byName: [ByteKey: [Int]] = [:]
        var byExtension: [ByteKey: [Int]] = [:]
        var general: [Int] = []
        for (source, sourceRules) in sources.enumerated() {
            for rule in sourceRules {
                let position = rules.count
                rules.append(rule)
                origins.append(source)
                if let name = rule.requiredBasename {
                    byName[ByteKey(name), default: []].append(position)
                } else if let ext = rule.requiredExtension {
                    byExtension[ByteKey(ext), default: []].append(position)
                } else {
                    general.append(position)
                }
            }
        }
        self.rules = rules
        self.origins = origins
        self.byName = byName.mapValues { $0.reversed() }
        self.byExtension = byExtension.mapValues { $0.reversed() }
        self.general = general.reversed()
    }

    /// The highest-precedence rule that matches `path` (relative to the
    /// sources' directory), as git's last-match-wins picks it.
    func lastMatch(_ path: RulePath, keys: RulePath.Keys, isDirectory: Bool) -> Match? {
        var best = -1
        func consider(_ positions: [Int]) {
            for position in positions where position > best {
                if rules[position].matches(path, isDirectory: isDirectory) {
                    best = position
                    return
                }
            }
        }
        if let named = byName[keys.name] { consider(named) }
        if let ext = keys.fileExtension, let withExtension = byExtension[ext] { consider(withExtension) }
        consider(general)
        return best >= 0 ? Match(rule: rules[best], source: origins[best]) : nil
    }
}
