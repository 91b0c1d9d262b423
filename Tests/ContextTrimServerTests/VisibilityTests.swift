import AsyncHTTPClient
import ContextTrim
@testable import ContextTrimServer
import Foundation
import Logging
import Testing

/// What the proxy tells about itself: headers on each answer, /healthz,
/// /metrics, one log line per request with no body or key in any line.
@Suite("proxy visibility")
struct VisibilityTests {
    @Test("a trimmed answer says what was saved: bytes, tokens, edits, outcome, timings")
    func headers() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        // The upstream answers once the proxy has counted the request's tokens, as an
        // LLM's first byte comes long after a release build's count of a few ms.
        let sent = Task { try await TestClient.send(.POST, proxy.url + "/v1/messages", body: body,
                                                    headers: [("content-type", "application/json"), ("x-mock", "hold")]) }
        try await proxy.waitForTokenCounts()
        mock.openGate()
        let answer = try await sent.value
        await proxy.stop()
        let (result, report) = await ProxyHarness.offPool {
            let result = Trimmer(configuration: ProxyHarness.trim.forcing(.anthropicMessages)).trim(body)
            return (result, result.report(countingTokensWith: ProxyHarness.counter))
        }
        #expect(answer.headers["x-ctxtrim-outcome"].first == "trimmed")
        #expect(answer.headers["x-ctxtrim-format"].first == "anthropic-messages")
        #expect(answer.headers["x-ctxtrim-bytes-saved"].first == String(body.count - result.output.count))
        #expect(answer.headers["x-ctxtrim-edits"].first == String(report.edits.count))
        #expect(answer.headers["x-ctxtrim-tokens-saved"].first == String(report.tokensIn! - report.tokensOut!))
        let timing = try #require(answer.headers["server-timing"].first)
        #expect(timing.contains("ctxtrim;dur=") && timing.contains("upstream;dur="))
        let engineMilliseconds = try #require(ServerTiming.milliseconds("ctxtrim", in: [ProxyHeaders.serverTiming: timing]))
        let line = try #require(proxy.logs.all.first { $0.hasSuffix("] request") })
        for field in ["method=POST", "path=/v1/messages", "format=anthropic-messages", "outcome=trimmed", "status=200",
                      "bytes_in=\(body.count)", "bytes_out=\(result.output.count)", "engine_ms=\(engineMilliseconds) ", "upstream_ms="] {
            #expect(line.contains(field), "\(field)")
        }
    }

    @Test("/healthz answers; /metrics serves requests, bytes, tokens, engine and upstream histograms, in flight")
    func metrics() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let health = try await TestClient.send(.GET, proxy.url + "/healthz")
        _ = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: ServerFixtures.body("claudecode-junk-step02.json").bytes)
        _ = try await TestClient.send(.GET, proxy.url + "/v1/models")
        _ = try await TestClient.send(.POST, proxy.url + "/v1/chat/completions", body: Array("not json".utf8))
        // Token totals are counted after the answers: wait for them.
        try await proxy.waitForTokenCounts()
        let text = try await TestClient.send(.GET, proxy.url + "/metrics").text
        await proxy.stop()
        #expect(health.status == 200 && health.text == "ok\n")
        for series in [#"ctxtrim_requests_total{format="anthropic-messages",outcome="trimmed"} 1"#,
                       #"ctxtrim_requests_total{format="none",outcome="passed-through"} 1"#,
                       #"ctxtrim_requests_total{format="openai-chat",outcome="failed-open"} 1"#,
                       #"ctxtrim_stage_bytes_total{stage="ignore-rules",direction="before"}"#,
                       #"ctxtrim_stage_tokens_total{stage="ignore-rules",direction="after"}"#,
                       #"ctxtrim_request_tokens_total{direction="in"}"#,
                       "ctxtrim_engine_seconds_bucket", "ctxtrim_upstream_first_byte_seconds_bucket", "ctxtrim_requests_in_flight 0"] {
            #expect(text.contains(series), "\(series)")
        }
    }

    @Test("no log line at any level holds a request body or an API key")
    func privateLogs() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url, timeout: .seconds(1), logLevel: .trace)
        defer { mock.stop() }
        let key = "sk-ant-api03-SECRETKEY1234567890"
        let marker = "BODYMARKER-7f3a9c"
        let body = Array(#"{"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"\#(marker) please"}]}"#.utf8)
        let auth = [("content-type", "application/json"), ("x-api-key", key), ("authorization", "Bearer \(key)")]
        _ = try await TestClient.send(.POST, proxy.url + "/v1/messages?key=\(key)", body: body, headers: auth)
        _ = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: body + Array("garbage \(marker)".utf8), headers: auth)
        _ = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: body, headers: auth + [("x-mock", "hang")])
        _ = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: body, headers: auth + [("x-mock", "status=401")])
        await proxy.stop()
        let logs = proxy.logs.text
        #expect(proxy.logs.all.count >= 4)
        #expect(!logs.contains(key) && !logs.contains("SECRETKEY"))
        #expect(!logs.contains(marker))
    }

    @Test("audit mode forwards the original and reports what trimming would have saved")
    func audit() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url, mode: .audit)
        defer { mock.stop() }
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        let answer = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: body)
        await proxy.stop()
        #expect(mock.requests.first?.body == body)
        #expect(answer.headers["x-ctxtrim-outcome"].first == "audited")
        let trimmed = await ProxyHarness.trimmed(body, format: .anthropicMessages)
        #expect(answer.headers["x-ctxtrim-bytes-saved"].first == String(body.count - trimmed.count))
    }
}
