import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A recording stand-in for the providers' APIs on loopback: it keeps every
/// request it is sent (method, path and query, headers, body) and answers
/// like Anthropic or OpenAI would, JSON or server-sent events by the body's
/// `"stream": true`. The `x-mock` request header picks a fault or a pace:
///
/// - `status=429`: that status, with an error body and `retry-after`;
/// - `hang`: no answer (until the test ends);
/// - `delay=1500`: the answer after that many milliseconds;
/// - `gate`: a stream's first event, then the rest only after `openGate()`;
/// - `hold`: a JSON answer only after `openGate()`;
/// - `endless`: an event every 100 ms until the proxy goes away, counted in `streamEnds`;
/// - `gzip`: a body sent with `Content-Encoding: gzip` (bytes the proxy must not touch).
final class MockUpstream: Sendable {
    struct Recorded: Sendable {
        let method: String
        let pathAndQuery: String
        let headers: [(name: String, value: String)]
        let body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    private let recorded = Mutex<[Recorded]>([])
    private let ends = Mutex(0)
    private let gate = AsyncStream<Void>.makeStream()
    private let task = Mutex<Task<Void, any Error>?>(nil)
    private let boundPort = Mutex(0)
    var port: Int { boundPort.withLock { $0 } }
    static let gzipBody: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00, 0xc2, 0x41, 0x24, 0x35, 0x03, 0x00, 0x00, 0x00]

    var requests: [Recorded] { recorded.withLock { $0 } }
    var streamEnds: Int { ends.withLock { $0 } }
    var url: String { "http://127.0.0.1:\(port)" }

    func openGate() { gate.continuation.yield() }

    /// Starts listening on a free loopback port.
    static func start() async throws -> MockUpstream {
        let mock = MockUpstream()
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .head, .options] {
            router.on("**", method: method) { request, _ in try await mock.answer(request) }
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "mock-upstream")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        mock.task.withLock { $0 = Task { try await app.runService(gracefulShutdownSignals: []) } }
        for await port in ports {
            mock.boundPort.withLock { $0 = port }
            break
        }
        return mock
    }

    func stop() {
        task.withLock { $0?.cancel() }
        gate.continuation.finish()
    }

    private func answer(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: .max)
        let bytes = Array(buffer: body)
        recorded.withLock {
            $0.append(Recorded(method: request.method.rawValue, pathAndQuery: request.head.path ?? "",
                               headers: request.headers.map { ($0.name.rawName, $0.value) }, body: bytes))
        }
        let mode = request.headers[HTTPField.Name("x-mock")!] ?? ""
        let path = request.uri.path
        if mode == "hang" {
            try await Task.sleep(for: .seconds(3600))
        }
        if mode.hasPrefix("delay="), let milliseconds = Int(mode.dropFirst(6)) {
            try await Task.sleep(for: .milliseconds(milliseconds))
        }
        if mode == "hold" {
            var iterator = gate.stream.makeAsyncIterator()
            _ = await iterator.next()
        }
        if mode.hasPrefix("status="), let code = Int(mode.dropFirst(7)) {
            let error = path.contains("/messages") ? #"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#
                : #"{"error":{"message":"slow down","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}"#
            return Response(status: .init(code: code), headers: [.contentType: "application/json", HTTPField.Name("retry-after")!: "7",
                                                                 HTTPField.Name("x-request-id")!: "req_mock_1"],
                            body: .init(byteBuffer: ByteBuffer(string: error)))
        }
        if mode == "gzip" {
            return Response(status: .ok, headers: [.contentType: "application/json", .contentEncoding: "gzip"],
                            body: .init(byteBuffer: ByteBuffer(bytes: Self.gzipBody)))
        }
        let marker = (try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])?["metadata"]
            .flatMap { ($0 as? [String: Any])?["user_id"] as? String } ?? "none"
        let streams = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: " ", with: "").contains(#""stream":true"#)
        guard streams else {
            return Response(status: .ok, headers: [.contentType: "application/json", HTTPField.Name("x-request-id")!: "req_mock_1"],
                            body: .init(byteBuffer: ByteBuffer(string: ProviderAnswers.json(path: path, text: "hello from \(marker)"))))
        }
        let events = ProviderAnswers.events(path: path, text: "hello from \(marker)")
        let gate = self.gate.stream
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody { writer in
            if mode == "endless" {
                do {
                    while true {
                        try await writer.write(ByteBuffer(string: "event: ping\ndata: {\"type\": \"ping\"}\n\n"))
                        try await Task.sleep(for: .milliseconds(100))
                    }
                } catch {
                    self.ends.withLock { $0 += 1 }
                    throw error
                }
            }
            for (index, event) in events.enumerated() {
                try await writer.write(ByteBuffer(string: event))
                if index == 0 && mode == "gate" {
                    var iterator = gate.makeAsyncIterator()
                    _ = await iterator.next()
                }
            }
            try await writer.finish(nil)
        })
    }
}
