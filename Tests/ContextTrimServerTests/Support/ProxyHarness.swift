import AsyncHTTPClient
import ContextTrim
import ContextTrimServer
import ContextTrimTokens
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

/// A `ctxtrim proxy` started in the test process on a free loopback port,
/// as the command assembles it, with its log lines kept for the test.
final class ProxyHarness: Sendable {
    let port: Int
    let logs: LogLines
    let metrics: ProxyMetrics
    let configuration: TrimProxy.Configuration
    private let task: Task<Void, any Error>
    private let upstreamClient: HTTPClient

    static let counter = try! TokenCounter.o200k()

    /// The engine configuration the proxy trims with in these tests.
    static let trim = TrimConfiguration(detectRepository: false)

    static func start(upstream: String, timeout: Duration = .seconds(30), maxBodyBytes: Int = 64 << 20,
                      maxConcurrent: Int = 64, mode: TrimMode = .trim, logLevel: Logger.Level = .info,
                      auditLog: AuditLog? = nil) async throws -> ProxyHarness {
        let configuration = TrimProxy.Configuration(host: "127.0.0.1", port: 0, upstreams: Upstreams(all: try UpstreamURL(upstream)),
                                                    upstreamTimeout: timeout, maxBodyBytes: maxBodyBytes, maxConcurrent: maxConcurrent,
                                                    mode: mode, trim: trim, auditLog: auditLog)
        let logs = LogLines()
        var logger = Logger(label: "ctxtrim.proxy") { _ in LogLines.Handler(lines: logs) }
        logger.logLevel = logLevel
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                configuration: UpstreamForwarder.clientConfiguration(timeout: timeout, maxConcurrent: maxConcurrent))
        let metrics = ProxyMetrics.prometheus()
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = TrimProxy.application(configuration, client: client, tokenCounter: counter, metrics: metrics, logger: logger) {
            continuation.yield($0)
        }
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return ProxyHarness(port: port, logs: logs, metrics: metrics, configuration: configuration, task: task, client: client)
    }

    private init(port: Int, logs: LogLines, metrics: ProxyMetrics, configuration: TrimProxy.Configuration,
                 task: Task<Void, any Error>, client: HTTPClient) {
        self.port = port
        self.logs = logs
        self.metrics = metrics
        self.configuration = configuration
        self.task = task
        upstreamClient = client
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Waits until `/metrics` shows a request's tokens counted (they are
    /// counted on a thread of their own, after the engine's work).
    func waitForTokenCounts(within limit: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let text = try await TestClient.send(.GET, url + "/metrics").text
            // The series is there from the start; a count makes it above zero.
            let series = #"ctxtrim_request_tokens_total{direction="in"} "#
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(series) }),
               let tokens = Double(line.dropFirst(series.count)), tokens > 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no token count on /metrics within \(limit)")
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        try? await upstreamClient.shutdown()
    }

    /// What `ctxtrim filter --format FORMAT` writes for `body`: what the
    /// upstream must receive.
    static func trimmed(_ body: [UInt8], format: WireFormat) async -> [UInt8] {
        await offPool { Trimmer(configuration: trim.forcing(format)).trim(body).output }
    }

    /// Runs a test's own engine work (a debug build's trim or token count of
    /// a large body takes seconds) off the concurrency pool, which the
    /// proxies and mock upstreams of the tests running alongside need.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        try! await NIOThreadPool.singleton.runIfActive(work)
    }
}

/// Log lines kept in memory, formatted as the command's stream handler
/// formats them (message and metadata), at any level.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }
    var text: String { all.joined(separator: "\n") }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            let merged = metadata.merging(explicit ?? [:]) { $1 }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.append("\(level) \(fields) [\(source)] \(message)")
        }
    }
}

/// A plain HTTP client for the tests' own requests to the proxy, which
/// never decompresses, follows nothing, and hands back bytes as sent.
enum TestClient {
    static let shared = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(
        redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(30)), decompression: .disabled))

    struct Answer {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static func send(_ method: HTTPMethod = .POST, _ url: String, body: [UInt8]? = nil,
                     headers: [(String, String)] = [("content-type", "application/json")]) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let response = try await shared.execute(request, timeout: .seconds(60))
        var bytes: [UInt8] = []
        for try await chunk in response.body { bytes += chunk.readableBytesView }
        return Answer(status: Int(response.status.code), headers: response.headers, body: bytes)
    }
}
