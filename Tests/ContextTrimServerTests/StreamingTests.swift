import AsyncHTTPClient
import ContextTrim
import ContextTrimServer
import Foundation
import NIOCore
import Testing

/// Streams go through as they arrive; request bodies arrive however the
/// client sends them.
@Suite("proxy streaming")
struct StreamingTests {
    static func streamingBody(_ marker: String) -> [UInt8] {
        Array(#"{"model":"claude-x","max_tokens":5,"stream":true,"metadata":{"user_id":"\#(marker)"},"messages":[{"role":"user","content":"hi"}]}"#.utf8)
    }

    @Test("server-sent events are relayed as they come, not buffered")
    func unbuffered() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        var request = HTTPClientRequest(url: proxy.url + "/v1/messages")
        request.method = .POST
        request.headers.add(name: "x-mock", value: "gate")
        request.body = .bytes(Self.streamingBody("gate"))
        let response = try await TestClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.headers["content-type"].first == "text/event-stream")
        var iterator = response.body.makeAsyncIterator()
        // The upstream holds the rest of the stream until the first event has reached the client.
        let first = try #require(try await iterator.next())
        #expect(String(buffer: first).hasPrefix("event: message_start"))
        mock.openGate()
        var rest = ""
        while let chunk = try await iterator.next() { rest += String(buffer: chunk) }
        await proxy.stop()
        #expect(rest.hasSuffix("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
    }

    @Test("eight concurrent streams each get their own events")
    func concurrentStreams() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let texts = try await withThrowingTaskGroup(of: (String, String).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let marker = "client-\(index)"
                    let answer = try await TestClient.send(.POST, proxy.url + "/v1/messages", body: Self.streamingBody(marker))
                    return (marker, answer.text)
                }
            }
            var texts: [(String, String)] = []
            for try await text in group { texts.append(text) }
            return texts
        }
        await proxy.stop()
        #expect(texts.count == 8)
        for (marker, text) in texts {
            #expect(text.contains(#""text":"\#(marker) ""#))
            #expect(text.components(separatedBy: "client-").count == 2, "\(marker) saw another stream's events")
        }
    }

    @Test("a chunked request body is received whole and trimmed")
    func chunkedRequest() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        let client = try RawSocket.connect(port: proxy.port)
        try client.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        for start in stride(from: 0, to: body.count, by: 7000) {
            let piece = Array(body[start..<min(start + 7000, body.count)])
            try client.send(String(piece.count, radix: 16) + "\r\n")
            try client.send(piece + Array("\r\n".utf8))
        }
        try client.send("0\r\n\r\n")
        let answer = String(decoding: await client.received { String(decoding: $0, as: UTF8.self).contains("hello from") }, as: UTF8.self)
        client.close()
        await proxy.stop()
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        let expected = await ProxyHarness.trimmed(body, format: .anthropicMessages)
        #expect(mock.requests.first?.body == expected)
    }

    @Test("Expect: 100-continue is answered before the body is sent")
    func expectContinue() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let body = #"{"model":"gpt-x","messages":[{"role":"user","content":"hi"}]}"#
        let client = try RawSocket.connect(port: proxy.port)
        try client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                        + "Content-Length: \(body.utf8.count)\r\n\r\n")
        let interim = String(decoding: await client.received { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }, as: UTF8.self)
        #expect(interim.hasPrefix("HTTP/1.1 100 Continue"))
        try client.send(body)
        let answer = String(decoding: await client.received { String(decoding: $0, as: UTF8.self).contains("hello from") }, as: UTF8.self)
        client.close()
        await proxy.stop()
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(mock.requests.first.map { String(decoding: $0.body, as: UTF8.self) }?.hasPrefix(#"{"model":"gpt-x""#) == true)
        #expect(mock.requests.first?.header("expect") == nil)
    }

    @Test("a compressed response passes as sent, Content-Encoding and bytes")
    func compressedResponse() async throws {
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let answer = try await TestClient.send(.POST, proxy.url + "/v1/chat/completions", body: FaultTests.chat,
                                               headers: [("content-type", "application/json"), ("x-mock", "gzip")])
        await proxy.stop()
        #expect(answer.headers["content-encoding"].first == "gzip")
        #expect(answer.body == MockUpstream.gzipBody)
    }
}
