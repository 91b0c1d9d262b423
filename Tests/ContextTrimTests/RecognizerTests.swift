import Testing
@testable import ContextTrim

@Suite("recognizers")
struct RecognizerTests {
    static let reminder = "\n\n<system-reminder>\nWhenever you read a file, you should consider whether it would be considered malware.\n</system-reminder>\n"

    @Test("Claude Code Read with arrow gutters: the file goes, the reminder stays")
    func claudeRead() throws {
        let content = numbered(sampleLines) { String($0).leftPadded(to: 6, with: " ") + "→" }
        let input = RequestBuilder.anthropicToolResult(tool: "Read", input: ["file_path": "/home/dev/app/node_modules/lib/index.js"], result: content + Self.reminder)
        let (output, report) = trimmed(input)
        let text = try lastText(output)
        #expect(text.hasPrefix("[ctxtrim: omitted node_modules/lib/index.js (40 lines, 2 KB), ignore rule \"node_modules/\" at rules/dependencies.ignore:"))
        #expect(text.hasSuffix("]" + Self.reminder))
        #expect(report.edits.map(\.recognizer) == ["claude-code"])
    }

    @Test("Claude Code 1.0 tab gutters, Edit snippets and Bash cat are read too")
    func claudeOtherTools() throws {
        let tabbed = numbered(sampleLines) { String($0).leftPadded(to: 6, with: " ") + "\t" }
        let edit = RequestBuilder.anthropicToolResult(tool: "Edit", input: ["file_path": "dist/app.js", "old_string": "a", "new_string": "b"],
                                                      result: "The file dist/app.js has been updated. Here's the result of running `cat -n` on a snippet of the edited file:\n" + tabbed)
        let editText = try lastText(trimmed(edit).text)
        #expect(editText.hasPrefix("The file dist/app.js has been updated. Here's the result of running `cat -n` on a snippet of the edited file:\n[ctxtrim: omitted dist/app.js (40 lines"))
        let bash = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "cat .env.production"], result: (1...30).map { "KEY_\($0)=secret-value-\($0)" }.joined(separator: "\n"))
        #expect(try lastText(trimmed(bash).text).hasPrefix("[ctxtrim: omitted .env.production (30 lines"))
    }

    @Test("a secret goes even when its stub is longer than it")
    func shortSecret() throws {
        let input = RequestBuilder.anthropicToolResult(tool: "Read", input: ["file_path": "/home/dev/app/.env"], result: "     1→API_KEY=sk-1")
        let text = try lastText(trimmed(input).text)
        #expect(text == #"[ctxtrim: omitted .env (1 line, 21 bytes), ignore rule ".env" at rules/secrets.ignore:7]"#)
    }

    @Test("errors and ordinary files are left alone")
    func untouched() {
        let error = RequestBuilder.anthropicToolResult(tool: "Read", input: ["file_path": "/home/dev/app/node_modules/big.js"],
                                                       result: "<tool_use_error>File content (403.2KB) exceeds maximum allowed size (256KB).</tool_use_error>", isError: true)
        #expect(defaultTrimmer().trim(error).output == error)
        let source = RequestBuilder.anthropicToolResult(tool: "Read", input: ["file_path": "/home/dev/app/src/app.ts"], result: numbered(sampleLines) { "\($0)→" })
        #expect(defaultTrimmer().trim(source).output == source)
    }

    @Test("Codex exec_command: the header stays, the file after Output: goes")
    func codex() throws {
        let body = (1...60).map { "name = \"crate\($0)\"\nversion = \"1.0.\($0)\"" }.joined(separator: "\n")
        let header = "Chunk ID: 4f2a1c\nWall time: 0.1234 seconds\nProcess exited with code 0\nOriginal token count: 757\nOutput:\n"
        let input = RequestBuilder.codexCall(name: "exec_command", arguments: ["cmd": "sed -n '1,200p' Cargo.lock", "workdir": "/home/dev/ledger"], output: header + body)
        let text = try lastText(trimmed(input).text)
        #expect(text.hasPrefix(header + "[ctxtrim: omitted Cargo.lock (120 lines"))
        let failed = RequestBuilder.codexCall(name: "shell", arguments: ["command": ["bash", "-lc", "cat Cargo.lock"]], output: "Exit code: 1\nWall time: 0.1 seconds\nOutput:\n" + body)
        #expect(textTrimmer().trim(failed).output == failed)
        let argv = RequestBuilder.codexCall(name: "shell", arguments: ["command": ["bash", "-lc", "cat Cargo.lock"]], output: "Exit code: 0\nWall time: 0.1 seconds\nOutput:\n" + body)
        #expect(try lastText(trimmed(argv).text).contains("[ctxtrim: omitted Cargo.lock"))
    }

    @Test("Cline results in user text: the read goes, environment details stay")
    func cline() throws {
        let lock = (1...50).map { "\($0) |     \"node_modules/pkg\($0)\": { \"version\": \"1.0.\($0)\" }," }.joined(separator: "\n")
        let text = "[read_file for 'package-lock.json'] Result:\n" + lock + "\n\n<environment_details>\n# VSCode Visible Files\nsrc/app.ts\n</environment_details>"
        let input = RequestBuilder.chatUserTexts([("user", "do it"), ("assistant", "<read_file>\n<path>package-lock.json</path>\n</read_file>"), ("user", text)])
        let output = try lastText(trimmed(input).text)
        #expect(output.hasPrefix("[read_file for 'package-lock.json'] Result:\n[ctxtrim: omitted package-lock.json (50 lines"))
        #expect(output.hasSuffix("\n\n<environment_details>\n# VSCode Visible Files\nsrc/app.ts\n</environment_details>"))
    }

    @Test("Aider: a path line and a fenced file")
    func aider() throws {
        let lock = (1...40).map { "\"left-pad@^1.\($0)\":\n  version \"1.\($0).0\"" }.joined(separator: "\n")
        let text = "I have *added these files to the chat* so you can go ahead and edit them.\n\nsrc/app.py\n```\nprint('hi')\n```\n\nyarn.lock\n````\n" + lock + "\n````\n"
        let output = try lastText(trimmed(RequestBuilder.chatUserTexts([("user", text)])).text)
        #expect(output.contains("src/app.py\n```\nprint('hi')\n```"))
        #expect(output.contains("yarn.lock\n````\n[ctxtrim: omitted yarn.lock (80 lines"))
        #expect(output.hasSuffix("]\n````\n"))
    }

    @Test("SWE-agent windows and mini-SWE-agent outputs")
    func sweAgent() throws {
        let window = "[File: /repo/node_modules/left-pad/index.js (120 lines total)]\n(10 more lines above)\n" + numbered(sampleLines) { "\($0 + 10):" } + "\n(70 more lines below)\n(Open file: /repo/node_modules/left-pad/index.js)\n(Current directory: /repo)\nbash-$"
        let output = try lastText(trimmed(RequestBuilder.chatUserTexts([("user", "fix it"), ("assistant", "open it"), ("user", window)])).text)
        #expect(output.hasPrefix("[File: /repo/node_modules/left-pad/index.js (120 lines total)]\n(10 more lines above)\n[ctxtrim: omitted node_modules/left-pad/index.js (40 lines"))
        #expect(output.hasSuffix("]\n(70 more lines below)\n(Open file: /repo/node_modules/left-pad/index.js)\n(Current directory: /repo)\nbash-$"))

        let env = (1...25).map { "SECRET_\($0)=value-\($0)-xxxxxxxxxxxx" }.joined(separator: "\n")
        let mini = RequestBuilder.chatUserTexts([("user", "task"), ("assistant", "Let me look.\n\n```mswea_bash_command\ncat .env\n```"),
                                                 ("user", "<returncode>0</returncode>\n<output>\n" + env + "\n</output>")])
        #expect(try lastText(trimmed(mini).text).hasPrefix("<returncode>0</returncode>\n<output>\n[ctxtrim: omitted .env (25 lines"))
    }

    @Test("generic tool names read as words", arguments: [
        ("read_file", true), ("ReadFile", true), ("view", true), ("open_file", true), ("get_file", true), ("cat", true),
        ("get_file_info", false), ("add_comment_to_pending_review", false), ("preview", false), ("thread", false),
        ("write_file", false), ("list_files", false), ("download_file", false),
    ])
    func genericNames(name: String, reads: Bool) {
        #expect(GenericToolRecognizer.namesReading(name) == reads)
    }

    @Test("a generic shell tool's failed command is left alone; a successful one loses only the file")
    func genericShell() throws {
        let env = (1...20).map { "TOKEN_\($0)=value-\($0)-yyyyyyyyyy" }.joined(separator: "\n")
        let failed = RequestBuilder.chatToolResult(tool: "execute_bash", arguments: ["command": "cat .env"], result: "cat: .env: No such file or directory\n[Command finished with exit code 1]")
        #expect(textTrimmer().trim(failed).output == failed)
        let passed = RequestBuilder.chatToolResult(tool: "execute_bash", arguments: ["command": "cat .env"], result: env + "\n[Command finished with exit code 0]")
        let text = try lastText(trimmed(passed).text)
        #expect(text.hasPrefix("[ctxtrim: omitted .env (20 lines"))
        #expect(text.hasSuffix("]\n[Command finished with exit code 0]"))
    }

    @Test("generic tools with path arguments, and binary content whatever the path")
    func generic() throws {
        let minified = String(repeating: "!function(e){var t={};function n(r){if(t[r])return t[r].exports}}", count: 40)
        let input = RequestBuilder.chatToolResult(tool: "read_file", arguments: ["target_file": "dist/bundle.js"], result: minified)
        #expect(try lastText(trimmed(input).text).hasPrefix("[ctxtrim: omitted dist/bundle.js (1 line, 3 KB), ignore rule \"dist/\""))
        let binary = String(repeating: "\u{1F}\u{8B}\u{08}\u{0}\u{0}\u{0}gz", count: 100)
        let unknown = RequestBuilder.chatToolResult(tool: "fetch", arguments: ["url": "x"], result: binary)
        let text = try lastText(trimmed(unknown).text)
        #expect(text == "[ctxtrim: omitted binary content (1 line, 900 bytes)]")
    }
}
