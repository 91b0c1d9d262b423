import ContextTrim
import ContextTrimServer
import Foundation
import Testing

/// `ctxtrim proxy --mode audit --audit-log FILE`: one record per API
/// request, with no text of the request, from which the audit totals and
/// prices the traffic as it would the bodies themselves.
@Suite("proxy audit log")
struct AuditLogTests {
    @Test("the log's records audit to the same tokens and cost as the bodies the proxy saw, and hold none of their text")
    func sameAsBodies() async throws {
        let upstream = try await MockUpstream.start()
        defer { upstream.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-audit-log-\(UUID().uuidString).jsonl").path
        let proxy = try await ProxyHarness.start(upstream: upstream.url, mode: .audit, auditLog: try AuditLog(path: path))
        let session = ["claudecode-junk-step01.json", "claudecode-junk-step02.json"].map { ServerFixtures.body($0) }
        for body in session {
            let answer = try await TestClient.send(.POST, proxy.url + body.path, body: body.bytes)
            #expect(answer.status == 200)
        }
        // Records are written when the counting thread is done with each request.
        // A record is whole once its line feed is written: a read may catch the last one half-written.
        var lines: [Substring] = []
        var written = ""
        for _ in 0..<600 where lines.count < session.count || !written.hasSuffix("\n") {
            try await Task.sleep(for: .milliseconds(50))
            written = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            lines = written.split(separator: "\n")
        }
        await proxy.stop()
        #expect(lines.count == session.count)
        let records = try lines.map { try JSONDecoder().decode(AuditRecord.self, from: Data($0.utf8)) }
        #expect(upstream.requests.map(\.body) == session.map(\.bytes), "audit mode forwards the originals")

        let trimmer = Trimmer(configuration: ProxyHarness.trim.forcing(.anthropicMessages))
        var fromBodies = SessionAudit(source: "bodies", trimmer: trimmer, counter: ProxyHarness.counter)
        for body in session { fromBodies.add(name: body.name, body: body.bytes) }
        var fromLog = SessionAudit(source: "log", trimmer: trimmer, counter: ProxyHarness.counter)
        for record in records { fromLog.add(record) }
        #expect(fromLog.requests == 2 && fromLog.tokensBefore == fromBodies.tokensBefore && fromLog.tokensAfter == fromBodies.tokensAfter)
        #expect(fromLog.tokensBefore > fromLog.tokensAfter)
        #expect(fromLog.savedByCause == fromBodies.savedByCause)
        #expect(fromLog.cost.original.cost == fromBodies.cost.original.cost && fromLog.cost.trimmed.cost == fromBodies.cost.trimmed.cost)

        // No text of the requests: no string of 12 characters or more with a space in it (prose, code, file
        // contents) stands in the log; paths and the working directory do, as in the filter's report.
        let log = lines.joined(separator: "\n")
        for body in session {
            let document = try JSONScanner.scan(body.bytes)
            var strings: [String] = []
            func collect(_ value: JSONValue) {
                if let text = value.string, text.count >= 12, text.contains(" ") { strings.append(text) }
                for child in value.children { collect(child) }
            }
            collect(document.root)
            #expect(!strings.isEmpty)
            for text in strings { #expect(!log.contains(text.prefix(40)), "\(text.prefix(40))") }
        }
    }

    @Test("a record that cannot be written is said in a log line, and the request still goes through")
    func unwritable() async throws {
        let upstream = try await MockUpstream.start()
        defer { upstream.stop() }
        // Every write to /dev/full fails (ENOSPC).
        let proxy = try await ProxyHarness.start(upstream: upstream.url, mode: .audit, auditLog: try AuditLog(path: "/dev/full"))
        let body = ServerFixtures.body("claudecode-junk-step01.json")
        let answer = try await TestClient.send(.POST, proxy.url + body.path, body: body.bytes)
        #expect(answer.status == 200)
        for _ in 0..<600 where !proxy.logs.text.contains("could not append to the audit log") {
            try await Task.sleep(for: .milliseconds(50))
        }
        await proxy.stop()
        let line = proxy.logs.all.first { $0.contains("could not append to the audit log") }
        #expect(line?.contains("path=/dev/full") == true)
        #expect(upstream.requests.map(\.body) == [body.bytes])
    }
}
