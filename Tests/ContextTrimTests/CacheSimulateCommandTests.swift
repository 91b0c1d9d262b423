import ContextTrimTokens
import Foundation
import Testing
@testable import ContextTrim

/// `ctxtrim cache simulate`, run as a user would: it reads a session as the
/// audit reads it (a folder, JSON lines, an agent's log) and prints the
/// session simulation's rows.
@Suite("cache simulate command")
struct CacheSimulateCommandTests {
    static func rows(_ arguments: [String]) throws -> (rows: [[String: Any]], stderr: String) {
        let run = try CommandLineTests().run(["cache", "simulate", "--json", "--no-detect-repo"] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return (try #require(try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [[String: Any]]), run.stderr)
    }

    @Test("a folder and the JSON lines of the same bodies give the simulation's rows; a malformed line is skipped and said")
    func folderAndLines() throws {
        let session = try #require(AuditTests.sessions.first { $0[0].name.hasPrefix("claudecode") })
        let disk = try AuditTests.SessionOnDisk(session, extraLine: "{\"messages\": [")
        let simulation = SessionSimulation(session.map { ($0.name, $0.bytes) }, trimmer: Trimmer(configuration: TrimConfiguration(detectRepository: false)),
                                           counter: try TokenCounter.o200k())
        let folder = try Self.rows([disk.folder.path]).rows
        #expect(folder.count == session.count)
        for (row, expected) in zip(folder, simulation.rows) {
            let original = try #require(row["original"] as? [String: Any]), trimmed = try #require(row["trimmed"] as? [String: Any])
            #expect(original["read"] as? Int == expected.original.read && original["uncached"] as? Int == expected.original.uncached)
            #expect(trimmed["read"] as? Int == expected.trimmed.read && trimmed["written"] as? Int == expected.trimmed.written)
        }
        let (lines, stderr) = try Self.rows([disk.lines.path])
        #expect(stderr.contains("line 2 not JSON object, skipped"))
        #expect(lines.map { ($0["original"] as? [String: Any])?["uncached"] as? Int } == folder.map { ($0["original"] as? [String: Any])?["uncached"] as? Int })
    }

    @Test("a Claude Code transcript is simulated call by call, its first session of those it holds")
    func transcript() throws {
        let transcript = Fixtures.root.appendingPathComponent("sessions/claude-code/projects/-home-dev-shop/5b0e9f47-2d3c-4a61-9c8e-7f1a2b3c4d5e.jsonl")
        let (rows, stderr) = try Self.rows([transcript.path])
        #expect(rows.count == 16)
        #expect(stderr.contains("holds 2 sessions: simulating"))
        let trimmedMisses = rows.reduce(0) { $0 + (($1["trimmed"] as? [String: Any])?["uncached"] as? Int ?? 0) }
        let originalMisses = rows.reduce(0) { $0 + (($1["original"] as? [String: Any])?["uncached"] as? Int ?? 0) }
        #expect(trimmedMisses <= originalMisses)
    }
}
