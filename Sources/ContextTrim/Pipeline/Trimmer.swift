/// The engine: bytes in, smaller bytes and a report out.
///
/// `trim` never throws and never loses a request: input it does not
/// understand, and output that fails its own check, come back unchanged with
/// the reason in `failure`. Pure apart from reading the repository's ignore
/// files: same input and configuration, same bytes out.
public struct Trimmer: Sendable {
    public let configuration: TrimConfiguration

    public init(configuration: TrimConfiguration = TrimConfiguration()) {
        self.configuration = configuration
    }

    /// The outcome of trimming one request.
    public struct Result: Sendable {
        /// The bytes to send: trimmed, or the input itself on failure.
        public let output: [UInt8]
        public let report: TrimReport
        public let failure: TrimFailure?
    }

    public func trim(_ input: [UInt8]) -> Result {
        let document: JSONDocument
        do {
            document = try JSONScanner.scan(input)
        } catch {
            return passThrough(input, .invalidJSON(error))
        }
        guard document.root.kind == .object else { return passThrough(input, .notAnObject(document.root.kind, at: document.root.span.lowerBound)) }
        let adapter = configuration.format.map(FormatDetector.adapter(for:)) ?? FormatDetector.detect(document.root)
        guard let adapter else { return passThrough(input, .unrecognizedFormat) }

        let conversation = adapter.conversation(of: document)
        let rules = configuration.rules(workingDirectory: conversation.workingDirectory?.path)
        let request = TrimRequest(conversation: conversation, rules: rules, repositoryIsExplicit: configuration.repository != nil,
                                  sharesAnalyses: configuration.stages.count > 1)
        var edits: [Edit] = []
        for stage in configuration.stages { edits += stage.edits(for: request, after: edits) }
        var report = TrimReport(format: adapter.format, workingDirectory: conversation.workingDirectory?.path,
                                repository: rules.repository?.root, bytesIn: input.count, bytesOut: input.count)
        let editable = conversation.segments.filter(\.mayHoldToolOutput).compactMap(\.text?.stringContentSpan)
        if let problem = OutputCheck.problem(in: edits, of: document, editable: editable) {
            report.failure = TrimFailure.invalidOutput(problem).description
            return Result(output: input, report: report, failure: .invalidOutput(problem))
        }
        let output = Splicer.apply(edits.flatMap(\.splices), to: input)
        report.bytesOut = output.count
        report.edits = edits.map(\.record)
        if let counter = configuration.tokenCounter {
            count(with: counter, edits, of: conversation, into: &report)
            report.cachePrefix = PrefixHealth(document, format: adapter.format, counter: counter)
        }
        return Result(output: output, report: report, failure: nil)
    }

    /// Fills the report's token counts: each edit's text before and after
    /// (decoded, as the model reads it), and every segment's text.
    private func count(with counter: any TokenCounting, _ edits: [Edit], of conversation: Conversation, into report: inout TrimReport) {
        let bytes = conversation.document.bytes
        // Markup adds no text the model reads.
        for (index, edit) in edits.enumerated() where edit.markup == nil {
            report.edits[index].tokensBefore = counter.count(JSONStringCodec.decode(bytes[edit.splice.range], hasEscapes: true))
            report.edits[index].tokensAfter = counter.count(JSONStringCodec.decode(edit.splice.replacement[...], hasEscapes: true))
        }
        let tokensIn = conversation.segments.reduce(0) { total, segment in
            total + (segment.text?.decodedBytes.map(counter.count) ?? 0)
        }
        let saved = report.edits.reduce(0) { $0 + ($1.tokensBefore ?? 0) - ($1.tokensAfter ?? 0) }
        report.tokenizer = counter.name
        report.tokensIn = tokensIn
        report.tokensOut = tokensIn - saved
    }

    private func passThrough(_ input: [UInt8], _ failure: TrimFailure) -> Result {
        Result(output: input, report: TrimReport(bytesIn: input.count, bytesOut: input.count, failure: failure.description), failure: failure)
    }
}
