import ContextTrim
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The ContextTrim stage for a Hummingbird server: trims the JSON body of
/// `POST …/v1/messages`, `…/v1/chat/completions` and `…/v1/responses` (under
/// any path prefix, the path deciding the format) and passes every other
/// request on untouched, as it does a body with a `Content-Encoding`.
///
/// It never stands in the way: a body the engine cannot read, or whose
/// trimmed form fails its own check, goes on as it came, with one log line
/// saying why. The engine runs on `enginePool`, never on the concurrency
/// pool the server's requests run on, so that a large body holds one of its
/// threads while other requests' streams keep flowing (bodies of 16 KB and
/// less, trimmed in a few tenths of a millisecond, stay on the request's task). The response
/// carries what was saved (`x-ctxtrim-*` headers, `Server-Timing`); tokens
/// are counted on a thread of their own, so that counting never delays a
/// request or its answer, and `x-ctxtrim-tokens-saved` is there when the
/// count was done before the upstream answered.
///
/// ```swift
/// router.add(middleware: TrimMiddleware())
/// ```
public struct TrimMiddleware<Context: RequestContext>: RouterMiddleware {
    private let trimmers: [WireFormat: Trimmer]
    public let mode: TrimMode
    public let bodyLimit: RequestBodyLimit
    public let tokenCounter: (any TokenCounting)?
    private let accounting: TokenAccounting?
    public let metrics: ProxyMetrics?
    /// Where each API request's `AuditRecord` is appended, if anywhere.
    public let auditLog: AuditLog?
    public let enginePool: NIOThreadPool
    private let unappliedRulesSaid = OnceFlag()

    /// Bodies up to this size are trimmed on the request's own task: the
    /// engine takes about 0.2 ms on 10 KB (`make bench-proxy`), short
    /// enough to hold a server thread rather than hop to `enginePool` and back.
    static var inlineBodyBytes: Int { 16 << 10 }

    /// `configuration` as `ctxtrim filter` takes it; its format is forced by
    /// each request's path. `tokenCounter` fills `x-ctxtrim-tokens-saved` and
    /// the token metrics (`TokenCounter.o200k()`); without one, only bytes
    /// are reported. `auditLog` gets one record per API request, counted
    /// with `tokenCounter` off the request path (it needs one).
    /// `enginePool` is the threads the engine runs on.
    public init(configuration: TrimConfiguration = TrimConfiguration(), mode: TrimMode = .trim,
                bodyLimit: RequestBodyLimit = RequestBodyLimit(maxBytes: 64 << 20),
                tokenCounter: (any TokenCounting)? = nil, metrics: ProxyMetrics? = nil,
                auditLog: AuditLog? = nil, enginePool: NIOThreadPool = .singleton) {
        var trimmers: [WireFormat: Trimmer] = [:]
        for format in WireFormat.allCases { trimmers[format] = Trimmer(configuration: configuration.forcing(format)) }
        self.trimmers = trimmers
        self.mode = mode
        self.bodyLimit = bodyLimit
        self.tokenCounter = tokenCounter
        accounting = tokenCounter.map { TokenAccounting(counter: $0) }
        self.metrics = metrics
        self.auditLog = auditLog
        self.enginePool = enginePool
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let route = APIRoute(method: request.method, path: request.head.path ?? "/", headers: request.headers)
        guard let format = route.format, let trimmer = trimmers[format], request.headers[.contentEncoding] == nil else {
            metrics?.recordRequest(format: route.format, outcome: .passedThrough)
            var response = try await next(request, context)
            response.headers[ProxyHeaders.outcome] = TrimOutcome.passedThrough.rawValue
            return response
        }
        var request = request
        let arrived = auditLog == nil ? "" : AuditLog.timestamp()
        guard let body = try await bodyLimit.collect(&request) else {
            return ProxyError.bodyTooLarge(limit: bodyLimit.maxBytes).response(for: route.provider)
        }

        let trim: @Sendable () -> (Trimmer.Result, Duration) = {
            let started = ContinuousClock.now
            let result = trimmer.trim(body.withUnsafeReadableBytes { Array($0) })
            return (result, started.duration(to: .now))
        }
        let (result, engineTime) = body.readableBytes <= Self.inlineBodyBytes ? trim() : try await enginePool.runIfActive(trim)
        // Fail open loudly: without libgit2, repositories' own rules are not applied.
        if let warning = GitRepository.unappliedRulesWarning, unappliedRulesSaid.claim() { context.logger.warning("\(warning)") }
        let outcome: TrimOutcome
        if let failure = result.failure {
            outcome = .failedOpen
            context.logger.warning("passed the body through unchanged", metadata: ["reason": "\(failure.logReason)"])
        } else {
            outcome = mode == .audit ? .audited : (result.report.edits.isEmpty ? .unchanged : .trimmed)
        }
        if outcome == .trimmed { request.body = RequestBody(buffer: ByteBuffer(bytes: result.output)) }

        // Tokens are counted on another task, never before the request goes
        // on nor before its answer comes back: what the edits saved goes in
        // the response's headers if it is counted by the time the upstream
        // answers (an LLM's first byte takes far longer), and the whole
        // request's tokens go to the metrics when they are counted.
        let editTokens = Mutex<TrimReport?>(nil)
        metrics?.recordRequest(format: format, outcome: outcome)
        metrics?.recordEngine(engineTime)
        if let accounting {
            let (metrics, record) = (metrics, recordAudit(logger: context.logger))
            let counted = accounting.count(result, edits: { report in editTokens.withLock { $0 = report } },
                                           request: { report, counter in
                                               metrics?.recordSavings(report)
                                               record(AuditRecord(time: arrived, report: report, prompts: result.prompts(countingTokensWith: counter)))
                                           })
            if !counted {
                metrics?.recordSkippedCount()
                recordAudit(logger: context.logger)(AuditRecord(time: arrived, report: result.report, prompts: nil))
            }
        } else {
            metrics?.recordSavings(result.report)
            recordAudit(logger: context.logger)(AuditRecord(time: arrived, report: result.report, prompts: nil))
        }
        var response = try await next(request, context)

        let report = editTokens.withLock { $0 } ?? result.report
        response.headers[ProxyHeaders.outcome] = outcome.rawValue
        response.headers[ProxyHeaders.format] = format.rawValue
        ServerTiming.append("ctxtrim", engineTime, to: &response.headers)
        if result.failure == nil {
            response.headers[ProxyHeaders.bytesSaved] = String(report.bytesIn - report.bytesOut)
            response.headers[ProxyHeaders.edits] = String(report.edits.count)
            if report.tokenizer != nil { response.headers[ProxyHeaders.tokensSaved] = String(report.tokensSaved) }
        }
        return response
    }
}

extension TrimMiddleware {
    /// Appends a record to the audit log, if there is one; a record that
    /// cannot be written is said in one log line, never dropped silently.
    private func recordAudit(logger: Logger) -> @Sendable (AuditRecord) -> Void {
        { [auditLog] record in
            guard let auditLog, !auditLog.append(record) else { return }
            logger.warning("could not append to the audit log", metadata: ["path": "\(auditLog.path)"])
        }
    }
}

/// Whether trimmed bodies go on (`trim`), or the originals with the savings
/// only reported (`audit`).
public enum TrimMode: String, Sendable, CaseIterable {
    case trim, audit
}

extension TrimFailure {
    /// The reason for a log line: what kind of failure and where, never the
    /// body's text (a JSON error names a byte offset, not the bytes).
    var logReason: String {
        switch self {
        case .invalidJSON(let error): return error.description
        case .notAnObject, .unrecognizedFormat: return description
        case .invalidOutput: return "the trimmed output failed its check"
        }
    }
}
