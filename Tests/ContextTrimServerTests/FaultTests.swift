import AsyncHTTPClient
import ContextTrim
import ContextTrimServer
import Foundation
import NIOCore
import Testing

/// What the client sees when something goes wrong: the upstream's own
/// answer where there is one, an error (never a short answer) where the
/// upstream breaks off, and the proxy's own answer only where it must.
@Suite("proxy faults")
struct FaultTests {
    static let chat = Array(#"{"model":"gpt-x","messages":[{"role":"user","content":"hi"}]}"#.utf8)
    static let messages = Array(#"{"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#.utf8)

    @Test("upstream 4xx and 5xx reach the client as sent: status, headers, body", arguments: [400, 401, 429, 500, 529])
    func upstreamErrors(status: Int) async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let answer = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: Self.messages,
                                               headers: [("content-type", "application/json"), ("x-mock", "status=\(status)")])
        await proxy.stop()
        #expect(answer.status == status)
        #expect(answer.headers["retry-after"].first == "7" && answer.headers["x-request-id"].first == "req_mock_1")
        #expect(answer.text == #"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#)
        #expect(answer.headers["x-ctxtrim-error"].isEmpty)
    }

    @Test("an upstream that sends nothing for --upstream-timeout is answered 504 in the API's error shape", arguments: [
        ("/v1/messages", #""type":"error","error":{"type":"timeout_error""#),
        ("/v1/chat/completions", #""code":"ctxtrim_upstream_timeout""#),
    ])
    func hangingUpstream(path: String, shape: String) async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url, timeout: .seconds(1))
        defer { mock.stop() }
        let body = path.contains("messages") ? Self.messages : Self.chat
        let answer = try await TestClient.send(.POST, proxy.url + path, body: body, headers: [("content-type", "application/json"), ("x-mock", "hang")])
        await proxy.stop()
        #expect(answer.status == 504)
        #expect(answer.headers["x-ctxtrim-error"].first == "upstream-timeout")
        #expect(answer.text.contains(shape))
    }

    @Test("a first byte after 1.5 s within a 20 s timeout is relayed")
    func slowFirstByte() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url, timeout: .seconds(20))
        defer { mock.stop() }
        let answer = try await TestClient.send(.POST, proxy.url + "/v1/chat/completions", body: Self.chat,
                                               headers: [("content-type", "application/json"), ("x-mock", "delay=1500")])
        await proxy.stop()
        #expect(answer.status == 200 && answer.text.contains("hello from"))
    }

    @Test("an unreachable upstream is answered 502 at once")
    func unreachable() async throws {
        let proxy = try await ProxyHarness.start(upstream: "http://127.0.0.1:\(LoopbackPort.unused())")
        let answer = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: Self.messages)
        let again = try await TestClient.send(.POST, proxy.url + "/v1/chat/completions", body: Self.chat)
        await proxy.stop()
        #expect(answer.status == 502 && answer.headers["x-ctxtrim-error"].first == "upstream-unreachable")
        #expect(answer.text.hasPrefix(#"{"type":"error","error":{"type":"api_error""#))
        #expect(again.status == 502 && again.text.hasPrefix(#"{"error":{"message":"#))
    }

    @Test("a stream the upstream drops or resets mid-way reaches the client as an error", arguments: ["drop", "reset"])
    func brokenStream(how: String) async throws {
        let upstream = try RawUpstream { _, socket in
            try? socket.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            let event = "event: ping\ndata: {\"type\": \"ping\"}\n\n"
            try? socket.send(String(event.utf8.count, radix: 16) + "\r\n" + event + "\r\n")
            Thread.sleep(forTimeInterval: 0.2)
            if how == "reset" { socket.reset() } else { socket.close() }
        }
        defer { upstream.stop() }
        let proxy = try await ProxyHarness.start(upstream: upstream.url)
        var request = HTTPClientRequest(url: proxy.url + "/v1/messages")
        request.method = .POST
        request.body = .bytes(Array(#"{"model":"claude-x","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#.utf8))
        let response = try await TestClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)
        var received: [UInt8] = []
        await #expect(throws: (any Error).self) {
            for try await chunk in response.body { received += chunk.readableBytesView }
        }
        await proxy.stop()
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("event: ping"))
        #expect(proxy.logs.text.contains("upstream stream ended early"))
    }

    /// The mock's endless stream never ends on its own, so the upstream side
    /// closing at all proves the proxy cancelled it. No time bound is asserted
    /// (the machine is shared); the wait only keeps a broken proxy from hanging
    /// the suite.
    @Test("a client that leaves mid-stream closes the upstream request")
    func clientLeaves() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let client = try RawSocket.connect(port: proxy.port)
        let body = #"{"model":"claude-x","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#
        try client.postJSON("/v1/messages", body, headers: ["x-mock: endless"])
        let first = await client.received { String(decoding: $0, as: UTF8.self).contains("event: ping") }
        #expect(String(decoding: first, as: UTF8.self).contains("event: ping"))
        client.close()
        var waited = Duration.zero
        while mock.streamEnds == 0 && waited < .seconds(120) {
            try await Task.sleep(for: .milliseconds(50))
            waited += .milliseconds(50)
        }
        await proxy.stop()
        #expect(mock.streamEnds == 1, "the upstream stream was still open after the client left")
    }

    @Test("a body over --max-body-bytes is answered 413; requests over --max-concurrent 503")
    func limits() async throws {
        let mock = try await MockUpstream.start()
        defer { mock.stop() }
        let small = try await ProxyHarness.start(upstream: mock.url, maxBodyBytes: 1000)
        let big = [UInt8](repeating: 0x20, count: 5000)
        let declared = try await TestClient.send(.POST, small.url + "/v1/messages", body: Self.messages + big)
        let passThrough = try await TestClient.send(.POST, small.url + "/v1/files", body: big)
        await small.stop()
        #expect(declared.status == 413 && declared.headers["x-ctxtrim-error"].first == "body-too-large")
        #expect(declared.text.contains("request_too_large"))
        #expect(passThrough.status == 413)
        #expect(mock.requests.isEmpty)

        let one = try await ProxyHarness.start(upstream: mock.url, maxConcurrent: 1)
        let held = Task { try await TestClient.send(.POST, one.url + "/v1/chat/completions", body: Self.chat,
                                                     headers: [("content-type", "application/json"), ("x-mock", "hold")]) }
        while mock.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        let refused = try await TestClient.send(.POST, one.url + "/v1/chat/completions", body: Self.chat)
        mock.openGate()
        let first = try await held.value
        let after = try await TestClient.send(.POST, one.url + "/v1/chat/completions", body: Self.chat)
        await one.stop()
        #expect(refused.status == 503 && refused.headers["x-ctxtrim-error"].first == "too-many-requests")
        #expect(refused.text.contains("ctxtrim_too_many_requests"))
        #expect(first.status == 200 && after.status == 200)
    }

    @Test("a body that is not JSON goes upstream byte for byte, and one log line says why")
    func invalidJSON() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let broken = Array(#"{"model":"claude-x","messages":[{"role":"user","content":"hi"}]"#.utf8) + [0xFF, 0x00, 0x7B]
        let answer = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: broken)
        await proxy.stop()
        #expect(answer.status == 200 && answer.headers["x-ctxtrim-outcome"].first == "failed-open")
        #expect(mock.requests.first?.body == broken)
        #expect(proxy.logs.all.filter { $0.contains("passed the body through unchanged") && $0.contains("invalid JSON at byte") }.count == 1)
    }

    @Test("a 5 MB body is trimmed and forwarded whole")
    func largeBody() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let body = LargeBodies.anthropic(bytes: 5 << 20)
        let answer = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: body)
        await proxy.stop()
        #expect(answer.status == 200)
        let recorded = try #require(mock.requests.first)
        #expect(body.count >= 5 << 20)
        let expected = await ProxyHarness.trimmed(body, format: .anthropicMessages)
        #expect(recorded.body == expected)
        #expect(recorded.body.count < body.count)
    }
}
