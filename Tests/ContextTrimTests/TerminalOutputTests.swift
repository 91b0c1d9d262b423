import Foundation
import Testing
@testable import ContextTrim

/// Command output as a terminal shows it, over output captured from the
/// real tools on a pseudo-terminal (`script -q -c CMD /dev/null`, so with
/// their colours, progress bars and CRLF line ends): curl's progress meter,
/// pip's progress bar, pytest and cargo in colour, npm's erase-line, a
/// retry loop, `top -bn1`.
@Suite("terminal output")
struct TerminalOutputTests {
    static func capture(_ name: String) -> String {
        let url = Fixtures.root.appendingPathComponent("terminal").appendingPathComponent(name)
        return String(decoding: try! Data(contentsOf: url), as: UTF8.self)
    }

    /// The capture as the answer to a Claude Code Bash call running `command`.
    static func bash(_ command: String, _ output: String) -> [UInt8] {
        RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": command], result: output)
    }

    /// Escape sequences stripped by a pattern, independently of the stage's scanner.
    static func withoutEscapes(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-?]*[ -/]*[@-~]", with: "", options: .regularExpression)
    }

    static func stages(_ report: TrimReport) -> [String] { report.edits.map(\.stage).filter { $0 != "cache-tags" } }

    @Test("curl's progress meter: each line is the last frame the terminal showed; the report names the overwrites")
    func curlProgress() throws {
        let (text, report) = trimmed(Self.bash("curl -o big.bin http://127.0.0.1:8931/big.bin", Self.capture("curl.txt")))
        let lines = try lastText(text).components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("  % Total    % Received % Xferd  Average Speed"))
        #expect(lines[2] == "100 28.6M  100 28.6M    0     0  15.6M      0  0:00:01  0:00:01 --:--:-- 15.6M")
        #expect(!lines.contains { $0.contains("\r") })
        #expect(Self.stages(report) == ["terminal-overwrites"])
        #expect(report.edits.first?.action == "rendered-overwrites")
    }

    @Test("pip's progress bar (rich, in colour, hiding the cursor): one line, the last frame, with no escape left")
    func pipProgress() throws {
        let (text, report) = trimmed(Self.bash("pip download --no-deps -d wheels numpy==2.1.3 --progress-bar on", Self.capture("pip.txt")))
        let lines = try lastText(text).components(separatedBy: "\r\n")
        #expect(lines.count == 7 && lines[2].hasPrefix("  Downloading numpy-2.1.3-"))
        // The last frame, as a pattern strips it: the frames are erased whole (ESC[2K) before each is written.
        let frames = try #require(Self.capture("pip.txt").components(separatedBy: "\r\n").first { $0.contains("16.3/16.3 MB") })
        let last = try #require(frames.components(separatedBy: "\r").last)
        #expect(lines[3] == Self.withoutEscapes(last) && lines[3].hasSuffix(" 16.3/16.3 MB 263.6 MB/s eta 0:00:00"))
        #expect(!lines.contains { $0.contains("\r") || $0.contains("\u{1B}") })
        #expect(Self.stages(report) == ["terminal-overwrites", "ansi"])
    }

    @Test("pytest and cargo in colour: no escape is left, and the text is the capture's without them")
    func colours() throws {
        for (command, file) in [("pytest --color=yes -q test_cart.py", "pytest.txt"), ("cargo build --color=always", "cargo.txt")] {
            let capture = Self.capture(file)
            let (text, report) = trimmed(Self.bash(command, capture))
            let output = try lastText(text)
            #expect(!output.contains("\u{1B}"), "\(file)")
            // pytest repeats its warning's test id six times: those lines are collapsed too.
            let collapsed = report.edits.contains { $0.stage == "repeated-lines" }
            #expect(output == Self.withoutEscapes(capture) || (collapsed && LosslessEdits.explain(Self.withoutEscapes(capture), output)), "\(file)")
            let ansi = try #require(report.edits.first { $0.stage == "ansi" })
            #expect(ansi.action == "removed-escapes" && ansi.bytesAfter == 0 && ansi.bytesBefore > 0)
        }
    }

    @Test("npm's erase-line sequences go; a retry loop's identical lines become the first and a count; top's padded lines lose their trailing blanks")
    func eraseRepeatsAndTrailingBlanks() throws {
        let npm = try lastText(trimmed(Self.bash("npm install --offline left-pad", Self.capture("npm.txt"))).text)
        #expect(npm.hasSuffix("-debug-0.log\r\n") && !npm.contains("\u{1B}"))

        let (retryText, retryReport) = trimmed(Self.bash("python3 retry.py", Self.capture("retry.txt")))
        let retry = try lastText(retryText).split(separator: "\n").map(String.init)
        #expect(retry == ["WARNING: health check failed, retrying in 0s: <urlopen error [Errno 111] Connection refused>",
                          "[ctxtrim: the line above repeats 7 more times]", "giving up after 8 attempts"])
        #expect(Self.stages(retryReport) == ["repeated-lines"])

        let capture = Self.capture("top.txt")
        let (topText, topReport) = trimmed(Self.bash("top -bn1 | head -12", capture))
        let top = try lastText(topText)
        let expected = capture.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
        #expect(top == expected && top != capture)
        #expect(Self.stages(topReport) == ["trailing-spaces"])
    }

    @Test("a file's bytes are never rendered: escapes and carriage returns in a file read stay")
    func filesStay() throws {
        let file = (1...30).map { "\u{1B}[31mline \($0)\u{1B}[0m with a carriage\rreturn   " }.joined(separator: "\n")
        let read = Self.bash("cat logs/colour.txt", file)
        #expect(try lastText(trimmed(read).text) == file)
    }

    @Test("a command that may print files' bytes keeps every byte: a diff's blank context lines and trailing spaces, jq on a file, cat of two files")
    func filePrintersStay() throws {
        let diff = ["diff --git a/src/cart.ts b/src/cart.ts", "--- a/src/cart.ts", "+++ b/src/cart.ts", "@@ -1,4 +1,4 @@",
                    " export function total(items) {", " ", "-  return sum(items)  ", "+  return sum(items)", " }   "].joined(separator: "\n")
        let json = "{\n  \"name\": \"app\",\n  \"private\": true,\n  \"scripts\": {\n    \"build\": \"tsc\"\n  }\n}"
        for (command, output) in [("git diff", diff), ("cd web && git show HEAD -- src/cart.ts", diff), ("jq . package.json", json),
                                  ("cat a.txt b.txt", diff), ("npm install && git diff", diff)] {
            #expect(try lastText(trimmed(Self.bash(command, output)).text) == output, "\(command)")
        }
        // The same text from a build is terminal output: its trailing blanks go.
        #expect(try lastText(trimmed(Self.bash("make", diff)).text) != diff)
    }

    @Test("hostile cursor counts are bounded, and a lone ESC before a sequence leaves none behind (trimming twice changes nothing)")
    func hostileEscapes() throws {
        let output = (["a\u{1B}[9223372036854775807Cb\rc", "x\u{1B}[4000000000Gy\rz", "\u{1B}\u{1B}[0m[31mred"] + (1...20).map { "line \($0)" }).joined(separator: "\n")
        let once = defaultTrimmer().trim(Self.bash("make", output))
        #expect(once.failure == nil)
        // The overwrites a render would not shorten stay whole, escapes and all; the rest loses its escapes.
        let text = try lastText(String(decoding: once.output, as: UTF8.self))
        #expect(text.hasPrefix("a\u{1B}[9223372036854775807Cb\rc\nx\u{1B}[4000000000Gy\rz\n[31mred\n"))
        #expect(defaultTrimmer().trim(once.output).output == once.output)
        let escapes = Self.bash("make", "\u{1B}\u{1B}[0m[31mred\n" + (1...20).map { "line \($0)" }.joined(separator: "\n"))
        let trimmed = defaultTrimmer().trim(escapes).output
        #expect(trimmed != escapes && defaultTrimmer().trim(trimmed).output == trimmed)
    }

    @Test("each transform switches off by name")
    func switchedOff() throws {
        let input = Self.bash("pytest --color=yes -q test_cart.py", Self.capture("pytest.txt"))
        for name in ["ansi", "terminal-overwrites", "trailing-spaces", "repeated-lines"] {
            let stages: [any Stage] = [IgnoreRulesStage()] + TrimConfiguration.transforms.filter { $0.name != name }.map(\.stage) + [DedupStage()]
            let report = Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: stages)).trim(input).report
            #expect(!report.edits.contains { $0.stage == name })
        }
        let without = Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [IgnoreRulesStage(), DedupStage()]))
        #expect(without.trim(input).output == input)
    }
}

/// Pretty-printed JSON in tool results, laid out compactly.
@Suite("json layout")
struct JSONLayoutTests {
    static let pretty = """
    {
      "issues": [
        {
          "id": 4127,
          "title": "Cart total is off by one cent \\u00e9\\n",
          "labels": ["bug", "billing"],
          "score": 1.50e2,
          "closed": false,
          "assignee": null
        },
        {
          "id": 4128,
          "title": "Checkout \\"button\\" does nothing on Safari",
          "labels": [],
          "score": -0.25,
          "closed": true,
          "assignee": {"login": "mira"}
        }
      ]
    }
    """

    @Test("an MCP tool's indented JSON is laid out compactly: same keys in order, same values, same escapes; the report names the cause")
    func compacts() throws {
        let input = RequestBuilder.anthropicToolResult(tool: "mcp__github__list_issues", input: ["repo": "shop"], result: Self.pretty)
        let (text, report) = trimmed(input)
        let output = try lastText(text)
        #expect(output == #"{"issues":[{"id":4127,"title":"Cart total is off by one cent \u00e9\n","labels":["bug","billing"],"score":1.50e2,"closed":false,"assignee":null},{"id":4128,"title":"Checkout \"button\" does nothing on Safari","labels":[],"score":-0.25,"closed":true,"assignee":{"login":"mira"}}]}"#)
        #expect(LosslessEdits.sameJSON(Self.pretty, output))
        let edit = try #require(report.edits.first { $0.stage == "json-layout" })
        #expect(edit.action == "compacted-json" && edit.bytesAfter < edit.bytesBefore)
    }

    @Test("not strictly valid JSON, one-line JSON, a file read, and a command that printed more than JSON are left alone")
    func leavesAlone() throws {
        let invalid = Self.pretty.replacingOccurrences(of: "\"closed\": true", with: "\"closed\": True")
        let trailingComma = Self.pretty.replacingOccurrences(of: "\"mira\"}", with: "\"mira\"},")
        for result in [invalid, trailingComma, #"{"a": 1, "b": [1, 2]}"#] {
            let input = RequestBuilder.anthropicToolResult(tool: "mcp__github__list_issues", input: [:], result: result)
            #expect(try lastText(trimmed(input).text) == result)
        }
        let read = RequestBuilder.anthropicToolResult(tool: "Read", input: ["file_path": "/home/dev/app/package.json"], result: Self.pretty)
        #expect(try lastText(trimmed(read).text) == Self.pretty)
        let curl = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "curl -s https://api.example.com/issues"], result: Self.pretty)
        #expect(try lastText(trimmed(curl).text) != Self.pretty)
        let mixed = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "curl -si https://api.example.com/issues"], result: "HTTP/1.1 200 OK\n\n" + Self.pretty)
        #expect(try lastText(trimmed(mixed).text) == "HTTP/1.1 200 OK\n\n" + Self.pretty)
    }
}
