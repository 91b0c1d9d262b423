/// Replaces file contents whose path an ignore rule drops, and binary content
/// whatever its path, with one stub each; folds the lines of listings that
/// stand below ignored directories.
///
/// Reads only tool results and user-turn text (where Cline, Aider and
/// SWE-agent put results); tool calls, assistant text, instructions and
/// thinking are never changed. A replacement is made only when the stub is
/// shorter than what it replaces, except under a secrets rule, which always
/// applies: a short `.env` must not reach the provider. Text that already is
/// a stub is left alone, so trimming trimmed output changes nothing.
public struct IgnoreRulesStage: Stage {
    public init() {}

    public var name: String { "ignore-rules" }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let cache = DecisionCache(request.rules)
        let folder = ListingFolder(cache: cache)
        var edits: [Edit] = []
        for segment in request.conversation.segments where segment.mayHoldToolOutput {
            guard let value = segment.text else { continue }
            let recognizers = request.candidates(for: segment)
            let mayBeBinary = BinarySniffer.mayBeBinary(value)
            guard !recognizers.isEmpty || (mayBeBinary && segment.kind == .toolResult),
                  let analysis = request.analysis(of: segment) else { continue }
            let text = analysis.text
            let resolver = request.resolver(at: segment)
            var replacements: [Replacement] = []
            let regions = analysis.regions
            for region in regions {
                switch region.kind {
                case .file(let path):
                    let resolved = resolver.resolve(path, from: region.directory)
                    let fileText = text[region.range]
                    if Stub.isStub(fileText) { continue }
                    if let decision = cache.decision(for: resolved.rulePath, isDirectory: false, inRepository: resolved.inRepository), decision.isIgnored {
                        let stub = Stub.ignoredFile(resolved.display, size: TextSize(of: fileText), decision: decision)
                        replacements.append(Replacement(region.range, stub, PendingRecord("omitted-file", resolved.display, decision, region.recognizer),
                                                        always: decision.layer == .secrets))
                    } else if mayBeBinary && BinarySniffer.isBinary(fileText) {
                        let stub = Stub.binary(resolved.display, size: TextSize(of: fileText))
                        replacements.append(Replacement(region.range, stub, PendingRecord("omitted-binary", resolved.display, nil, region.recognizer)))
                    }
                case .listing(let style, let base):
                    for fold in folder.folds(in: text, region: region, style: style, base: base, resolver: resolver) {
                        replacements.append(Replacement(fold.range, fold.replacement, PendingRecord("folded-listing", fold.directory + "/", fold.decision, region.recognizer)))
                    }
                case .search:
                    // Matches under ignored paths are the search-results stage's.
                    continue
                case .commandOutput, .verbatim:
                    if mayBeBinary && BinarySniffer.isBinary(text[region.range]) {
                        let stub = Stub.binary(nil, size: TextSize(of: text[region.range]))
                        replacements.append(Replacement(region.range, stub, PendingRecord("omitted-binary", nil, nil, region.recognizer)))
                    }
                }
            }
            if regions.isEmpty && segment.kind == .toolResult && mayBeBinary && BinarySniffer.isBinary(text) {
                let stub = Stub.binary(nil, size: TextSize(of: text[...]))
                replacements.append(Replacement(0..<text.count, stub, PendingRecord("omitted-binary", nil, nil, nil)))
            }
            let worthwhile = replacements.filter { $0.always || $0.text.utf8.count < $0.range.count }
            let changes = StringEditor.changes(in: value, replacing: worthwhile.map { ($0.range, Array($0.text.utf8)) }, map: analysis.map)
            for (change, replacement) in zip(changes, worthwhile) {
                let pending = replacement.record
                edits.append(Edit([change], in: segment, stage: name, action: pending.action, path: pending.path,
                                  rule: pending.decision.map(RuleCitation.init), recognizer: pending.recognizer))
            }
        }
        return edits
    }
}

/// A stub proposed for a range of a segment's decoded text.
private struct Replacement {
    let range: Range<Int>
    let text: String
    let record: PendingRecord
    /// Made even when the stub is not shorter (secrets).
    let always: Bool

    init(_ range: Range<Int>, _ text: String, _ record: PendingRecord, always: Bool = false) {
        self.range = range
        self.text = text
        self.record = record
        self.always = always
    }
}

/// The parts of an edit record known before the splice is made.
private struct PendingRecord {
    let action: String
    let path: String?
    let decision: IgnoreDecision?
    let recognizer: String?

    init(_ action: String, _ path: String?, _ decision: IgnoreDecision?, _ recognizer: String?) {
        self.action = action
        self.path = path
        self.decision = decision
        self.recognizer = recognizer
    }
}
