import Foundation
import Testing
@testable import ContextTrim

/// Blocks a client repeats every turn, pointed at their first copy.
@Suite("scaffolding")
struct ScaffoldingTests {
    static let reminder = "<system-reminder>\nThe TodoWrite tool hasn't been used recently. If you're working on tasks that would benefit from tracking progress, consider using the TodoWrite tool.\n</system-reminder>"

    @Test("a later verbatim <system-reminder> points at its first copy, however short; one that changed stays; the first stays whole")
    func reminders() throws {
        let changed = Self.reminder.replacingOccurrences(of: "recently", with: "in a while")
        let input = DedupTests.session([("Bash", ["command": "npm test"], "3 passing\n\n" + Self.reminder),
                                        ("Bash", ["command": "npm run lint"], "no problems\n\n" + Self.reminder),
                                        ("Bash", ["command": "npm run build"], "built in 2.1s\n\n" + changed)])
        let (text, report) = trimmed(input)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let results = (object["messages"] as! [[String: Any]]).compactMap { ($0["content"] as? [[String: Any]])?.first?["content"] as? String }
        #expect(results[0] == "3 passing\n\n" + Self.reminder)
        #expect(results[1] == "no problems\n\n[ctxtrim: <system-reminder> same as in message 2 above]")
        #expect(results[2] == "built in 2.1s\n\n" + changed)
        let edit = try #require(report.edits.first { $0.stage == "scaffolding" })
        #expect(edit.action == "same-as" && edit.target == "messages[2].content[0].content" && edit.bytesAfter < edit.bytesBefore)
        #expect(report.edits.filter { $0.stage == "scaffolding" }.count == 1)
    }

    @Test("Cline's <environment_details> repeated verbatim points at the first; --without scaffolding leaves it")
    func environmentDetails() throws {
        let details = "<environment_details>\n# VSCode Visible Files\nsrc/cart.ts\n\n# VSCode Open Tabs\nsrc/cart.ts\nsrc/total.ts\n</environment_details>"
        let input = RequestBuilder.chatUserTexts([("user", "<task>fix the total</task>\n\n" + details), ("assistant", "<read_file><path>src/cart.ts</path></read_file>"),
                                                  ("user", "[read_file for 'src/cart.ts'] Result:\nexport const cart = [];\n\n" + details)])
        let output = try lastText(trimmed(input).text)
        #expect(output == "[read_file for 'src/cart.ts'] Result:\nexport const cart = [];\n\n[ctxtrim: <environment_details> same as in message 1 above]")
        let stages: [any Stage] = [IgnoreRulesStage()] + TrimConfiguration.transforms.filter { $0.name != "scaffolding" }.map(\.stage) + [DedupStage()]
        let without = Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: stages))
        #expect(without.trim(input).output == input)
    }

    @Test("a block with a folded listing in it is a copy as any other; a block inside a file read is the file's and stays")
    func foldedListingsAndFiles() throws {
        let vendor = (1...12).map { "node_modules/pkg\($0)/index.js" }.joined(separator: "\n")
        let details = "<environment_details>\n# Current Working Directory (/repo) Files\nsrc/cart.ts\n" + vendor + "\n</environment_details>"
        let input = RequestBuilder.chatUserTexts([("user", "<task>fix the total</task>\n\n" + details), ("assistant", "<read_file><path>src/cart.ts</path></read_file>"),
                                                  ("user", "[read_file for 'src/cart.ts'] Result:\nexport const cart = [];\n\n" + details)])
        let (text, report) = trimmed(input)
        #expect(text.contains("node_modules/ omitted"))
        #expect(try lastText(text) == "[read_file for 'src/cart.ts'] Result:\nexport const cart = [];\n\n[ctxtrim: <environment_details> same as in message 1 above]")
        #expect(report.edits.contains { $0.stage == "scaffolding" })

        // A file that holds a reminder, read twice: the second read is Dedup's, as a file; its reminder is no scaffolding.
        let file = (1...3).map { "line \($0)" }.joined(separator: "\n") + "\n" + Self.reminder
        let reads = DedupTests.session([("Read", ["file_path": "/repo/notes.md"], file), ("Read", ["file_path": "/repo/notes.md"], file + "\nline 4")])
        let (readText, readReport) = trimmed(reads)
        #expect(!readReport.edits.contains { $0.stage == "scaffolding" })
        #expect(try lastText(readText).hasSuffix("\nline 4"))
    }
}
