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
        /// What token counting needs, kept so that it can run later, off a
        /// server's request path: the request as read, and the edits made.
        fileprivate var trimmed: (conversation: Conversation, plan: EditPlan)? = nil

        /// What `report(countingTokensWith:scope:)` counts.
        public enum TokenScope: Sendable {
            /// Each edit's text before and after: what the edits saved.
            case edits
            /// Also the whole request (`tokensIn`, `tokensOut`: all the text the
            /// model reads of it, `ReadText`) and the cache-eligible prefix.
            case request
        }

        /// The report with its token counts filled in: each edit's before and
        /// after (`EditTokens`, so that they add up to the request's) and,
        /// for the whole `request`, all the text the model reads of it and
        /// the cache-eligible prefix. With `.request`, the same report `trim` gives when the
        /// configuration has a counter; a proxy calls it while the request
        /// travels, so that counting never delays forwarding.
        public func report(countingTokensWith counter: any TokenCounting, scope: TokenScope = .request) -> TrimReport {
            report(countingTokensWith: MemoizedTokenCounter.wrapping(counter), scope: scope, counted: nil)
        }

        /// The same, with the whole request's counts made beforehand, if they were.
        fileprivate func report(countingTokensWith counter: MemoizedTokenCounter, scope: TokenScope, counted: BackgroundValue<RequestTokens>?) -> TrimReport {
            var report = report
            guard let (conversation, plan) = trimmed else { return report }
            for (index, tokens) in EditTokens.count(plan, in: conversation.document, counter: counter, parallel: counted != nil).enumerated() {
                guard let tokens else { continue }
                report.edits[index].tokensBefore = tokens.before
                report.edits[index].tokensAfter = tokens.after
            }
            report.tokenizer = counter.name
            guard scope == .request else { return report }
            let request = counted?.value ?? RequestTokens(conversation.document, format: conversation.format, counter: counter)
            report.tokensIn = request.read
            report.tokensOut = request.read - report.tokensSaved
            report.cachePrefix = request.prefix
            return report
        }

        /// The request as read, when it was understood: what an audit reads
        /// the model and the stable prefix from, without scanning it again.
        public var request: JSONDocument? { trimmed?.conversation.document }

        /// The request's prompt as the provider's cache sees it, as sent and
        /// as trimmed (nil when the input was not understood), counted with
        /// `counter`: what an audit log keeps of a request instead of its text.
        public func prompts(countingTokensWith counter: any TokenCounting) -> (original: CachePrompt, trimmed: CachePrompt)? {
            guard let (conversation, _) = trimmed, let output = try? JSONScanner.scan(self.output) else { return nil }
            return (CachePrompt(conversation.document, format: conversation.format, counter: counter),
                    CachePrompt(output, format: conversation.format, counter: counter))
        }
    }

    public func trim(_ input: [UInt8]) -> Result {
        let document: JSONDocument
        do {
            document = try JSONScanner.scan(input)
        } catch {
            return passThrough(input, .invalidJSON(error))
        }
        guard document.root.kind == .object else { return passThrough(input, .notAnObject(document.root.kind, at: document.root.span.lowerBound)) }
        let detection = configuration.format.map { (adapter: FormatDetector.adapter(for: $0), isCertain: true) }
            ?? FormatDetector.detection(document.root)
        guard let (adapter, formatIsCertain) = detection else { return passThrough(input, .unrecognizedFormat) }

        var conversation = adapter.conversation(of: document)
        conversation.formatIsCertain = formatIsCertain
        // The edits' strings, all the text and the cache prefix share their strings: each is counted once.
        let counter = configuration.tokenCounter.map(MemoizedTokenCounter.wrapping)
        let format = conversation.format
        let counted = counter.map { counter in BackgroundValue { RequestTokens(document, format: format, counter: counter) } }
        let rules = configuration.rules(workingDirectory: conversation.workingDirectory?.path)
        let plan = EditPlan(stages: edits(of: conversation, rules: rules))
        var report = TrimReport(format: adapter.format, workingDirectory: conversation.workingDirectory?.path,
                                repository: rules.repository?.root, bytesIn: input.count, bytesOut: input.count)
        let editable = conversation.segments.filter(\.mayHoldToolOutput).compactMap(\.text?.stringContentSpan)
        if let problem = OutputCheck.problem(in: plan, of: document, editable: editable) {
            report.failure = TrimFailure.invalidOutput(problem).description
            return Result(output: input, report: report, failure: .invalidOutput(problem))
        }
        let output = Splicer.apply(plan.written.map(\.splice), to: input)
        report.bytesOut = output.count
        report.edits = plan.records
        let result = Result(output: output, report: report, failure: nil, trimmed: (conversation, plan))
        guard let counter else { return result }
        return Result(output: output, report: result.report(countingTokensWith: counter, scope: .request, counted: counted),
                      failure: nil, trimmed: result.trimmed)
    }

    /// Each stage's edits, in order. The request, and the analyses it
    /// shares among the stages (each segment's decoded text and regions),
    /// go when this returns, before the output is spliced: they would
    /// otherwise hold a copy of the body's text through to the end.
    private func edits(of conversation: Conversation, rules: RuleSet) -> [[Edit]] {
        let request = TrimRequest(conversation: conversation, rules: rules, repositoryIsExplicit: configuration.repository != nil,
                                  sharesAnalyses: configuration.stages.count > 1)
        var edits: [Edit] = []
        var byStage: [[Edit]] = []
        for stage in configuration.stages {
            let made = stage.edits(for: request, after: edits)
            byStage.append(made)
            edits += made
        }
        return byStage
    }

    private func passThrough(_ input: [UInt8], _ failure: TrimFailure) -> Result {
        Result(output: input, report: TrimReport(bytesIn: input.count, bytesOut: input.count, failure: failure.description), failure: failure)
    }
}
