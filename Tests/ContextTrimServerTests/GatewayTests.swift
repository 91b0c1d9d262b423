import AsyncHTTPClient
import ContextTrim
import ContextTrimServer
import Foundation
import Hummingbird
import Testing

// README: gateway begin
/// A Hummingbird gateway of its own that adds trimming with one line.
func gatewayRouter(client: HTTPClient, upstreams: Upstreams) -> Router<BasicRequestContext> {
    let forwarder = UpstreamForwarder(client: client, upstreams: upstreams)
    let router = Router()
    router.add(middleware: TrimMiddleware())  // the one line
    router.post("/v1/messages") { request, context in await forwarder.forward(request, context: context) }
    router.post("/v1/chat/completions") { request, context in await forwarder.forward(request, context: context) }
    router.post("/v1/responses") { request, context in await forwarder.forward(request, context: context) }
    return router
}
// README: gateway end

/// The gateway the README shows, built and run.
@Suite("gateway")
struct GatewayTests {
    @Test("the README's gateway trims what it forwards, as the proxy does")
    func gateway() async throws {
        let mock = try await MockUpstream.start()
        defer { mock.stop() }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                configuration: UpstreamForwarder.clientConfiguration(timeout: .seconds(30), maxConcurrent: 8))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: gatewayRouter(client: client, upstreams: Upstreams(all: try UpstreamURL(mock.url))),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await bound in ports { port = bound; break }
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        let answer = try await TestClient.send(.POST, "http://127.0.0.1:\(port)/v1/messages", body: body)
        task.cancel()
        _ = try? await task.value
        try await client.shutdown()
        #expect(answer.status == 200 && answer.headers["x-ctxtrim-outcome"].first == "trimmed")
        // TrimMiddleware() trims as `ctxtrim filter` does by default (it looks for the repository too; none here).
        #expect(mock.requests.first?.body == Trimmer(configuration: TrimConfiguration().forcing(.anthropicMessages)).trim(body).output)
    }

    @Test("the README shows this gateway, line for line")
    func readmeShowsIt() throws {
        let here = URL(fileURLWithPath: #filePath)
        let source = try String(contentsOf: here, encoding: .utf8)
        let readme = try String(contentsOf: here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "// README: gateway begin\n", end = "// README: gateway end"
        let start = try #require(source.range(of: begin)), stop = try #require(source.range(of: end))
        let shown = source[start.upperBound..<stop.lowerBound]
        #expect(readme.contains(shown))
    }
}
