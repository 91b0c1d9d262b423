import HTTPTypes
import Testing
@testable import ContextTrimServer

/// The request log reads the engine's and the upstream's time back out of
/// `Server-Timing`, beside entries the upstream set itself.
@Suite("Server-Timing")
struct ServerTimingTests {
    @Test("durations appended are read back by name, after an upstream's own entries, with spaces and other parameters")
    func readBack() {
        var fields: HTTPFields = [ProxyHeaders.serverTiming: #"cache;desc="hit, \"warm; edge\"";dur=7.5, db ; dur=12"#]
        ServerTiming.append("upstream", .microseconds(412_031), to: &fields)
        ServerTiming.append("ctxtrim", .microseconds(840), to: &fields)
        #expect(fields[ProxyHeaders.serverTiming] == #"cache;desc="hit, \"warm; edge\"";dur=7.5, db ; dur=12, upstream;dur=412.03, ctxtrim;dur=0.84"#)
        #expect(ServerTiming.milliseconds("upstream", in: fields) == 412.03)
        #expect(ServerTiming.milliseconds("ctxtrim", in: fields) == 0.84)
        #expect(ServerTiming.milliseconds("db", in: fields) == 12)
        #expect(ServerTiming.milliseconds("cache", in: fields) == 7.5)
        #expect(ServerTiming.milliseconds("ctx", in: fields) == nil)
        #expect(ServerTiming.milliseconds("ctxtrim", in: [:]) == nil)
    }
}
