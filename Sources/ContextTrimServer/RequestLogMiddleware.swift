import Hummingbird
import Logging

/// One structured log line per request, when its response begins:
/// method, path (without its query, which may hold a key), format,
/// outcome, status, bytes in and out, tokens saved, engine and upstream
/// milliseconds. Never a header value or a byte of a body.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public let level: Logger.Level

    public init(level: Logger.Level = .info) {
        self.level = level
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        var metadata: Logger.Metadata = [
            "method": "\(request.method.rawValue)",
            "path": "\(request.uri.path)",
            "status": "\(response.status.code)",
        ]
        let headers = response.headers
        if let format = headers[ProxyHeaders.format] { metadata["format"] = "\(format)" }
        if let outcome = headers[ProxyHeaders.outcome] { metadata["outcome"] = "\(outcome)" }
        if let error = headers[ProxyHeaders.error] { metadata["error"] = "\(error)" }
        if let bytesIn = request.headers[.contentLength].flatMap(Int.init) {
            metadata["bytes_in"] = "\(bytesIn)"
            let saved = headers[ProxyHeaders.bytesSaved].flatMap(Int.init) ?? 0
            metadata["bytes_out"] = "\(bytesIn - (headers[ProxyHeaders.outcome] == TrimOutcome.trimmed.rawValue ? saved : 0))"
        }
        if let tokens = headers[ProxyHeaders.tokensSaved] { metadata["tokens_saved"] = "\(tokens)" }
        if let engine = ServerTiming.milliseconds("ctxtrim", in: headers) { metadata["engine_ms"] = "\(engine)" }
        if let upstream = ServerTiming.milliseconds("upstream", in: headers) { metadata["upstream_ms"] = "\(upstream)" }
        context.logger.log(level: level, "request", metadata: metadata)
        return response
    }
}
