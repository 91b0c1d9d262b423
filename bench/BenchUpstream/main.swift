// A stand-in for an LLM API that answers at once, for `make bench-proxy`:
// every request's body is read whole, then a small Anthropic-shaped message
// goes back. Timing the same requests against it directly and through
// `ctxtrim proxy` isolates what the proxy adds.
//
// Usage: BenchUpstream PORT (0: any free port); prints the bound port.
import Foundation
import Hummingbird
import Logging

let answer = #"{"id":"msg_bench","type":"message","role":"assistant","model":"claude-bench","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}"#

let router = Router()
router.post("**") { request, _ -> Response in
    var request = request
    _ = try await request.collectBody(upTo: 256 << 20)
    return Response(status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: answer)))
}
var logger = Logger(label: "bench-upstream")
logger.logLevel = .error
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 0
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                      onServerRunning: { channel in
                          FileHandle.standardOutput.write(Data("\(channel.localAddress?.port ?? 0)\n".utf8))
                      }, logger: logger)
try await app.runService()
