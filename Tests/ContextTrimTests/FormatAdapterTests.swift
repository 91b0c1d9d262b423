import Foundation
import Testing
@testable import ContextTrim

@Suite("format adapters")
struct FormatAdapterTests {
    static func expectedFormat(_ request: Fixtures.Request) -> WireFormat? {
        let path = request.url.path
        let name = request.name
        if path.contains("/anthropic_messages/") || path.contains("/claudecode/") || path.contains("cline-native-anthropic") || path.hasSuffix("plain-nothing-to-trim.json")
            || (!path.contains("/corpus/") && (name.hasPrefix("claudecode-") || name.hasPrefix("cline-search"))) {
            return .anthropicMessages
        }
        if path.contains("/responses/") || path.contains("/codex/") || (!path.contains("/corpus/") && name.hasPrefix("codex-")) { return .openAIResponses }
        return .openAIChat
    }

    @Test("every fixture's format is told by its shape", arguments: Fixtures.requests)
    func detection(request: Fixtures.Request) throws {
        let document = try JSONScanner.scan(request.bytes)
        #expect(FormatDetector.detect(document.root)?.format == Self.expectedFormat(request))
    }

    @Test("every tool result is linked to a call of the same request", arguments: Fixtures.requests)
    func linking(request: Fixtures.Request) throws {
        let document = try JSONScanner.scan(request.bytes)
        let conversation = try #require(FormatDetector.detect(document.root)).conversation(of: document)
        for segment in conversation.segments where segment.kind == .toolResult && segment.callID != nil {
            #expect(conversation.call(for: segment) != nil, "\(segment.location)")
        }
        #expect(!conversation.segments.isEmpty)
    }

    @Test("the working directory is found where each agent states it", arguments: [
        ("claudecode-wire-lemmy-req030.json", "/Users/badlogic/workspaces/lemmy/apps/claude-tools"),
        ("claudecode-arrow-step01.json", "/home/dev/webapp"),
        ("codex-exec-step01.json", "/home/dev/ledger"),
        ("cline-native-anthropic-step01.json", "/home/dev/site"),
        ("sweagent-8c4da1d2-step03.json", "/SWE-agent__test-repo"),
        ("sweagent-8eafcc89-step11.json", "/pydicom__pydicom"),
    ])
    func workingDirectory(name: String, path: String) throws {
        let document = try JSONScanner.scan(Fixtures.request(name).bytes)
        let conversation = try #require(FormatDetector.detect(document.root)).conversation(of: document)
        #expect(conversation.workingDirectory?.path == path)
    }

    @Test("the earliest stated directory wins, and assistants quoting one do not count")
    func earliestDirectory() throws {
        let text = bytes("(Current directory: /first)\nWorking directory: /second\n")
        #expect(WorkingDirectory.find(in: text) == "/first")
        let input = RequestBuilder.chatUserTexts([("assistant", "Working directory: /assistant/said"), ("user", "<cwd>/stated/by/harness</cwd>")])
        let document = try JSONScanner.scan(input)
        #expect(OpenAIChatAdapter().conversation(of: document).workingDirectory?.path == "/stated/by/harness")
    }

    @Test("segments keep roles and kinds; thinking and tool calls are never text")
    func segmentKinds() throws {
        let document = try JSONScanner.scan(Fixtures.request("claudecode-arrow-step02.json").bytes)
        let conversation = AnthropicMessagesAdapter().conversation(of: document)
        let kinds = Set(conversation.segments.map(\.kind))
        #expect(kinds.isSuperset(of: [.instructions, .text, .toolCall, .toolResult, .thinking]))
        for segment in conversation.segments where segment.kind == .thinking || segment.kind == .toolCall {
            #expect(segment.text == nil)
        }
        let codex = try JSONScanner.scan(Fixtures.request("codex-exec-step02.json").bytes)
        let responses = OpenAIResponsesAdapter().conversation(of: codex)
        #expect(responses.calls.contains { $0.name == "apply_patch" && $0.rawInput?.hasPrefix("*** Begin Patch") == true })
        #expect(responses.segments.contains { $0.kind == .thinking })
    }

    @Test("a reused call id: each result is read with the call before it, never a later one")
    func reusedCallIDs() throws {
        let input = RequestBuilder.json([
            "model": "gpt-4.1",
            "messages": [
                ["role": "system", "content": "agent"],
                ["role": "assistant", "content": NSNull(), "tool_calls": [["id": "call_0", "type": "function", "function": ["name": "read_file", "arguments": #"{"path":"src/app.ts"}"#]]]],
                ["role": "tool", "tool_call_id": "call_0", "content": String(repeating: "export const x = 1;\n", count: 40)],
                ["role": "assistant", "content": NSNull(), "tool_calls": [["id": "call_0", "type": "function", "function": ["name": "read_file", "arguments": #"{"path":"package-lock.json"}"#]]]],
                ["role": "tool", "tool_call_id": "call_0", "content": String(repeating: "{\"lockfileVersion\": 3},\n", count: 40)],
            ],
        ])
        let result = rulesOnlyTrimmer().trim(input)
        #expect(result.report.edits.map(\.location) == ["messages[4].content"])
        #expect(result.report.edits.first?.path == "package-lock.json")
    }

    @Test("bodies that are no request are refused, and passed through")
    func unrecognized() {
        for body in [#"{"hello": "world"}"#, #"[1, 2]"#, #""text""#] {
            let input = bytes(body)
            let result = defaultTrimmer().trim(input)
            #expect(result.output == input)
            #expect(result.failure != nil)
        }
    }
}
