import ContextTrim
import Metrics
import Prometheus

/// What the proxy counts, as swift-metrics handles made from one factory
/// (no global bootstrap, so a gateway keeps its own metrics system and
/// tests run many proxies in one process). `ProxyMetrics.prometheus()`
/// makes them on a Prometheus registry that `/metrics` serves.
public final class ProxyMetrics: Sendable {
    public let factory: any MetricsFactory
    /// Set when made by `prometheus()`: what `/metrics` prints.
    public let registry: PrometheusCollectorRegistry?

    private let engineTime: Metrics.Timer
    private let inFlight: Meter
    /// The handles every request records to, made once: a handle made per
    /// request is a registry lookup under its lock.
    private let requests: [RequestKey: Metrics.Counter]
    private let requestBytes: (in: Metrics.Counter, out: Metrics.Counter)
    private let requestTokens: (in: Metrics.Counter, out: Metrics.Counter)
    private let upstreamFirstByte: [APIRoute.Provider: Metrics.Timer]

    private struct RequestKey: Hashable {
        let format: WireFormat?
        let outcome: TrimOutcome
    }

    public init(factory: any MetricsFactory, registry: PrometheusCollectorRegistry? = nil) {
        self.factory = factory
        self.registry = registry
        engineTime = Metrics.Timer(label: "ctxtrim_engine_seconds", factory: factory)
        inFlight = Meter(label: "ctxtrim_requests_in_flight", factory: factory)
        var requests: [RequestKey: Metrics.Counter] = [:]
        for format in [nil] + WireFormat.allCases {
            for outcome in TrimOutcome.allCases {
                requests[RequestKey(format: format, outcome: outcome)] = Self.counter(
                    "ctxtrim_requests_total", [("format", format?.rawValue ?? "none"), ("outcome", outcome.rawValue)], factory: factory)
            }
        }
        self.requests = requests
        let directions = { (label: String) in
            (Self.counter(label, [("direction", "in")], factory: factory), Self.counter(label, [("direction", "out")], factory: factory))
        }
        requestBytes = directions("ctxtrim_request_bytes_total")
        requestTokens = directions("ctxtrim_request_tokens_total")
        upstreamFirstByte = Dictionary(uniqueKeysWithValues: APIRoute.Provider.allCases.map { provider in
            (provider, Metrics.Timer(label: "ctxtrim_upstream_first_byte_seconds", dimensions: [("provider", provider.rawValue)],
                                     factory: factory))
        })
    }

    /// Metrics on a new Prometheus registry, with histogram buckets that fit
    /// what they measure (the engine in microseconds to a second, the
    /// upstream's first byte in milliseconds to minutes).
    public static func prometheus() -> ProxyMetrics {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "ctxtrim_engine_seconds": [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                                       .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                       .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)],
            "ctxtrim_upstream_first_byte_seconds": [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
                                                    .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
                                                    .seconds(30), .seconds(60), .seconds(300)],
        ]
        return ProxyMetrics(factory: factory, registry: registry)
    }

    /// One request the engine saw or passed by: `outcome` is a
    /// `TrimOutcome` raw value, `format` the path's wire format or `none`.
    func recordRequest(format: WireFormat?, outcome: TrimOutcome) {
        requests[RequestKey(format: format, outcome: outcome)]?.increment()
    }

    func recordEngine(_ duration: Duration) {
        engineTime.recordNanoseconds(duration.nanoseconds)
    }

    /// A request's bytes and tokens in and out, and each stage's share of
    /// what was removed: the report with its tokens counted.
    func recordSavings(_ report: TrimReport) {
        requestBytes.in.increment(by: report.bytesIn)
        requestBytes.out.increment(by: report.bytesOut)
        if let tokensIn = report.tokensIn, let tokensOut = report.tokensOut {
            requestTokens.in.increment(by: tokensIn)
            requestTokens.out.increment(by: tokensOut)
        }
        for edit in report.edits {
            counter("ctxtrim_stage_bytes_total", [("stage", edit.stage), ("direction", "before")]).increment(by: edit.bytesBefore)
            counter("ctxtrim_stage_bytes_total", [("stage", edit.stage), ("direction", "after")]).increment(by: edit.bytesAfter)
            if let before = edit.tokensBefore, let after = edit.tokensAfter {
                counter("ctxtrim_stage_tokens_total", [("stage", edit.stage), ("direction", "before")]).increment(by: before)
                counter("ctxtrim_stage_tokens_total", [("stage", edit.stage), ("direction", "after")]).increment(by: after)
            }
        }
    }

    /// A request whose tokens were not counted: too many waited already.
    func recordSkippedCount() {
        counter("ctxtrim_token_counts_skipped_total", []).increment()
    }

    func recordUpstreamFirstByte(_ duration: Duration, provider: APIRoute.Provider) {
        upstreamFirstByte[provider]?.recordNanoseconds(duration.nanoseconds)
    }

    func requestStarted() { inFlight.increment() }
    func requestEnded() { inFlight.decrement() }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        Self.counter(label, dimensions, factory: factory)
    }

    private static func counter(_ label: String, _ dimensions: [(String, String)], factory: any MetricsFactory) -> Metrics.Counter {
        Metrics.Counter(label: label, dimensions: dimensions, factory: factory)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
