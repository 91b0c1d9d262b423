import Synchronization

/// One step of the pipeline: it reads the conversation and proposes edits;
/// it never touches bytes itself. Stages are values, switched on or off by
/// the configuration, and run in order.
public protocol Stage: Sendable {
    /// The stage's name in reports, e.g. `ignore-rules`.
    var name: String { get }
    /// The edits this stage proposes for one request, given those of the
    /// stages before it (which it must not overlap, nor point at).
    func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit]
}

/// What a stage sees of one request: the conversation, how its paths resolve,
/// and the rules in force.
public struct TrimRequest: Sendable {
    public let conversation: Conversation
    public let rules: RuleSet
    /// Whether the repository was named by the user (`--repo`) rather than
    /// found at the working directory the request states.
    public let repositoryIsExplicit: Bool

    /// `sharesAnalyses`: keep each segment's analysis for later stages
    /// (worth its memory only when more than one stage reads them).
    public init(conversation: Conversation, rules: RuleSet, repositoryIsExplicit: Bool, sharesAnalyses: Bool = true) {
        self.conversation = conversation
        self.rules = rules
        self.repositoryIsExplicit = repositoryIsExplicit
        analyses = AnalysisCache(keeps: sharesAnalyses)
    }

    /// The resolver for paths seen at `segment`. Before the working directory
    /// is stated, relative paths stay relative, and a repository found at that
    /// directory does not apply yet: what happens to a segment never depends
    /// on later ones.
    public func resolver(at segment: Segment) -> PathResolver {
        let workingDirectory = conversation.workingDirectory(at: segment)
        let repository = workingDirectory != nil || repositoryIsExplicit ? rules.repository : nil
        return PathResolver(workingDirectory: workingDirectory, repositoryRoot: repository?.root, linkedDirectory: repository?.linkedDirectory)
    }

    /// A segment's decoded text and the regions the recognizers find in it,
    /// worked out once per request whichever stage asks first.
    public func analysis(of segment: Segment, candidates: [any Recognizer]? = nil) -> SegmentAnalysis? {
        analyses.analysis(of: segment, in: conversation, candidates: candidates ?? self.candidates(for: segment))
    }

    /// The recognizers that may find something in a segment
    /// (`Recognizers.candidates`), judged once per request: every stage asks.
    public func candidates(for segment: Segment) -> [any Recognizer] {
        analyses.candidates(for: segment, in: conversation)
    }

    private let analyses: AnalysisCache
}

/// What the recognizers make of one segment.
public struct SegmentAnalysis: Sendable {
    /// The segment's decoded text.
    public let text: [UInt8]
    /// How offsets in `text` map back to the raw request.
    public let map: RawOffsetMap
    /// The regions found in it, in text order.
    public let regions: [ContentRegion]
}

/// The analyses of one request's segments, computed on first use and kept
/// when `keeps` (for the stages after the first).
final class AnalysisCache: Sendable {
    private let analyses = Mutex<[Int: SegmentAnalysis]>([:])
    private let candidates = Mutex<[Int: [any Recognizer]]>([:])
    private let keeps: Bool

    init(keeps: Bool) {
        self.keeps = keeps
    }

    func candidates(for segment: Segment, in conversation: Conversation) -> [any Recognizer] {
        if let known = candidates.withLock({ $0[segment.index] }) { return known }
        guard let value = segment.text else { return [] }
        let found = Recognizers.candidates(for: segment, call: conversation.call(for: segment), text: value)
        if keeps { candidates.withLock { $0[segment.index] = found } }
        return found
    }

    func analysis(of segment: Segment, in conversation: Conversation, candidates recognizers: [any Recognizer]) -> SegmentAnalysis? {
        if let known = analyses.withLock({ $0[segment.index] }) { return known }
        guard let value = segment.text, let content = value.stringContentSpan else { return nil }
        let (text, map) = JSONStringCodec.decodeMapped(value.document.bytes[content], hasEscapes: value.hasEscapes)
        let context = RecognitionContext(conversation: conversation, segment: segment, text: text)
        let analysis = SegmentAnalysis(text: text, map: map, regions: Recognizers.regions(in: context, using: recognizers))
        if keeps { analyses.withLock { $0[segment.index] = analysis } }
        return analysis
    }
}

/// A proposed change to one segment's text, or to the request's structure,
/// with the record the report keeps of it.
///
/// A text edit is one or more splices of the raw request (a line-number
/// gutter's padding is one splice a line, under one record) and the same
/// changes in the segment's decoded text, which is how later stages see the
/// text as this one left it (`SegmentView`). A later stage may replace text
/// that holds whole splices of earlier ones (a pointer over lines whose
/// gutters were unpadded): those splices are then absorbed, still reported
/// as their stage's saving (`EditPlan`).
public struct Edit: Sendable {
    /// The raw splices, in ascending order, none overlapping.
    public let splices: [Splice]
    public var record: EditRecord
    /// The raw bytes a pointer refers to: they must reach the output as this
    /// edit's stage saw them (DESIGN.md invariant 2), which is checked before writing.
    public let keeps: Range<Int>?
    /// For a change of structure (a cache marker), what it adds; its
    /// insertions are `splices`, checked against their target.
    public let markup: Markup?
    /// For a text edit, its segment and its changes in decoded offsets of
    /// the segment's text as read, one per splice.
    public let text: TextEdit?

    public init(text: TextEdit, splices: [Splice], record: EditRecord, keeps: Range<Int>? = nil) {
        precondition(text.changes.count == splices.count, "one decoded change per splice")
        self.splices = splices
        self.record = record
        self.keeps = keeps
        self.text = text
        markup = nil
    }

    /// An edit that adds structure; its bytes come from the markup.
    public init(markup: Markup, record: EditRecord) {
        self.markup = markup
        self.record = record
        splices = markup.splices
        keeps = nil
        text = nil
    }

    /// The raw range from the first splice's start to the last one's end.
    public var extent: Range<Int> { splices[0].range.lowerBound..<splices[splices.count - 1].range.upperBound }

    /// The raw bytes the splices take out, and put in.
    public var bytesRemoved: Int { splices.bytesRemoved }
    public var bytesAdded: Int { splices.bytesAdded }
}

extension [Splice] {
    /// The raw bytes these splices take out, and put in: an edit record's bytes before and after.
    public var bytesRemoved: Int { reduce(0) { $0 + $1.range.count } }
    public var bytesAdded: Int { reduce(0) { $0 + $1.replacement.count } }
}

/// The changes a text edit makes to one segment, in decoded offsets of its
/// text as read (what a later stage's `SegmentView` applies).
public struct TextEdit: Sendable {
    /// The segment's index in the conversation.
    public let segment: Int
    /// Ascending, none overlapping, none empty (text is replaced, never only inserted).
    public let changes: [TextChange]

    public init(segment: Int, changes: [TextChange]) {
        self.segment = segment
        self.changes = changes
    }
}

/// One replacement of a range of a segment's decoded text.
public struct TextChange: Sendable, Equatable {
    public let range: Range<Int>
    public let replacement: [UInt8]

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }
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
    /// For a pointer: where the earlier copy stands, e.g. `messages[3].content[0].content`.
    public let target: String?
    public var bytesBefore: Int
    public let bytesAfter: Int
    /// The tokens of the text before and after, when a counter was given.
    public var tokensBefore: Int? = nil
    public var tokensAfter: Int? = nil
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
