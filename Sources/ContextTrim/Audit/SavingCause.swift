/// One reason tokens were saved over an audited session: an ignore rule (with
/// its file and line), or a repeated file or output that dedup pointed at
/// its first copy, with the tokens and edits it accounts for.
public struct SavingCause: Sendable, Codable, Equatable {
    /// The stage that made the edits (`ignore-rules`, `dedup`).
    public let stage: String
    /// What the edits did (`omitted-file`, `folded-listing`, `same-as`, ...).
    public let action: String
    /// The rule that matched, for the ignore rules.
    public let rule: RuleCitation?
    /// The file repeated or omitted, when the edits name one file; nil for a
    /// rule that matched several, and for repeated output without a path.
    public var path: String?
    public internal(set) var tokens = 0
    public internal(set) var bytes = 0
    public internal(set) var edits = 0

    /// What makes two edits the same cause: an ignore rule by its citation,
    /// anything else by its stage, action and path.
    struct Key: Hashable {
        let stage: String
        let action: String
        let rule: String?
        let path: String?

        init(_ record: EditRecord) {
            stage = record.stage
            action = record.action
            rule = record.rule.map { "\($0.source):\($0.line):\($0.pattern)" }
            path = record.rule == nil ? record.path : nil
        }
    }
}
