import AsyncHTTPClient
import ContextTrim
import ContextTrimServer
import Foundation
import Testing

/// What reaches the upstream: the trimmed body where the path says it is
/// an API request, everything else byte for byte, headers as sent.
@Suite("proxy forwarding")
struct ForwardingTests {
    @Test("the body the upstream records is what ctxtrim filter makes of the bytes sent", arguments: ServerFixtures.bodies)
    func bodiesAreTrimmed(fixture: ServerFixtures.Body) async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let sent = fixture.bytes
        let answer = try await TestClient.send(.POST, proxy.url + fixture.path, body: sent)
        await proxy.stop()
        #expect(answer.status == 200)
        let recorded = try #require(mock.requests.first)
        let expected = await ProxyHarness.trimmed(sent, format: fixture.format)
        #expect(recorded.body == expected)
        #expect(recorded.pathAndQuery == fixture.path)
        let expectedOutcome = recorded.body == sent ? "unchanged" : "trimmed"
        #expect(answer.headers["x-ctxtrim-outcome"].first == expectedOutcome)
        #expect(Int(answer.headers["x-ctxtrim-bytes-saved"].first ?? "") == sent.count - recorded.body.count)
    }

    @Test("under any path prefix and with a query, the path decides the format and is forwarded as sent", arguments: [
        ("/anthropic/v1/messages?beta=true", WireFormat.anthropicMessages),
        ("/api/v1/messages", .anthropicMessages),
        ("/openai/v1/chat/completions", .openAIChat),
        ("/api/v1/chat/completions?x=1&y=2", .openAIChat),
        ("/openai/v1/responses", .openAIResponses),
    ])
    func prefixes(path: String, format: WireFormat) async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let fixture = ServerFixtures.bodies.first { $0.format == format && $0.name.contains("step02") }!
        let answer = try await TestClient.send(.POST, proxy.url + path, body: fixture.bytes)
        await proxy.stop()
        #expect(answer.status == 200)
        let recorded = try #require(mock.requests.first)
        #expect(recorded.pathAndQuery == path)
        let expected = await ProxyHarness.trimmed(fixture.bytes, format: format)
        #expect(recorded.body == expected)
        #expect(recorded.body != fixture.bytes)
    }

    @Test("an Anthropic-looking body on an OpenAI path is trimmed as OpenAI Chat and never given cache_control")
    func formatByPath() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let long = String(repeating: "Tell me about the repository layout in detail. ", count: 400)
        let body = Array(#"{"model":"claude-sonnet-4-5","max_tokens":1024,"system":"\#(long)","messages":[{"role":"user","content":[{"type":"text","text":"\#(long)"}]}]}"#.utf8)
        _ = try await TestClient.send(.POST, proxy.url + "/v1/chat/completions", body: body)
        _ = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: body)
        await proxy.stop()
        let recorded = mock.requests
        #expect(recorded.count == 2)
        #expect(!String(decoding: recorded[0].body, as: UTF8.self).contains("cache_control"))
        #expect(String(decoding: recorded[1].body, as: UTF8.self).contains("cache_control"))
    }

    @Test("other endpoints, other methods and compressed bodies pass byte for byte", arguments: [
        ("POST", "/v1/messages/count_tokens"), ("GET", "/v1/models?limit=5"), ("POST", "/v1/embeddings"),
        ("DELETE", "/v1/files/file-abc"), ("PUT", "/v1/messages"), ("POST", "/v1/messages#gzip"),
    ])
    func passThrough(method: String, target: String) async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        // A body the engine would trim (a node_modules read), so that a pass-through shows.
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        let compressed = target.hasSuffix("#gzip")
        let path = compressed ? String(target.dropLast(5)) : target
        var headers = [("content-type", "application/json"), ("anthropic-version", "2023-06-01")]
        if compressed { headers.append(("content-encoding", "gzip")) }
        let hasBody = method != "GET" && method != "DELETE"
        let answer = try await TestClient.send(.init(rawValue: method), proxy.url + path, body: hasBody ? body : nil, headers: headers)
        await proxy.stop()
        #expect(answer.status == 200)
        let recorded = try #require(mock.requests.first)
        #expect(recorded.method == method && recorded.pathAndQuery == path)
        #expect(recorded.body == (hasBody ? body : []))
        #expect(answer.headers["x-ctxtrim-outcome"].first == "passed-through")
    }

    @Test("headers go upstream in order and case, authentication included, less hop-by-hop ones")
    func headers() async throws {
        let upstream = try RawUpstream { _, socket in
            try? socket.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Upstream-Case: Kept\r\nContent-Length: 2\r\n\r\n{}")
            socket.close()
        }
        defer { upstream.stop() }
        let proxy = try await ProxyHarness.start(upstream: upstream.url)
        let client = try RawSocket.connect(port: proxy.port)
        let body = #"{"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#
        try client.send("POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1:\(proxy.port)\r\nX-Api-Key: sk-ant-test\r\n"
                        + "anthropic-version: 2023-06-01\r\nanthropic-beta: one\r\nAnthropic-Beta: two\r\nConnection: keep-alive, X-Hop\r\n"
                        + "X-Hop: dropped\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nAuthorization: Bearer sk-test\r\nX-Mixed-CASE: v\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let answer = String(decoding: await client.received { $0.count > 0 && String(decoding: $0, as: UTF8.self).hasSuffix("{}") }, as: UTF8.self)
        client.close()
        await proxy.stop()
        #expect(answer.hasPrefix("HTTP/1.1 200 OK"))
        #expect(answer.contains("X-Upstream-Case: Kept"))
        let head = try #require(upstream.requestHeads.first)
        let lines = head.components(separatedBy: "\r\n")
        #expect(lines[0] == "POST /v1/messages?beta=true HTTP/1.1")
        let names = lines.dropFirst().map { String($0.prefix { $0 != ":" }) }
        let forwarded = names.filter { !["host", "content-length"].contains($0.lowercased()) }
        #expect(forwarded == ["X-Api-Key", "anthropic-version", "anthropic-beta", "Anthropic-Beta", "Authorization", "X-Mixed-CASE", "Content-Type"])
        #expect(lines.contains("X-Api-Key: sk-ant-test") && lines.contains("Authorization: Bearer sk-test"))
        #expect(lines.contains("anthropic-beta: one") && lines.contains("Anthropic-Beta: two"))
        #expect(names.filter { $0.lowercased() == "host" }.count == 1)
    }

    @Test("API calls keep the client's connection open: three requests, streamed or not, on one connection")
    func keepAlive() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let client = try RawSocket.connect(port: proxy.port)
        var answers: [String] = []
        for (index, stream) in [false, true, false].enumerated() {
            let body = #"{"model":"claude-x","max_tokens":5,"stream":\#(stream),"metadata":{"user_id":"call-\#(index)"},"messages":[{"role":"user","content":"hi"}]}"#
            try client.postJSON("/v1/messages", body)
            // A JSON answer ends with its usage object, a chunked stream with its last chunk.
            let end = stream ? "0\r\n\r\n" : "}}"
            let answer = String(decoding: await client.received { String(decoding: $0, as: UTF8.self).hasSuffix(end) }, as: UTF8.self)
            answers.append(answer)
        }
        client.close()
        await proxy.stop()
        #expect(mock.requests.count == 3)
        for (index, answer) in answers.enumerated() {
            #expect(answer.hasPrefix("HTTP/1.1 200"), "request \(index)")
            #expect(answer.contains("call-\(index)"), "request \(index)")
            #expect(!answer.lowercased().contains("connection: close"), "request \(index)")
        }
    }
}
