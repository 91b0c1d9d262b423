/// The rule that decided whether a path is ignored, and where it stands.
///
/// Every stub and every `rules check` line cites one of these, so a user can
/// always find, and override, the rule that hid a file.
public struct IgnoreDecision: Sendable {
    /// True when the path is dropped; false when a negated rule re-included it.
    public let isIgnored: Bool
    public let rule: IgnoreRule
    /// The name of the file the rule comes from.
    public let sourceName: String
    public let layer: RuleSource.Layer
    /// The path the rule matched: the path itself, or the ancestor directory
    /// whose exclusion covers it (git does not look inside excluded directories).
    public let matchedPath: String

    /// `"node_modules/" at rules/dependencies.ignore:3`, as stubs print it.
    public var citation: String {
        "\"\(rule.text)\" at \(sourceName):\(rule.line)"
    }
}
