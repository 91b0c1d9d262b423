import Foundation
import Testing

/// `ctxtrim audit --html`, opened in headless Chromium with scripts off
/// (Tests/browser/render_page.py drives it): the page loads nothing, logs
/// nothing, every figure it shows is the `--json` document's, and every bar
/// is drawn to scale from that document's timeline. `make test` installs
/// Chromium (scripts/setup-test-env.sh); without it this test fails and says so.
@Suite("audit page in a browser")
struct AuditPageTests {
    static let repository = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".build/venv/bin/python")
    static let driver = repository.appendingPathComponent("Tests/browser/render_page.py")

    /// What the browser saw, as render_page.py says it.
    struct Seen {
        let page: [String: Any]
        let html: String
        let json: [String: Any]
    }

    /// Audits the agents' logs, two body folders, and a session under a
    /// hostile folder name whose model the price table does not know.
    static func render() throws -> Seen {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-page-\(UUID().uuidString)")
        let hostile = root.appendingPathComponent("<img src=x onerror=alert(1)> & \"co'")
        try FileManager.default.createDirectory(at: hostile, withIntermediateDirectories: true)
        let codex = try #require(AuditTests.sessions.first { $0[0].name.hasPrefix("codex-exec") })
        for (index, request) in codex.enumerated() {
            let body = String(decoding: request.bytes, as: UTF8.self).replacingOccurrences(of: "\"gpt-5-codex\"", with: "\"llama-3.1-70b\"")
            try Data(body.utf8).write(to: hostile.appendingPathComponent("req\(index + 1).json"))
        }
        let folders = try AuditTests.sessions.prefix(2).map { try AuditTests.SessionOnDisk($0).folder.path }
        let logs = Fixtures.root.appendingPathComponent("sessions")
        let page = root.appendingPathComponent("audit.html")
        let run = try CommandLineTests().run(["audit", "--json", "--no-detect-repo", "--html", page.path,
                                              logs.appendingPathComponent("claude-code/projects").path,
                                              logs.appendingPathComponent("codex/sessions").path, hostile.path] + folders)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any])
        try #require(FileManager.default.isExecutableFile(atPath: python.path),
                     "no test environment at .build/venv: run scripts/setup-test-env.sh (make test does)")
        let browser = Process()
        browser.executableURL = python
        browser.arguments = [driver.path, page.path, root.appendingPathComponent("audit.png").path, "1280", "800"]
        let output = Pipe(), errors = Pipe()
        browser.standardOutput = output
        browser.standardError = errors
        try browser.run()
        let seen = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        try #require(browser.terminationStatus == 0, "render_page.py failed: \(complaint)")
        let screenshot = try Data(contentsOf: root.appendingPathComponent("audit.png"))
        #expect(screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]) && screenshot.count > 10_000, "no screenshot")
        return Seen(page: try #require(try JSONSerialization.jsonObject(with: seen) as? [String: Any]),
                    html: try String(contentsOf: page, encoding: .utf8), json: json)
    }

    /// The value at a dotted path of the JSON document (`sessions.0.timeline.3.tokensAfter`).
    static func value(at path: String, in json: Any) -> Any? {
        path.split(separator: ".").reduce(Optional(json)) { node, key in
            if let array = node as? [Any] { return Int(key).flatMap { $0 < array.count ? array[$0] : nil } }
            return (node as? [String: Any])?[String(key)]
        }
    }

    /// A figure as the page must write it, from the JSON's value.
    static func written(_ value: Double, format: String) -> String {
        switch format {
        case "int":
            let digits = Array(String(Int(value.magnitude)))
            var grouped = value < 0 ? "-" : ""
            for (index, digit) in digits.enumerated() {
                if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
                grouped.append(digit)
            }
            return grouped
        default:
            return String(format: abs(value) < 1 ? "$%.4f" : "$%.2f", value)
        }
    }

    @Test("opened with scripts off, the page makes no request, logs nothing, and fits the window")
    func selfContained() throws {
        let seen = try Self.render()
        #expect((seen.page["console"] as? [Any])?.isEmpty == true, "\(seen.page["console"] ?? "")")
        #expect((seen.page["exceptions"] as? [Any])?.isEmpty == true, "\(seen.page["exceptions"] ?? "")")
        #expect((seen.page["log"] as? [Any])?.isEmpty == true, "\(seen.page["log"] ?? "")")
        #expect(seen.page["requests"] as? [String] == [seen.page["url"] as? String ?? "?"], "requests beyond the page itself")
        #expect((seen.page["failedRequests"] as? [Any])?.isEmpty == true)
        #expect(seen.page["scripts"] as? Int == 0 && !seen.html.contains("<script"))
        for layout in try #require(seen.page["layouts"] as? [[String: Int]]) {
            #expect(layout["scrollWidth"] == layout["innerWidth"], "wider than a window of \(layout["width"] ?? 0) px")
        }
        // The hostile folder name is text on the page, never markup.
        let text = try #require(seen.page["text"] as? String)
        #expect(text.contains("<img src=x onerror=alert(1)> & \"co'"))
        #expect(!seen.html.contains("<img"))
        let share = try #require(seen.json["totals"] as? [String: Any])
        let before = share["tokensBefore"] as! Int, after = share["tokensAfter"] as! Int
        #expect((seen.page["title"] as? String)?.contains(String(format: "%.1f%%", Double(before - after) / Double(before) * 100)) == true)
    }

    @Test("every figure on the page is the JSON's, and every bar is drawn to scale from its timeline")
    func figuresAndBars() throws {
        let seen = try Self.render()
        let figures = try #require(seen.page["figures"] as? [[String: Any]])
        var shown = Set<String>()
        for figure in figures {
            let format = try #require(figure["format"] as? String)
            let paths = (figure["json"] as? String).map { [$0] } ?? (figure["sum"] as? [String] ?? [])
            #expect(!paths.isEmpty)
            let values = try paths.map { path in try #require((Self.value(at: path, in: seen.json) as? NSNumber)?.doubleValue, "\(path) not in the JSON") }
            #expect(figure["text"] as? String == Self.written(values.reduce(0, +), format: format), "\(paths)")
            shown.formUnion(paths)
        }
        let sessions = try #require(seen.json["sessions"] as? [[String: Any]])
        #expect(sessions.count == 8)
        for path in ["totals.tokensBefore", "totals.tokensAfter", "totals.requests"] {
            #expect(shown.contains(path), "\(path) is not on the page")
        }
        let unpriced = try #require(sessions.firstIndex { ($0["source"] as? String)?.contains("onerror") == true })
        // Sessions whose models have no price leave the total unpriced: the page sums the sessions that have one instead.
        #expect(Self.value(at: "totals.costBefore", in: seen.json) is NSNull && !shown.contains("totals.costBefore"))
        let priced = sessions.indices.filter { sessions[$0]["costBefore"] is Double }
        #expect(priced == sessions.indices.filter { (sessions[$0]["pricing"] as? [String: Any])?["dollarsPerMillion"] is Double })
        #expect(priced.count >= 4 && !priced.contains(unpriced))
        #expect(figures.contains { $0["sum"] as? [String] == priced.map { "sessions.\($0).costBefore" } }, "no sum of the priced sessions' costs")
        for (index, session) in sessions.enumerated() {
            for key in ["requests", "tokensBefore", "tokensAfter"] { #expect(shown.contains("sessions.\(index).\(key)")) }
            if session["costBefore"] is Double { #expect(shown.contains("sessions.\(index).costBefore")) }
            if (session["billed"] as? [String: Any])?["cost"] is Double { #expect(shown.contains("sessions.\(index).billed.cost")) }
        }
        // The unpriced session's costs are in units, and no dollar figure stands for them.
        #expect(sessions[unpriced]["costBefore"] is NSNull && !shown.contains("sessions.\(unpriced).costBefore"))
        #expect(seen.page["text"].map { "\($0)".contains("units of the base input price") } == true)

        let charted = try #require(seen.page["sessions"] as? [String])
        #expect(charted.count == sessions.count)
        let bars = try #require(seen.page["bars"] as? [[String: Any]])
        #expect(bars.count == sessions.reduce(0) { $0 + ($1["requests"] as! Int) })
        for bar in bars {
            let path = try #require(bar["json"] as? String)
            let request = try #require(Self.value(at: path, in: seen.json) as? [String: Any], "\(path)")
            let scale = try #require(bar["scale"] as? Double)
            let after = request["tokensAfter"] as! Int, read = request["cacheReadAfter"] as! Int
            let saved = request["savedByStage"] as! [String: Int]
            var total = 0
            for part in try #require(bar["parts"] as? [[String: Any]]) {
                let name = try #require(part["part"] as? String), tokens = try #require(part["tokens"] as? Int)
                let expected = switch name {
                case "cache-read": read
                case "kept": after - read
                default: max(0, saved[String(name.dropFirst("stage-".count))] ?? 0)
                }
                #expect(tokens == expected, "\(path) \(name)")
                #expect(abs((part["height"] as! Double) - Double(tokens) * scale) < 0.05, "\(path) \(name) drawn at the wrong height")
                total += tokens
            }
            if saved.values.allSatisfy({ $0 >= 0 }) { #expect(total == request["tokensBefore"] as? Int, "\(path)") }
        }
        let savedSomewhere = bars.contains { bar in (bar["parts"] as! [[String: Any]]).contains { ($0["part"] as! String).hasPrefix("stage-") && $0["tokens"] as! Int > 0 } }
        #expect(savedSomewhere)
        let lines = try #require(seen.page["lines"] as? [[String: Any]])
        #expect(lines.count == 2 * sessions.count)
    }
}
