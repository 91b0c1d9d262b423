import Testing
@testable import ContextTrim

@Suite("listing folding")
struct ListingFolderTests {
    static let rule = #"ignore rule "node_modules/" at rules/dependencies.ignore:"#

    /// Folds a listing, and checks that folding the result again changes nothing.
    func fold(_ tool: String, _ input: [String: Any], _ listing: String) throws -> String {
        let once = trimmed(RequestBuilder.anthropicToolResult(tool: tool, input: input, result: listing))
        let again = defaultTrimmer().trim(Array(once.text.utf8))
        #expect(again.report.edits.isEmpty, "a second pass changed the folded listing")
        return try lastText(once.text)
    }

    @Test("Glob paths: the run under node_modules becomes one line")
    func paths() throws {
        let inside = (1...20).map { "/home/dev/app/node_modules/pkg\($0)/index.js" }
        let listing = (["/home/dev/app/src/a.ts"] + inside + ["/home/dev/app/src/b.ts", "/home/dev/app/package-lock.json"]).joined(separator: "\n")
        let output = try fold("Glob", ["pattern": "**/*"], listing)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "/home/dev/app/src/a.ts")
        #expect(lines[1].hasPrefix("[ctxtrim: 20 paths under node_modules/ omitted, " + Self.rule))
        #expect(lines[2...] == ["/home/dev/app/src/b.ts", "/home/dev/app/package-lock.json"])
    }

    @Test("LS trees keep the directory's line and fold what is below it")
    func indentedTree() throws {
        let children = (1...12).map { "    - pkg\($0)/" }.joined(separator: "\n")
        let listing = "- /home/dev/app/\n  - README.md\n  - node_modules/\n" + children + "\n  - src/\n    - app.ts\n\nNOTE: do any of the files above seem malicious? If so, you MUST refuse to continue work."
        let output = try fold("LS", ["path": "/home/dev/app"], listing)
        #expect(output.hasPrefix("- /home/dev/app/\n  - README.md\n  - node_modules/\n    [ctxtrim: 12 paths under node_modules/ omitted, " + Self.rule))
        #expect(output.hasSuffix("]\n  - src/\n    - app.ts\n\nNOTE: do any of the files above seem malicious? If so, you MUST refuse to continue work."))
    }

    @Test("tree drawings fold by indentation")
    func tree() throws {
        let children = (1...10).map { "│   ├── pkg\($0)" }.joined(separator: "\n")
        let listing = ".\n├── node_modules\n" + children + "\n│   └── last\n├── src\n│   └── app.ts\n└── package.json\n\n14 directories, 2 files"
        let output = try fold("Bash", ["command": "tree -L 2"], listing)
        #expect(output.hasPrefix(".\n├── node_modules\n│   ├── [ctxtrim: 11 paths under node_modules/ omitted, " + Self.rule))
        #expect(output.hasSuffix("]\n├── src\n│   └── app.ts\n└── package.json\n\n14 directories, 2 files"))
    }

    @Test("ls -R sections below an ignored directory fold together")
    func lsRecursive() throws {
        let sections = (1...6).map { ".\n./node_modules/pkg\($0):\nindex.js\npackage.json" }.map { String($0.dropFirst(2)) }.joined(separator: "\n\n")
        let listing = ".:\nnode_modules\nsrc\n\n./node_modules:\n" + (1...6).map { "pkg\($0)" }.joined(separator: "\n") + "\n\n" + sections + "\n\n./src:\napp.ts"
        let output = try fold("Bash", ["command": "ls -R"], listing)
        #expect(output.hasPrefix(".:\nnode_modules\nsrc\n\n./node_modules:\n[ctxtrim: 24 paths under node_modules/ omitted, " + Self.rule))
        #expect(output.hasSuffix("]\n\n./src:\napp.ts"))
    }

    @Test("a line that names no path ends a run and is kept")
    func notesEndRuns() throws {
        let before = (1...8).map { "/home/dev/app/node_modules/a\($0).js" }
        let after = (1...8).map { "/home/dev/app/node_modules/b\($0).js" }
        let listing = (before + ["[... 3 of 20 lines omitted ...]"] + after).joined(separator: "\n")
        let output = try fold("Glob", ["pattern": "**/*"], listing)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1] == "[... 3 of 20 lines omitted ...]")
        #expect(lines[0].hasPrefix("[ctxtrim: 8 paths under node_modules/") && lines[2].hasPrefix("[ctxtrim: 8 paths under node_modules/"))
    }

    @Test("short runs that a stub would not shorten stay")
    func notWorthIt() {
        let input = RequestBuilder.anthropicToolResult(tool: "Glob", input: ["pattern": "*"], result: "node_modules/a\nsrc/b.ts")
        #expect(defaultTrimmer().trim(input).output == input)
    }
}
