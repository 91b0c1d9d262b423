// The floor under `ctxtrim proxy`'s requests per second: the same stack
// (Hummingbird 2 serving, AsyncHTTPClient forwarding, the answer streamed
// back) with nothing of the proxy's own: no trimming, no metrics, no log
// line, no header filtering beyond Host and Content-Length. What the proxy
// loses against this is its own cost; what this loses against the direct
// path is the stack's.
//
// Usage: BenchFloor PORT UPSTREAM_PORT (PORT 0: any free port); prints the bound port.
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1

let arguments = CommandLine.arguments.dropFirst().compactMap(Int.init)
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: BenchFloor PORT UPSTREAM_PORT\n".utf8))
    exit(2)
}
let upstream = "http://127.0.0.1:\(arguments[1])"
var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

let router = Router()
router.on("**", method: .get, use: forward)
router.on("**", method: .post, use: forward)

@Sendable func forward(_ request: Request, context: BasicRequestContext) async throws -> Response {
    var request = request
    var outgoing = HTTPClientRequest(url: upstream + (request.head.path ?? "/"))
    outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
    for field in request.headers where field.name.canonicalName != "host" && field.name != .contentLength {
        outgoing.headers.add(name: field.name.rawName, value: field.value)
    }
    let body = try await request.collectBody(upTo: 256 << 20)
    if body.readableBytes > 0 { outgoing.body = .bytes(body) }
    let answer = try await client.execute(outgoing, deadline: .distantFuture)
    var headers = HTTPFields()
    for (name, value) in answer.headers {
        if let name = HTTPField.Name(name), name != .contentLength, name != .transferEncoding { headers.append(HTTPField(name: name, value: value)) }
    }
    let upstreamBody = answer.body
    return Response(status: .init(code: Int(answer.status.code)), headers: headers, body: ResponseBody { writer in
        for try await chunk in upstreamBody { try await writer.write(chunk) }
        try await writer.finish(nil)
    })
}

var logger = Logger(label: "bench-floor")
logger.logLevel = .error
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: arguments[0])),
                      onServerRunning: { channel in
                          FileHandle.standardOutput.write(Data("\(channel.localAddress?.port ?? 0)\n".utf8))
                      }, logger: logger)
try await app.runService()
