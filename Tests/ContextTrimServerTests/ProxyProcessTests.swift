import AsyncHTTPClient
import Foundation
import Synchronization
import Testing

/// `ctxtrim proxy` run as a process, where a test needs what the process
/// sees at its start: its environment.
@Suite("proxy process")
struct ProxyProcessTests {
    /// `CTXTRIM_LIBGIT2` naming no library stands for a machine without
    /// libgit2; the workspace the requests name holds a `.git`, so the
    /// proxy looks for its repository and cannot.
    @Test("without libgit2 the proxy forwards every request and says once that repositories' own rules were not applied")
    func withoutLibgit2() async throws {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent(".git"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let mock = try await MockUpstream.start()
        defer { mock.stop() }
        let proxy = try ProxyProcess.start(["proxy", "--port", "0", "--upstream", mock.url],
                                           environment: ["CTXTRIM_LIBGIT2": "/nonexistent/libgit2.so"])
        let body = Array(#"{"model":"gpt-x","messages":[{"role":"user","content":"<environment_details>\n# Current Working Directory (\#(workspace.path)) Files\na.ts\n</environment_details>"}]}"#.utf8)
        var statuses: [Int] = []
        for _ in 0..<2 { statuses.append(try await TestClient.send(.POST, proxy.url + "/v1/chat/completions", body: body).status) }
        let log = proxy.stop()
        #expect(statuses == [200, 200] && mock.requests.count == 2)
        #expect(log.components(separatedBy: "libgit2 could not be loaded (/nonexistent/libgit2.so").count == 2, "\(log)")
    }
}

/// A `ctxtrim` process, its standard error kept, on the port it printed.
final class ProxyProcess: Sendable {
    let url: String
    private let process: Process
    private let errors: Collected

    /// What the process wrote to standard error so far.
    final class Collected: Sendable {
        let text = Mutex("")
    }

    static func start(_ arguments: [String], environment: [String: String]) throws -> ProxyProcess {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let errors = Collected()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            errors.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        // "address=http://127.0.0.1:PORT" on the line that says it listens.
        var url: String?
        let deadline = Date().addingTimeInterval(60)
        while url == nil && Date() < deadline && process.isRunning {
            let text = errors.text.withLock { $0 }
            if let line = text.split(separator: "\n").first(where: { $0.contains("listening") && $0.contains("address=") }),
               let start = line.range(of: "address=") {
                url = String(line[start.upperBound...].prefix { $0 != " " })
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let url else {
            process.terminate()
            throw ProcessFailure(message: "ctxtrim proxy did not say where it listens: \(errors.text.withLock { $0 })")
        }
        return ProxyProcess(url: url, process: process, errors: errors)
    }

    private init(url: String, process: Process, errors: Collected) {
        self.url = url
        self.process = process
        self.errors = errors
    }

    /// Stops the process and returns all it wrote to standard error.
    func stop() -> String {
        process.terminate()
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.2)
        return errors.text.withLock { $0 }
    }

    struct ProcessFailure: Error { let message: String }

    /// The binary sits beside the test bundle in the build directory.
    private static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ctxtrim").path) && directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("ctxtrim")
    }()
}
