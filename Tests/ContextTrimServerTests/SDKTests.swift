import ContextTrim
import ContextTrimServer
import Foundation
import Testing

/// The official Python SDKs, non-streaming and streaming, for all three
/// APIs, through the proxy to the recording mock: the body the mock
/// records must be what the engine makes of the bytes the SDK sent, and the
/// SDK must parse the answer. `make test` makes their environment first
/// (scripts/setup-test-env.sh); without it this test fails and says so.
@Suite("official SDKs")
struct SDKTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".build/venv/bin/python")

    static let calls: [(call: String, format: WireFormat, streams: Bool)] = [
        ("messages", .anthropicMessages, false), ("messages-stream", .anthropicMessages, true),
        ("chat", .openAIChat, false), ("chat-stream", .openAIChat, true),
        ("responses", .openAIResponses, false), ("responses-stream", .openAIResponses, true),
    ]

    @Test("anthropic and openai SDKs: what the upstream receives is the engine's output of what the SDK sent")
    func sdks() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.python.path),
                     "no SDK environment at .build/venv: run scripts/setup-test-env.sh (make test does)")
        let mock = try await MockUpstream.start()
        let proxy = try await ProxyHarness.start(upstream: mock.url)
        defer { mock.stop() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-sdk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let fixtures: [String: Any] = [
            "anthropic": try JSONSerialization.jsonObject(with: Data(ServerFixtures.body("claudecode-junk-step02.json").bytes)),
            "chat": try JSONSerialization.jsonObject(with: Data(ServerFixtures.body("cline-native-openai-step02.json").bytes)),
            "responses": try JSONSerialization.jsonObject(with: Data(ServerFixtures.body("codex-exec-step03.json").bytes)),
        ]
        let fixturesFile = out.appendingPathComponent("fixtures.json")
        try JSONSerialization.data(withJSONObject: fixtures).write(to: fixturesFile)

        let (status, output, errors) = try await Self.run(Self.python.path, [Self.repository.appendingPathComponent("Tests/sdk/drive_sdks.py").path,
                                                                            proxy.url, fixturesFile.path, out.path])
        await proxy.stop()
        #expect(status == 0, "drive_sdks.py failed: \(errors)")
        let lines = output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let byCall = Dictionary(uniqueKeysWithValues: lines.map { ($0["call"] as! String, $0) })

        for (call, format, _) in Self.calls {
            let sent = try [UInt8](Data(contentsOf: out.appendingPathComponent("\(call).sent")))
            let recorded = try #require(mock.requests.first { $0.header("x-test-call") == call }, "\(call) never reached the upstream")
            let expected = await ProxyHarness.trimmed(sent, format: format)
            #expect(recorded.body == expected, "\(call)")
            #expect(recorded.body.count < sent.count, "\(call) was not trimmed")
            let answer = try #require(byCall[call], "\(call): no answer parsed")
            #expect((answer["text"] as? String)?.hasPrefix("hello from") == true, "\(call)")
            #expect((answer["headers"] as? [String: String])?["x-ctxtrim-outcome"] == "trimmed", "\(call)")
        }
        let error = try #require(byCall["error"])
        let message = try #require(error["text"] as? String)
        #expect(message.hasPrefix("RateLimitError") && message.contains("slow down"))
    }

    /// Runs a process to its end off the concurrency pool; its status, stdout and stderr.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String, String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                let stdout = Pipe(), stderr = Pipe()
                process.standardOutput = stdout
                process.standardError = stderr
                do {
                    try process.run()
                    let output = stdout.fileHandleForReading.readDataToEndOfFile()
                    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: output, as: UTF8.self),
                                                    String(decoding: errors, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
