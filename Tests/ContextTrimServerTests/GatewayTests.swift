import AsyncHTTPClient
import ContextTrim
import ContextTrimServer
import Foundation
import Hummingbird
import Testing

// README: gateway begin
/// A gateway of one's own, on Hummingbird, that trims what it forwards with
/// one line; it serves the three APIs on `port` until cancelled.
func runGateway(upstream: String, port: Int) async throws {
    let client = HTTPClient(configuration: UpstreamForwarder.clientConfiguration(timeout: .seconds(600), maxConcurrent: 64))
    let forwarder = UpstreamForwarder(client: client, upstreams: Upstreams(all: try UpstreamURL(upstream)))
    let router = Router()
    router.add(middleware: TrimMiddleware())  // the one line
    for path in ["/v1/messages", "/v1/chat/completions", "/v1/responses"] {
        router.post(RouterPath(path)) { request, context in await forwarder.forward(request, context: context) }
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
    do {
        try await app.runService()
    } catch {
        try await client.shutdown()
        throw error
    }
    try await client.shutdown()
}
// README: gateway end

// README: trimmer begin
/// For any other server: one `Trimmer`, made once and shared (a `Sendable`
/// value), trims each request body before it is forwarded.
let requestTrimmer = Trimmer(configuration: TrimConfiguration(format: .anthropicMessages))

func bodyToForward(_ body: [UInt8]) -> [UInt8] {
    let result = requestTrimmer.trim(body)  // never throws: a body it cannot read comes back as it came, result.failure says why
    return result.output
}
// README: trimmer end

/// The gateway and the `Trimmer` the README shows, built and run.
@Suite("gateway")
struct GatewayTests {
    @Test("the README's gateway trims what it forwards, as the proxy does")
    func gateway() async throws {
        let mock = try await MockUpstream.start()
        defer { mock.stop() }
        let port = LoopbackPort.unused()
        let gateway = Task { try await runGateway(upstream: mock.url, port: port) }
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        let url = "http://127.0.0.1:\(port)/v1/messages"
        var sent: TestClient.Answer?
        for _ in 0..<200 where sent == nil {
            sent = try? await TestClient.send(.POST, url, body: body)
            if sent == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        gateway.cancel()
        _ = try? await gateway.value
        let answer = try #require(sent, "the gateway never answered")
        #expect(answer.status == 200 && answer.headers["x-ctxtrim-outcome"].first == "trimmed")
        // TrimMiddleware() trims as `ctxtrim filter` does by default (it looks for the repository too; none here).
        let expected = await ProxyHarness.offPool { Trimmer(configuration: TrimConfiguration().forcing(.anthropicMessages)).trim(body).output }
        #expect(mock.requests.first?.body == expected)
    }

    @Test("a Trimmer as a value trims as the proxy does, and hands back a body it cannot read as it came")
    func trimmerValue() async throws {
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        let broken = Array(body.dropLast(3))
        let (trimmed, untouched) = await ProxyHarness.offPool { (bodyToForward(body), bodyToForward(broken)) }
        let expected = await ProxyHarness.trimmed(body, format: .anthropicMessages)
        #expect(trimmed == expected && trimmed.count < body.count)
        #expect(untouched == broken)
    }

    @Test("the README shows this code, line for line", arguments: ["gateway", "trimmer"])
    func readmeShowsIt(name: String) throws {
        let here = URL(fileURLWithPath: #filePath)
        let source = try String(contentsOf: here, encoding: .utf8)
        let readme = try String(contentsOf: here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "// README: \(name) begin\n", end = "// README: \(name) end"
        let start = try #require(source.range(of: begin)), stop = try #require(source.range(of: end))
        let shown = source[start.upperBound..<stop.lowerBound]
        #expect(readme.contains(shown))
    }
}
