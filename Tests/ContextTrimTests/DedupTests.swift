import Foundation
import Testing
@testable import ContextTrim
import ContextTrimTokens

@Suite("dedup")
struct DedupTests {
    static let source = (1...40).map { "export function handler\($0)(request: Request) { return respond(request, \($0)); }" }

    @Test("gutters are stripped only when every line has one, numbered one by one", arguments: [
        (numbered(source) { String($0).leftPadded(to: 6, with: " ") + "→" }, NormalizedText.Gutter.arrow, true),
        (numbered(source) { String($0).leftPadded(to: 6, with: " ") + "\t" }, .tab, true),
        (numbered(source) { "\($0) | " }, .bar, true),
        (numbered(source) { String($0).leftPadded(to: 2, with: " ") + " | " }, .bar, true),
        (numbered(source) { "\($0 + 10):" }, .colon, true),
        (source.joined(separator: "\n"), .arrow, false),
    ])
    func gutters(text: String, gutter: NormalizedText.Gutter, hasGutter: Bool) {
        let normalized = NormalizedText(bytes(text)[...], gutters: [gutter])
        #expect(normalized.bytes == bytes(Self.source.joined(separator: "\n")))
        #expect((normalized.numbering != nil) == hasGutter)
    }

    @Test("what only looks like a gutter is content")
    func falseGutters() {
        let log = "12:00 started\n13:00 stopped\n"
        #expect(NormalizedText(bytes(log)[...]).bytes == bytes("12:00 started\n13:00 stopped"))
        #expect(NormalizedText(bytes("1\tAlice\n2\tBob")[...]).numbering == nil)
        #expect(NormalizedText(bytes("     1\ta\n     3\tb")[...]).numbering == nil)
        #expect(NormalizedText(bytes("line   \nnext\t\r\n")[...]).bytes == bytes("line\nnext"))
    }

    /// A Claude Code request reading files in turn: (tool, input, result).
    static func session(_ calls: [(String, [String: Any], String)]) -> [UInt8] {
        var messages: [[String: Any]] = [["role": "user", "content": "go"]]
        for (index, call) in calls.enumerated() {
            let id = "toolu_\(index + 1)"
            messages.append(["role": "assistant", "content": [["type": "tool_use", "id": id, "name": call.0, "input": call.1]]])
            messages.append(["role": "user", "content": [["type": "tool_result", "tool_use_id": id, "content": call.2]]])
        }
        return RequestBuilder.json(["model": "claude-sonnet-4-5", "system": [["type": "text", "text": "<env>\nWorking directory: /home/dev/app\n</env>"]], "messages": messages])
    }

    static let arrowRead = numbered(source) { String($0).leftPadded(to: 6, with: " ") + "→" }

    @Test("a file read twice: the second read points at the first, which stays whole")
    func readTwice() throws {
        let input = Self.session([("Read", ["file_path": "/home/dev/app/src/api.ts"], Self.arrowRead + RecognizerTests.reminder),
                                  ("Read", ["file_path": "/home/dev/app/src/api.ts"], Self.arrowRead + RecognizerTests.reminder)])
        let result = textTrimmer().trim(input)
        #expect(result.report.edits.map(\.action) == ["same-as"])
        #expect(result.report.edits.first?.target == "messages[2].content[0].content")
        let text = try lastText(String(decoding: result.output, as: UTF8.self))
        #expect(text == "[ctxtrim: all 40 lines same as the Read of src/api.ts (toolu_1) above]" + RecognizerTests.reminder)
        #expect(String(decoding: result.output, as: UTF8.self).contains("handler40"))
    }

    @Test("pointers are plain ASCII with one closing bracket, whatever the path holds")
    func asciiPointers() throws {
        let path = "/home/dev/app/app/blog/[slug]/résumé.tsx"
        let input = Self.session([("Read", ["file_path": path], Self.arrowRead), ("Read", ["file_path": path], Self.arrowRead)])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        #expect(text == "[ctxtrim: all 40 lines same as the Read of app/blog/%5Bslug%5D/r%C3%A9sum%C3%A9.tsx (toolu_1) above]")
        #expect(text.utf8.allSatisfy { $0 < 0x80 } && text.filter { $0 == "]" }.count == 1)
    }

    @Test("the same file through another tool and gutter still matches")
    func acrossTools() throws {
        let catN = numbered(Self.source) { String($0).leftPadded(to: 6, with: " ") + "\t" }
        let input = Self.session([("Read", ["file_path": "/home/dev/app/src/api.ts"], Self.arrowRead),
                                  ("Bash", ["command": "cat -n src/api.ts"], catN)])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        #expect(text == "[ctxtrim: all 40 lines same as the Read of src/api.ts (toolu_1) above]")
    }

    @Test("the same lines at other line numbers: both ranges are named")
    func renumbered() throws {
        let shifted = numbered(Self.source) { String($0 + 10).leftPadded(to: 6, with: " ") + "→" }
        let input = Self.session([("Read", ["file_path": "/home/dev/app/src/api.ts"], Self.arrowRead),
                                  ("Read", ["file_path": "/home/dev/app/src/api.ts", "offset": 11], shifted)])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        #expect(text == "[ctxtrim: lines 11-50 same as lines 1-40 of the Read of src/api.ts (toolu_1) above]")
    }

    @Test("short repeats, and repeats of ignored text, stay")
    func notWorthIt() {
        let short = Self.session([("Bash", ["command": "ls"], "No files found"), ("Bash", ["command": "ls"], "No files found")])
        #expect(textTrimmer().trim(short).report.edits.isEmpty)
        let ignored = Self.session([("Read", ["file_path": "/home/dev/app/node_modules/x/index.js"], Self.arrowRead),
                                    ("Read", ["file_path": "/home/dev/app/node_modules/x/index.js"], Self.arrowRead)])
        #expect(textTrimmer().trim(ignored).report.edits.map(\.action) == ["omitted-file", "omitted-file"])
    }

    @Test("the corpus's re-reads of README.md point at its first read, and every pointer pays")
    func corpus() throws {
        let trimmer = Trimmer(configuration: TrimConfiguration(detectRepository: false, tokenCounter: try TokenCounter.o200k()))
        let result = trimmer.trim(Fixtures.request("cline-export-cline_task-step054.json").bytes)
        let pointers = result.report.edits.filter { $0.action == "same-as" }
        for location in ["messages[70].content[0].text", "messages[72].content[0].text", "messages[78].content[0].text", "messages[80].content[0].text"] {
            #expect(pointers.contains { $0.location == location && $0.target == "messages[58].content[0].text" }, "\(location)")
        }
        #expect(pointers.allSatisfy { ($0.tokensBefore ?? 0) - ($0.tokensAfter ?? 0) >= DedupStage.defaultMinimumTokens })
    }

    @Test("blocks: a run of repeated lines inside a different output becomes one pointer line")
    func blocks() throws {
        let edited = Self.source[0..<10] + ["// a new line the agent added"] + Self.source[10...]
        let reread = numbered(Array(edited)) { String($0).leftPadded(to: 6, with: " ") + "→" }
        let input = Self.session([("Read", ["file_path": "/home/dev/app/src/api.ts"], Self.arrowRead),
                                  ("Read", ["file_path": "/home/dev/app/src/api.ts"], reread)])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == [
            "[ctxtrim: lines 1-10 same as lines 1-10 of the Read of src/api.ts (toolu_1) above]",
            "11→// a new line the agent added",
            "[ctxtrim: lines 12-41 same as lines 11-40 of the Read of src/api.ts (toolu_1) above]",
        ])
        let exactOnly = Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [IgnoreRulesStage(), DedupStage(mode: .exact)]))
        #expect(exactOnly.trim(input).report.edits.isEmpty)
    }

    @Test("blocks: a run matches the longest earlier copy, not only the first place its first line stood")
    func longestCopy() throws {
        // An excerpt too short for a pointer to pay, so the full read after it stays whole.
        let excerpt = numbered(Array(Self.source[0..<2])) { String($0).leftPadded(to: 6, with: " ") + "→" }
        let grown = numbered(Self.source + ["export const added = true; // after the edit"]) { String($0).leftPadded(to: 6, with: " ") + "→" }
        let input = Self.session([("Read", ["file_path": "/home/dev/app/src/api.ts", "limit": 2], excerpt),
                                  ("Read", ["file_path": "/home/dev/app/src/api.ts"], Self.arrowRead),
                                  ("Read", ["file_path": "/home/dev/app/src/api.ts"], grown)])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        #expect(text == "[ctxtrim: lines 1-40 same as lines 1-40 of the Read of src/api.ts (toolu_2) above]\n41→export const added = true; // after the edit")
    }

    @Test("blocks: a run that repeats lines higher up in the same output points at them")
    func withinOneOutput() throws {
        let trace = (1...12).map { "    at handler\($0) (src/server/routes/handler\($0).ts:\($0 * 7):13)" }
        let log = (["FAIL test/api.test.ts", "Error: expected 200, got 500"] + trace + ["", "Retrying once", "Error: expected 200, got 500"] + trace + ["1 failed"])
        let input = Self.session([("Bash", ["command": "npm test"], log.joined(separator: "\n"))])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == Array(log[0..<16]) + [
            "[ctxtrim: lines 17-29 same as lines 2-14 of the Bash result (toolu_1) above]", "1 failed",
        ])
    }

    @Test("blocks: the text a Write sent comes back in the next Read as a pointer to the Write")
    func fromWrite() throws {
        let content = Self.source.joined(separator: "\n") + "\n"
        let input = Self.session([("Write", ["file_path": "/home/dev/app/src/api.ts", "content": content], "File created successfully at: /home/dev/app/src/api.ts"),
                                  ("Read", ["file_path": "/home/dev/app/src/api.ts"], Self.arrowRead)])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        #expect(text == "[ctxtrim: lines 1-40 same as lines 1-40 of the content of the Write of src/api.ts (toolu_1) above]")
    }

    @Test("blocks: the new text of one of a MultiEdit's edits comes back in the next Read as a pointer to that edit")
    func fromMultiEdit() throws {
        let first = Self.source[0..<20].joined(separator: "\n"), second = Self.source[20..<40].joined(separator: "\n")
        let edits: [[String: Any]] = [["old_string": "x", "new_string": "y"], ["old_string": "a", "new_string": first + "\n" + second]]
        let input = Self.session([("MultiEdit", ["file_path": "/home/dev/app/src/api.ts", "edits": edits], "Applied 2 edits to /home/dev/app/src/api.ts"),
                                  ("Read", ["file_path": "/home/dev/app/src/api.ts"], Self.arrowRead)])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        #expect(text == "[ctxtrim: lines 1-40 same as lines 1-40 of the new_string of edits 2 of the MultiEdit of src/api.ts (toolu_1) above]")
    }

    @Test("blocks: what an OpenAI write_to_file's JSON-encoded arguments sent, and what a Codex apply_patch added, are first copies")
    func fromOpenAIArgumentsAndPatches() throws {
        let content = Self.source.joined(separator: "\n") + "\n"
        let chat = RequestBuilder.json([
            "model": "gpt-4.1",
            "messages": [
                ["role": "user", "content": "go"],
                ["role": "assistant", "content": NSNull(), "tool_calls": [["id": "call_1", "type": "function", "function": ["name": "write_to_file",
                    "arguments": String(decoding: RequestBuilder.json(["path": "src/api.ts", "content": content]), as: UTF8.self)]]]],
                ["role": "tool", "tool_call_id": "call_1", "content": "File written."],
                ["role": "assistant", "content": NSNull(), "tool_calls": [["id": "call_2", "type": "function", "function": ["name": "read_file", "arguments": "{\"path\":\"src/api.ts\"}"]]]],
                ["role": "tool", "tool_call_id": "call_2", "content": content],
            ],
        ])
        #expect(try lastText(String(decoding: defaultTrimmer().trim(chat).output, as: UTF8.self))
                == "[ctxtrim: lines 1-40 same as lines 1-40 of the content of the write_to_file of src/api.ts (call_1) above]\n")

        // Codex adds a file, then changes it: a later cat shows the added file's lines and the hunk's new lines.
        let added = "*** Begin Patch\n*** Add File: src/api.ts\n" + Self.source.map { "+" + $0 }.joined(separator: "\n") + "\n*** End Patch"
        var changed = Self.source
        changed[20] = "export function handler21(request: Request) { return respond(request, 2100); }"
        let hunk = "*** Begin Patch\n*** Update File: src/api.ts\n@@ export function handler10(request: Request) { return respond(request, 10); }\n"
            + Self.source[10..<20].map { " " + $0 }.joined(separator: "\n") + "\n-" + Self.source[20] + "\n+" + changed[20] + "\n"
            + Self.source[21..<30].map { " " + $0 }.joined(separator: "\n") + "\n*** End Patch"
        let header = "Chunk ID: 1a2b\nWall time: 0.1 seconds\nProcess exited with code 0\nOutput:\n"
        let codex = RequestBuilder.json([
            "model": "gpt-5-codex", "instructions": "You are Codex.",
            "input": [
                ["type": "message", "role": "user", "content": [["type": "input_text", "text": "add the handlers"]]],
                ["type": "custom_tool_call", "name": "apply_patch", "input": added, "call_id": "call_1"],
                ["type": "custom_tool_call_output", "call_id": "call_1", "output": "Success. Updated the following files:\nA src/api.ts"],
                ["type": "custom_tool_call", "name": "apply_patch", "input": hunk, "call_id": "call_2"],
                ["type": "custom_tool_call_output", "call_id": "call_2", "output": "Success. Updated the following files:\nM src/api.ts"],
                ["type": "function_call", "name": "exec_command", "arguments": "{\"cmd\":\"sed -n '11,30p' src/api.ts\"}", "call_id": "call_3"],
                ["type": "function_call_output", "call_id": "call_3", "output": header + changed[10..<30].joined(separator: "\n") + "\n"],
            ],
        ])
        let output = try lastText(String(decoding: defaultTrimmer().trim(codex).output, as: UTF8.self))
        #expect(output == header + "[ctxtrim: lines 1-20 same as lines 1-20 of the new text of hunk 1 of src/api.ts in the apply_patch (call_2) above]\n")
        let patchTexts = PatchText.texts(of: hunk)
        #expect(patchTexts.map(\.path) == ["src/api.ts"] && patchTexts.map(\.hunk) == [1])
        #expect(PatchText.texts(of: added).first.map { String(decoding: $0.text, as: UTF8.self) } == Self.source.joined(separator: "\n"))
    }

    @Test("blocks: text resent in a later user turn points at its first copy")
    func userText() throws {
        let pasted = Self.source.joined(separator: "\n")
        let input = RequestBuilder.chatUserTexts([("user", pasted), ("assistant", "ok"), ("user", "again:\n" + pasted)])
        let text = try lastText(String(decoding: defaultTrimmer().trim(input).output, as: UTF8.self))
        #expect(text == "again:\n[ctxtrim: lines 2-41 same as lines 1-40 of the text of message 1 above]")
    }

    @Test("blocks: text the system prompt holds is pointed at, and the prompt stays whole")
    func fromSystemPrompt() throws {
        let prompt = "You are an agent.\n" + Self.source.joined(separator: "\n")
        let input = RequestBuilder.chatToolResult(system: prompt, tool: "read_file", arguments: ["path": "src/api.ts"], result: Self.source.joined(separator: "\n"))
        let result = defaultTrimmer().trim(input)
        let text = try lastText(String(decoding: result.output, as: UTF8.self))
        #expect(text == "[ctxtrim: lines 1-40 same as lines 2-41 of the system prompt above]")
        #expect(String(decoding: result.output, as: UTF8.self).contains("handler40(request: Request)"))
    }

    @Test("blocks: a run is a pointer when it pays in tokens, however few its lines; the minimum is configurable")
    func minimumTokens() throws {
        func reads(sharing shared: Int) -> [UInt8] {
            let lines = Array(Self.source[0..<shared])
            let first = numbered(lines + ["unrelated line one in this file", "unrelated line two in this file"]) { "\($0)→" }
            let second = numbered(lines + ["a different ending line here", "and another different one"]) { "\($0)→" }
            return Self.session([("Read", ["file_path": "/home/dev/app/a.ts"], first), ("Read", ["file_path": "/home/dev/app/b.ts"], second)])
        }
        let counter = try TokenCounter.o200k()
        let trimmer = Trimmer(configuration: TrimConfiguration(detectRepository: false, tokenCounter: counter))
        // Two shared lines (about 40 tokens) save less than 32 net of a pointer: they stay.
        #expect(trimmer.trim(reads(sharing: 2)).report.edits.filter { $0.stage == "dedup" }.isEmpty)
        // Four lines pay; what the pointer saved is counted exactly.
        let four = try #require(trimmer.trim(reads(sharing: 4)).report.edits.first { $0.stage == "dedup" })
        #expect(try #require(four.tokensBefore) - #require(four.tokensAfter) >= DedupStage.defaultMinimumTokens)
        let lower = Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [IgnoreRulesStage(), DedupStage(minimumTokens: 4)]))
        #expect(lower.trim(reads(sharing: 2)).report.edits.count == 1)
    }
}
