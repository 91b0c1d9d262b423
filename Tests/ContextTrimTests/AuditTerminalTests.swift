import Foundation
import Testing

/// `ctxtrim audit` on a terminal: stderr on a pseudo-terminal, as a user's
/// shell gives it, shows the progress bar; Ctrl-C (SIGINT) stops the audit
/// between requests and prints what was audited so far, marked incomplete.
@Suite("audit on a terminal")
struct AuditTerminalTests {
    /// Forty copies of the hand-written Claude Code session, one project
    /// each: enough work that an interrupt lands before the end.
    static func projects() throws -> URL {
        let source = Fixtures.root.appendingPathComponent("sessions/claude-code/projects/-home-dev-shop/5b0e9f47-2d3c-4a61-9c8e-7f1a2b3c4d5e.jsonl")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-tty-\(UUID().uuidString)")
        for index in 1...40 {
            let project = root.appendingPathComponent("-home-dev-shop\(index)")
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: project.appendingPathComponent("session\(index).jsonl"))
        }
        return root
    }

    /// What a terminal showed on stderr, read from the pseudo-terminal's master side.
    final class Screen: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []

        private let master: Int32

        init(master: Int32) {
            self.master = master
            Thread.detachNewThread { [self] in
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = read(master, &chunk, chunk.count)
                    if count <= 0 { break }
                    lock.withLock { bytes += chunk[..<count] }
                }
            }
        }

        var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

        /// Closes the terminal once the test is done with it.
        func close() {
            Glibc.close(master)
        }

        /// Waits until the terminal shows `text` (or the deadline passes).
        func wait(for text: String, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if self.text.contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }
    }

    /// `ctxtrim` started with its stderr on a new pseudo-terminal, as a
    /// user's shell starts it, and its stdout to `output`.
    static func run(_ arguments: [String], output: Any) throws -> (process: Process, screen: Screen) {
        var master: Int32 = -1, slave: Int32 = -1
        try #require(openpty(&master, &slave, nil, nil, nil) == 0, "no pseudo-terminal")
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        let screen = Screen(master: master)
        try process.run()
        Glibc.close(slave)
        return (process, screen)
    }

    @Test("a progress bar on a terminal; Ctrl-C prints the sessions audited so far, marked incomplete")
    func progressAndInterrupt() throws {
        let root = try Self.projects()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = Pipe()
        let (process, screen) = try Self.run(["audit", "--json", "--no-detect-repo", root.path], output: output)
        defer { screen.close() }
        let drawn = screen.wait(for: "requests/s", seconds: 120)
        #expect(drawn, "no progress bar on the terminal: \(screen.text)")
        process.interrupt()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(screen.wait(for: "interrupted: what was audited so far follows", seconds: 10), "\(screen.text)")
        #expect(screen.text.contains("/40 inputs") && screen.text.contains("ETA"))
        let json = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        #expect(json["complete"] as? Bool == false)
        let totals = try #require(json["totals"] as? [String: Any])
        // Each copy holds 16 calls of the main session and 3 of its sidechain.
        #expect((totals["requests"] as? Int).map { $0 < 40 * 19 } == true, "the audit ran to its end before the interrupt: \(totals)")
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        #expect(totals["sessions"] as? Int == sessions.count)
        #expect(totals["tokensBefore"] as? Int == sessions.reduce(0) { $0 + ($1["tokensBefore"] as! Int) })
    }

    @Test("one large input moves the bar as its requests are audited, before it ends")
    func barWithinOneInput() throws {
        let session = try #require(AuditTests.sessions.first { $0[0].name.hasPrefix("claudecode") })
        let lines = String(repeating: session.map { String(decoding: AuditTests.SessionOnDisk.oneLine($0.bytes), as: UTF8.self) + "\n" }.joined(), count: 40)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-one-input-\(UUID().uuidString).jsonl")
        try Data(lines.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (process, screen) = try Self.run(["audit", "--json", "--no-detect-repo", file.path], output: FileHandle.nullDevice)
        defer { screen.close() }
        // Part of the bar filled while the only input is not yet done.
        #expect(screen.wait(for: "#-", seconds: 120), "\(screen.text)")
        #expect(screen.text.contains("0/1 inputs"))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("off a terminal, stderr has no progress bar")
    func noBarOffTerminal() throws {
        let run = try CommandLineTests().run(["audit", "--json", "--no-detect-repo",
                                              Fixtures.root.appendingPathComponent("sessions/claude-code/projects").path])
        #expect(run.status == 0)
        #expect(!run.stderr.contains("requests/s") && !run.stderr.contains("\u{1B}["))
    }
}
