/// One step of the pipeline: it reads the conversation and proposes edits;
/// it never touches bytes itself. Stages are values, switched on or off by
/// the configuration, and run in order.
public protocol Stage: Sendable {
    /// The stage's name in reports, e.g. `ignore-rules`.
    var name: String { get }
    /// The edits this stage proposes for one request.
    func edits(for request: TrimRequest) -> [Edit]
}

/// What a stage sees of one request: the conversation, how its paths resolve,
/// and the rules in force.
public struct TrimRequest: Sendable {
    public let conversation: Conversation
    public let rules: RuleSet
    /// Whether the repository was named by the user (`--repo`) rather than
    /// found at the working directory the request states.
    public let repositoryIsExplicit: Bool

    public init(conversation: Conversation, rules: RuleSet, repositoryIsExplicit: Bool) {
        self.conversation = conversation
        self.rules = rules
        self.repositoryIsExplicit = repositoryIsExplicit
    }

    /// The resolver for paths seen at `segment`. Before the working directory
    /// is stated, relative paths stay relative, and a repository found at that
    /// directory does not apply yet: what happens to a segment never depends
    /// on later ones.
    public func resolver(at segment: Segment) -> PathResolver {
        let workingDirectory = conversation.workingDirectory(at: segment)
        let repository = workingDirectory != nil || repositoryIsExplicit ? rules.repository?.root : nil
        return PathResolver(workingDirectory: workingDirectory, repositoryRoot: repository)
    }

    /// The decoded text of a segment.
    public func text(of segment: Segment) -> [UInt8]? {
        segment.text?.decodedBytes
    }
}

/// A proposed replacement of part of one segment's text, with the record the
/// report keeps of it.
public struct Edit: Sendable {
    public let splice: Splice
    public let record: EditRecord
}

/// What one edit did, for the report: where, why, and how many bytes.
public struct EditRecord: Sendable, Codable, Equatable {
    /// The stage that made it.
    public let stage: String
    /// `omitted-file`, `omitted-binary` or `folded-listing`.
    public let action: String
    /// Where in the request, e.g. `messages[4].content[0].content`.
    public let location: String
    public let message: Int?
    public let path: String?
    public let rule: RuleCitation?
    public let recognizer: String?
    public let bytesBefore: Int
    public let bytesAfter: Int
}

/// A rule as a report names it.
public struct RuleCitation: Sendable, Codable, Equatable {
    public let pattern: String
    public let source: String
    public let line: Int

    public init(_ decision: IgnoreDecision) {
        pattern = decision.rule.text
        source = decision.sourceName
        line = decision.rule.line
    }
}
