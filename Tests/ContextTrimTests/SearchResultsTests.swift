import Testing
@testable import ContextTrim

/// Search results into ignored paths, in each agent's format (the formats
/// as the agents' sources print them: Cline's ripgrep grouping, Claude Code's
/// Grep modes, rg/grep/git grep piped, SWE-agent's search_dir and find_file).
@Suite("search results")
struct SearchResultsTests {
    /// `count` matches of a dependency's file, in rg's `path:line:text` form.
    static func vendorMatches(_ package: String, _ count: Int, prefix: String = "") -> [String] {
        (1...count).map { "\(prefix)node_modules/\(package)/lib/index.js:\($0 * 10):  function login(options) { return legacy(options, \($0)); }" }
    }

    static let stubStart = "[ctxtrim: "

    @Test("Claude Code Grep content: matches under node_modules go with their context and separators, one stub; the rest stays byte for byte")
    func grepContent() throws {
        let kept1 = ["src/auth.ts-11-// sign in", "src/auth.ts:12:export function login(user: User) {", "src/auth.ts-13-  return token(user)"]
        let vendor = ["node_modules/passport/lib/index.js-39-", "node_modules/passport/lib/index.js:40:exports.login = function login(req, user) {",
                      // Claude Code leaves a context line without a colon absolute.
                      "/home/dev/app/node_modules/passport/lib/index.js-41-  // deprecated, use req.logIn"]
            + ["--"] + Self.vendorMatches("jsonwebtoken", 3)
        let kept2 = ["src/routes.ts:3:import { login } from './auth'"]
        let output = (kept1 + ["--"] + vendor + ["--"] + kept2).joined(separator: "\n")
        let input = RequestBuilder.anthropicToolResult(tool: "Grep", input: ["pattern": "login", "output_mode": "content", "-n": true, "-C": 1], result: output)
        let (text, report) = trimmed(input)
        let lines = try lastText(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(4)) == kept1 + ["--"])
        #expect(lines.count == 6)
        #expect(lines[4].hasPrefix(#"[ctxtrim: 4 matches in 2 files under node_modules/ omitted, ignore rule "node_modules/" at rules/dependencies.ignore:"#))
        #expect(lines[5] == kept2[0])
        let edit = try #require(report.edits.first { $0.stage == "search-results" })
        #expect(edit.action == "omitted-matches" && edit.path == "node_modules/" && edit.rule?.pattern == "node_modules/" && edit.recognizer == "claude-code")
    }

    @Test("Claude Code Grep count: the counts of ignored files go, the trailer stays")
    func grepCount() throws {
        let vendor = (1...8).map { "node_modules/package-\($0)/lib/index.js:\($0)" }
        let output = (["src/auth.ts:3"] + vendor + ["dist/bundle.min.js:7", "", "Found 46 total occurrences across 10 files."]).joined(separator: "\n")
        let input = RequestBuilder.anthropicToolResult(tool: "Grep", input: ["pattern": "login", "output_mode": "count"], result: output)
        let text = try lastText(trimmed(input).text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "src/auth.ts:3")
        #expect(lines[1].hasPrefix("[ctxtrim: 36 matches in 8 files under node_modules/ omitted"))
        // One short line is kept: its stub would be longer.
        #expect(Array(lines.suffix(3)) == ["dist/bundle.min.js:7", "", "Found 46 total occurrences across 10 files."])
    }

    @Test("Cline search_files: a whole file block under node_modules goes with its blank line; header and other blocks stay")
    func clineSearchFiles() throws {
        func block(_ path: String, _ matches: Int) -> String {
            ([path, "│----"] + (1...matches).flatMap { ["│  const token = login(user, \($0));", "│----"] }).joined(separator: "\n")
        }
        let body = ["Found 9 results.", "", block("src/auth.ts", 2), "", block("node_modules/passport/lib/index.js", 4), "",
                    block("node_modules/jwt/sign.js", 2), "", block("src/routes.ts", 1)].joined(separator: "\n")
        let turn = "[search_files for 'login'] Result:\n" + body + "\n\n<environment_details>\n# Current Time\n1/1/2026\n</environment_details>"
        let input = RequestBuilder.chatUserTexts([("user", "go"), ("assistant", "<search_files><path>.</path><regex>login</regex></search_files>"), ("user", turn)])
        let (text, report) = trimmed(input)
        let expected = "[search_files for 'login'] Result:\n" + ["Found 9 results.", "", block("src/auth.ts", 2), "",
                        #"[ctxtrim: 6 matches in 2 files under node_modules/ omitted, ignore rule "node_modules/" at rules/dependencies.ignore:"#].joined(separator: "\n")
        let result = try lastText(text)
        #expect(result.hasPrefix(expected))
        #expect(result.contains("]\n" + block("src/routes.ts", 1) + "\n\n<environment_details>"))
        #expect(report.edits.filter { $0.stage == "search-results" }.map(\.recognizer) == ["cline"])
    }

    @Test("shell searches in any agent's tool: grep -rn, rg and git grep; a lockfile's matches name the file and its rule")
    func shellSearches() throws {
        let grep = (["./src/cart.ts:4:import { total } from './total'"] + Self.vendorMatches("lodash", 5, prefix: "./")
                    + ["./package-lock.json:120:      \"resolved\": \"https://registry.npmjs.org/total/-/total-1.0.0.tgz\","]).joined(separator: "\n")
        let bash = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "grep -rn total ."], result: grep)
        let lines = try lastText(trimmed(bash).text).split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines[0] == "./src/cart.ts:4:import { total } from './total'")
        #expect(lines[1].hasPrefix("[ctxtrim: 5 matches in 1 file under node_modules/ omitted"))
        // A short run is kept when its stub would not be shorter.
        #expect(lines[2].hasPrefix("[ctxtrim: 1 match in ./package-lock.json omitted") || lines[2].hasPrefix("./package-lock.json:120:"))
        let rg = (["src/cart.ts:total()"] + Self.vendorMatches("lodash", 6)).joined(separator: "\n")
        let header = "Chunk ID: 1a2b\nWall time: 0.1 seconds\nProcess exited with code 0\nOutput:\n"
        let codex = RequestBuilder.codexCall(name: "exec_command", arguments: ["cmd": "rg total | head -50"], output: header + rg)
        #expect(try lastText(trimmed(codex).text).hasPrefix(header + "src/cart.ts:total()\n[ctxtrim: 6 matches in 1 file under node_modules/ omitted"))
        let gitGrep = RequestBuilder.chatToolResult(tool: "bash", arguments: ["command": "cd web && git grep -n total"], result: rg)
        #expect(try lastText(trimmed(gitGrep).text).contains("under web/node_modules/ omitted"))
        // A grep that is not recursive prints no paths: nothing is read as one.
        let single = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "grep -n total notes.txt"], result: rg)
        #expect(try lastText(trimmed(single).text) == rg)
    }

    @Test("a context line whose text holds a colon belongs to its file however far from the match; nothing of a kept file goes")
    func contextLineWithColon() throws {
        // grep -C2 before a match: the first context line reads like a match of `Makefile-5-dist/app.min.js`, a minified file.
        let output = ["Makefile-5-dist/app.min.js: src/*.ts", "Makefile-6-\tesbuild src/index.ts --minify", "Makefile:7:build: dist/app.min.js",
                      "Makefile-8-", "Makefile-9-dist/vendor.min.js: vendor/*.js", "--", "src/index.ts:1:import './app'"].joined(separator: "\n")
        let bash = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "grep -rn -C2 'build:' ."], result: output)
        #expect(try lastText(trimmed(bash).text) == output)
        let lines = SearchResultsParser.lines(Array(output.utf8), in: 0..<output.utf8.count, style: .prefixed)
        #expect(lines.prefix(5).map(\.path) == Array(repeating: "Makefile", count: 5))
        #expect(lines.map(\.matches) == [0, 0, 1, 0, 0, 0, 1])
        // rg -C2 piped prints no line numbers: `path-text` context lines.
        let unnumbered = ["./Makefile-dist/app.min.js: src/*.ts", "./Makefile-\tesbuild src/index.ts --minify", "./Makefile:build: dist/app.min.js",
                          "./Makefile-dist/vendor.min.js: vendor/*.js"].joined(separator: "\n")
        let piped = SearchResultsParser.lines(Array(unnumbered.utf8), in: 0..<unnumbered.utf8.count, style: .prefixed)
        #expect(piped.map(\.path) == Array(repeating: "./Makefile", count: 4) && piped.map(\.matches) == [0, 0, 1, 0])
        let rg = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "rg -C2 'build:' ."], result: unnumbered)
        #expect(try lastText(trimmed(rg).text) == unnumbered)
    }

    @Test("content lines that are all digits are one match each; counts are counts; a stub in CRLF output ends as its lines do")
    func countsAndLineEnds() throws {
        let digits = (1...6).map { "node_modules/pkg\($0)/version.js:\($0 * 1000)" }
        let content = RequestBuilder.anthropicToolResult(tool: "Grep", input: ["pattern": "[0-9]+", "output_mode": "content"],
                                                         result: (["src/a.ts:7"] + digits).joined(separator: "\n"))
        #expect(try lastText(trimmed(content).text).contains("[ctxtrim: 6 matches in 6 files under node_modules/"))
        let counts = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "rg -c version"], result: (["src/a.ts:7"] + digits).joined(separator: "\n"))
        #expect(try lastText(trimmed(counts).text).contains("[ctxtrim: 21000 matches in 6 files under node_modules/"))
        let crlf = (["src/cart.ts:4:total()"] + Self.vendorMatches("lodash", 5) + ["src/b.ts:1:total()"]).joined(separator: "\r\n")
        let bash = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": "rg -n total"], result: crlf)
        let output = try lastText(trimmed(bash).text)
        #expect(output.hasPrefix("src/cart.ts:4:total()\r\n[ctxtrim: 5 matches in 1 file under node_modules/"))
        #expect(output.hasSuffix("]\r\nsrc/b.ts:1:total()"))
    }

    @Test("a search of one file prints no paths: its lines are never read as matches of other files")
    func searchOfOneFile() throws {
        let lines = (1...6).map { "node_modules/lodash/v\($0)/index.js: see the lodash notes" }.joined(separator: "\n")
        for command in ["rg lodash docs/notes.md", "grep -rn lodash docs/notes.md", "rg -n -e lodash -- NOTES.txt", "grep -r lodash Makefile",
                        "rg lodash bin/build", "rg --color never lodash docs/notes.md", "rg -N lodash < notes.txt"] {
            let bash = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": command], result: lines)
            #expect(try lastText(trimmed(bash).text) == lines, "\(command)")
        }
        // Claude Code's Grep of one file prints no names either.
        let grep = RequestBuilder.anthropicToolResult(tool: "Grep", input: ["pattern": "lodash", "path": "/home/dev/app/docs/notes.md", "output_mode": "content"],
                                                      result: lines)
        #expect(try lastText(trimmed(grep).text) == lines)
        // A directory, two files, or -H: every line names its file.
        for command in ["rg lodash docs", "rg -H lodash docs/notes.md", "grep -n lodash a.md b.md", "rg -C 2 lodash ./"] {
            let bash = RequestBuilder.anthropicToolResult(tool: "Bash", input: ["command": command], result: lines)
            #expect(try lastText(trimmed(bash).text).hasPrefix("[ctxtrim: 6 matches in 6 files under node_modules/ omitted"), "\(command)")
        }
    }

    @Test("SWE-agent search_dir: the counted files under node_modules go; header and footer stay")
    func sweAgentSearchDir() throws {
        let files = ["/repo/src/app.py (3 matches)"] + (1...6).map { "/repo/node_modules/pkg\($0)/index.js (\($0) matches)" } + ["/repo/tests/test_app.py (1 matches)"]
        let observation = (["Found 25 matches for \"login\" in /repo:"] + files + ["End of matches for \"login\" in /repo", "(Open file: n/a)", "(Current directory: /repo)", "bash-$"]).joined(separator: "\n")
        let input = RequestBuilder.chatToolResult(tool: "search_dir", arguments: ["search_term": "login"], result: observation)
        let lines = try lastText(trimmed(input).text).split(separator: "\n").map(String.init)
        #expect(lines[0...1] == ["Found 25 matches for \"login\" in /repo:", "/repo/src/app.py (3 matches)"])
        #expect(lines[2].hasPrefix("[ctxtrim: 21 matches in 6 files under node_modules/ omitted"))
        #expect(Array(lines[3...]) == ["/repo/tests/test_app.py (1 matches)", "End of matches for \"login\" in /repo", "(Open file: n/a)", "(Current directory: /repo)", "bash-$"])
    }

    @Test("SWE-agent search_file: the matches in a file the rules drop go, header and footer stay; a kept file's stay")
    func sweAgentSearchFile() throws {
        func observation(_ file: String) -> String {
            (["Found 9 matches for \"lodash\" in \(file):"] + (1...9).map { "Line \($0 * 40):      \"node_modules/lodash-\($0)\": { \"version\": \"4.17.\($0)\" }," }
             + ["End of matches for \"lodash\" in \(file)", "(Open file: n/a)", "(Current directory: /repo)", "bash-$"]).joined(separator: "\n")
        }
        let lock = RequestBuilder.chatToolResult(tool: "search_file", arguments: ["search_term": "lodash", "file": "/repo/package-lock.json"],
                                                 result: observation("/repo/package-lock.json"))
        let lines = try lastText(trimmed(lock).text).split(separator: "\n").map(String.init)
        #expect(lines[0] == "Found 9 matches for \"lodash\" in /repo/package-lock.json:")
        #expect(lines[1].hasPrefix("[ctxtrim: 9 matches in package-lock.json omitted, ignore rule \"package-lock.json\""))
        #expect(Array(lines[2...]) == ["End of matches for \"lodash\" in /repo/package-lock.json", "(Open file: n/a)", "(Current directory: /repo)", "bash-$"])
        let notes = RequestBuilder.chatToolResult(tool: "search_file", arguments: ["search_term": "lodash"], result: observation("docs/notes.md"))
        #expect(try lastText(trimmed(notes).text) == observation("docs/notes.md"))
        // A search term that holds `" in `: the file is what follows the last one.
        let quoted = observation("/repo/src/app.py").replacingOccurrences(of: "for \"lodash\" in", with: "for \"x\" in node_modules/a\" in")
        #expect(try lastText(trimmed(RequestBuilder.chatToolResult(tool: "search_file", arguments: [:], result: quoted)).text) == quoted)
    }

    @Test("SWE-agent find_file: paths under node_modules fold as a listing does")
    func sweAgentFindFile() throws {
        let paths = ["/repo/src/index.js"] + (1...8).map { "/repo/node_modules/pkg\($0)/index.js" }
        let observation = "Found 9 matches for \"index.js\" in /repo:\r\n" + paths.joined(separator: "\n") + "\n(Open file: n/a)\n(Current directory: /repo)\nbash-$"
        let input = RequestBuilder.chatToolResult(tool: "find_file", arguments: ["file_name": "index.js"], result: observation)
        let text = try lastText(trimmed(input).text)
        #expect(text.hasPrefix("Found 9 matches for \"index.js\" in /repo:\r\n/repo/src/index.js\n[ctxtrim: 8 paths under node_modules/ omitted"))
        #expect(text.hasSuffix("\n(Open file: n/a)\n(Current directory: /repo)\nbash-$"))
    }

    @Test("nothing under an ignored path, or --without search-results: the output is the input")
    func untouched() throws {
        let output = (["src/auth.ts:12:export function login(user: User) {", "src/routes.ts:3:import { login } from './auth'"]
                      + (1...5).map { "docs/guide.md:\($0):login: see the node_modules/ note" }).joined(separator: "\n")
        let input = RequestBuilder.anthropicToolResult(tool: "Grep", input: ["pattern": "login", "output_mode": "content"], result: output)
        #expect(try lastText(trimmed(input).text) == output)
        let vendor = RequestBuilder.anthropicToolResult(tool: "Grep", input: ["pattern": "login", "output_mode": "content"],
                                                        result: Self.vendorMatches("lodash", 6).joined(separator: "\n"))
        let without = Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [IgnoreRulesStage(), TransformStage(GutterTransform()), DedupStage()]))
        #expect(without.trim(vendor).output == vendor)
    }

    @Test("dedup points at search results as the search stage left them: the same search twice is one stub and one pointer")
    func composesWithDedup() throws {
        let output = (["src/auth.ts:12:export function login(user: User) {"] + Self.vendorMatches("passport", 12)
                      + (1...8).map { "src/feature\($0).ts:\($0):  const session = await login(user, { remember: true, scope: 'all' });" }).joined(separator: "\n")
        let call: [String: Any] = ["pattern": "login", "output_mode": "content"]
        let input = DedupTests.session([("Grep", call, output), ("Grep", call, output)])
        let (text, report) = trimmed(input)
        // Both copies were folded (the report keeps both edits); the pointer absorbed the second fold.
        #expect(report.edits.filter { $0.stage == "search-results" }.count == 2)
        #expect(text.components(separatedBy: "omitted, ignore rule").count - 1 == 1)
        #expect(try lastText(text).hasPrefix("[ctxtrim: all 10 lines same as the Grep result (toolu_1) above]"))
        let pointer = try #require(report.edits.first { $0.stage == "dedup" })
        // The pointer is credited with what it saved from the text it saw, the search stage's stub included.
        #expect(pointer.bytesBefore < output.utf8.count)
    }
}
