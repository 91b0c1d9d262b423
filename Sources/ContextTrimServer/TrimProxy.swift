import AsyncHTTPClient
import ContextTrim
import Hummingbird
import Logging

/// `ctxtrim proxy`, assembled from the two pieces a gateway would use
/// (`TrimMiddleware`, `UpstreamForwarder`) and a router: nothing else
/// stands between an agent and its API. Stateless: nothing is kept from
/// one request to the next, so any number of proxies behind a load
/// balancer give the same bytes for the same request.
public enum TrimProxy {
    /// Everything `ctxtrim proxy` is told on its command line.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var upstreams: Upstreams
        public var upstreamTimeout: Duration
        public var maxBodyBytes: Int
        public var maxConcurrent: Int
        public var mode: TrimMode
        public var trim: TrimConfiguration
        /// `--audit-log`: where each API request's record is appended.
        public var auditLog: AuditLog?

        public init(host: String = "127.0.0.1", port: Int = 8787, upstreams: Upstreams = Upstreams(),
                    upstreamTimeout: Duration = .seconds(600), maxBodyBytes: Int = 64 << 20, maxConcurrent: Int = 64,
                    mode: TrimMode = .trim, trim: TrimConfiguration = TrimConfiguration(), auditLog: AuditLog? = nil) {
            self.host = host
            self.port = port
            self.upstreams = upstreams
            self.upstreamTimeout = upstreamTimeout
            self.maxBodyBytes = maxBodyBytes
            self.maxConcurrent = maxConcurrent
            self.mode = mode
            self.trim = trim
            self.auditLog = auditLog
        }
    }

    /// The proxy's routes: `GET /healthz`, `GET /metrics` (Prometheus text),
    /// and every other path and method forwarded, API bodies trimmed on the way.
    public static func router(_ configuration: Configuration, client: HTTPClient,
                              tokenCounter: (any TokenCounting)?, metrics: ProxyMetrics) -> Router<ProxyRequestContext> {
        let limit = RequestBodyLimit(maxBytes: configuration.maxBodyBytes)
        let forwarder = UpstreamForwarder(client: client, upstreams: configuration.upstreams,
                                          timeout: configuration.upstreamTimeout, bodyLimit: limit, metrics: metrics)
        let router = Router(context: ProxyRequestContext.self)
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.registry?.emitToBuffer() ?? [])))
        }
        let forwarded = router.group()
            .add(middleware: RequestLogMiddleware())
            .add(middleware: ConcurrencyLimitMiddleware(limit: configuration.maxConcurrent, metrics: metrics))
            .add(middleware: TrimMiddleware(configuration: configuration.trim, mode: configuration.mode, bodyLimit: limit,
                                            tokenCounter: tokenCounter, metrics: metrics, auditLog: configuration.auditLog))
        for method in forwardedMethods {
            forwarded.on("**", method: method) { request, context in await forwarder.forward(request, context: context) }
            forwarded.on("/", method: method) { request, context in await forwarder.forward(request, context: context) }
        }
        return router
    }

    /// The methods forwarded: every one the providers' APIs use.
    static let forwardedMethods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options]

    /// The proxy as a Hummingbird application, listening on the configured
    /// host and port; `onServerRunning` is told the bound port (for port 0).
    public static func application(_ configuration: Configuration, client: HTTPClient, tokenCounter: (any TokenCounting)?,
                                   metrics: ProxyMetrics, logger: Logger,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(configuration, client: client, tokenCounter: tokenCounter, metrics: metrics),
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler(), ClientCloseHandler()])),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}
