import ContextTrim
import Foundation

/// What `ctxtrim audit --html FILE` writes: the audit as one self-contained
/// page (inline CSS and SVG, no script, no request to anywhere, which its
/// Content-Security-Policy enforces) that a user can open, keep and send.
/// Every figure on it comes from the same `AuditDocument` as `--json`, and
/// carries the place of that figure in the JSON (`data-json`, or `data-sum`
/// for a sum of several), so that a test can hold the page to it.
struct AuditPage {
    /// Sessions beyond this many get a line in the table but no charts, so
    /// that a page of thousands of sessions still opens at once.
    static let chartedSessions = 40
    static let causesShown = 25

    let document: AuditDocument
    /// The sessions that get charts: those that would save the most tokens.
    private let charted: Set<Int>

    init(document: AuditDocument) {
        self.document = document
        let sessions = document.sessions
        let ranked = sessions.indices.filter { !sessions[$0].timeline.isEmpty }
            .sorted { (sessions[$1].tokensBefore - sessions[$1].tokensAfter, $0) < (sessions[$0].tokensBefore - sessions[$0].tokensAfter, $1) }
        charted = Set(ranked.prefix(Self.chartedSessions))
    }

    func render() -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ctxtrim audit: \(HTMLText.escaped(savedShare)) fewer input tokens</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <main>

        """
        html += headline() + sessionsTable() + largestSavings() + warnings() + sessionSections() + assumptions()
        return html + "</main>\n</body>\n</html>\n"
    }

    private var savedShare: String {
        AuditFigures.share(document.totals.tokensBefore - document.totals.tokensAfter, of: document.totals.tokensBefore)
    }

    // MARK: - Sections

    private func headline() -> String {
        let totals = document.totals
        var html = "<header><h1>ctxtrim audit</h1>\n<p class=\"headline\">"
        html += "Trimming would have cut the input of " + Self.count(totals.sessions, "session", "totals.sessions") + " ("
            + Self.count(totals.requests, "request", "totals.requests") + ") from "
            + Self.int(totals.tokensBefore, "totals.tokensBefore") + " to " + Self.int(totals.tokensAfter, "totals.tokensAfter")
            + " tokens, <strong>\(savedShare) fewer</strong>"
        if let before = totals.costBefore, let after = totals.costAfter {
            html += ", and its cost from " + Self.usd(before, "totals.costBefore") + " to " + Self.usd(after, "totals.costAfter")
                + ", <strong>" + AuditFigures.share(before - after, of: before, digits: 1) + " less</strong>"
        }
        html += ".</p>\n"
        let priced = document.sessions.indices.filter { document.sessions[$0].costBefore != nil && document.sessions[$0].costAfter != nil }
        if totals.costBefore == nil, !priced.isEmpty {
            // Some sessions' models are not in the price table: the total has no price, those that have one are summed.
            let before = priced.reduce(0.0) { $0 + (document.sessions[$1].costBefore ?? 0) }
            let after = priced.reduce(0.0) { $0 + (document.sessions[$1].costAfter ?? 0) }
            html += "<p class=\"headline\">The input of the " + Self.count(priced.count, "session") + " whose model the price table prices would have cost "
                + Self.usd(after, sum: priced.map { "sessions.\($0).costAfter" }) + " instead of " + Self.usd(before, sum: priced.map { "sessions.\($0).costBefore" })
                + ", <strong>" + AuditFigures.share(before - after, of: before, digits: 1) + " less</strong>.</p>\n"
        }
        let billed = document.sessions.indices.filter { document.sessions[$0].billed?.cost != nil }
        if !billed.isEmpty {
            let bill = billed.reduce(0.0) { $0 + (document.sessions[$1].billed?.cost ?? 0) }
            let saved = billed.reduce(0.0) { $0 + ((document.sessions[$1].costBefore ?? 0) - (document.sessions[$1].costAfter ?? 0)) }
            html += "<p class=\"billed\">The logs of \(Self.count(billed.count, "session")) say what the provider billed for their input: "
                + Self.usd(bill, sum: billed.map { "sessions.\($0).billed.cost" })
                + ". Trimming would have saved <strong>" + AuditFigures.share(saved, of: bill, digits: 1) + "</strong> of that bill.</p>\n"
        }
        if !document.complete {
            html += "<p class=\"warning\">Interrupted: these are the figures of what was audited before Ctrl-C.</p>\n"
        }
        return html + "</header>\n"
    }

    private func sessionsTable() -> String {
        var html = "<section><h2>Sessions</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th class=\"text\">session</th><th>requests</th><th>tokens before</th>"
            + "<th>after</th><th>saved</th><th>cost before</th><th>after</th><th>billed</th></tr></thead>\n<tbody>\n"
        for (index, session) in document.sessions.enumerated() {
            let path = "sessions.\(index)"
            let name = HTMLText.escaped(Self.shortName(session.source))
            html += "<tr><td class=\"source\" title=\"\(HTMLText.escaped(session.source))\">"
                + (charted.contains(index) ? "<a href=\"#session-\(index)\">\(name)</a>" : name) + "</td>"
            html += "<td>" + Self.int(session.requests, "\(path).requests") + "</td><td>" + Self.int(session.tokensBefore, "\(path).tokensBefore")
                + "</td><td>" + Self.int(session.tokensAfter, "\(path).tokensAfter") + "</td><td>"
                + AuditFigures.share(session.tokensBefore - session.tokensAfter, of: session.tokensBefore) + "</td>"
            html += "<td>" + Self.optionalUSD(session.costBefore, "\(path).costBefore") + "</td><td>" + Self.optionalUSD(session.costAfter, "\(path).costAfter")
                + "</td><td>" + Self.optionalUSD(session.billed?.cost, "\(path).billed.cost") + "</td></tr>\n"
        }
        let totals = document.totals
        html += "</tbody>\n<tfoot><tr><td class=\"text\">total</td><td>" + Self.int(totals.requests, "totals.requests") + "</td><td>"
            + Self.int(totals.tokensBefore, "totals.tokensBefore") + "</td><td>" + Self.int(totals.tokensAfter, "totals.tokensAfter") + "</td><td>"
            + savedShare + "</td><td>" + Self.optionalUSD(totals.costBefore, "totals.costBefore") + "</td><td>"
            + Self.optionalUSD(totals.costAfter, "totals.costAfter") + "</td><td></td></tr></tfoot>\n</table></div>\n"
        if document.sessions.count > charted.count {
            html += "<p class=\"note\">Charts follow for the \(charted.count) sessions that would save the most tokens; the JSON (<code>--json</code>) has every session's timeline.</p>\n"
        }
        return html + "</section>\n"
    }

    /// The causes of all sessions merged (the same rule, or the same file
    /// repeated, in several sessions is one line), the largest first.
    private func largestSavings() -> String {
        struct Merged {
            var cause: SavingCause
            var tokens = 0
            var edits = 0
            var sessions = 0
            var tokenPaths: [String] = []
            var editPaths: [String] = []
        }
        var merged: [String: Merged] = [:]
        for (sessionIndex, session) in document.sessions.enumerated() {
            for (causeIndex, cause) in session.savedByCause.enumerated() {
                // As within a session, a rule is one cause whatever it matched; anything else is one per path.
                let key = [cause.stage, cause.action, cause.rule.map { "\($0.source):\($0.line):\($0.pattern)" } ?? cause.path ?? ""].joined(separator: "\u{1F}")
                var entry = merged[key] ?? Merged(cause: cause)
                if entry.cause.path != cause.path { entry.cause.path = nil }
                entry.tokens += cause.tokens
                entry.edits += cause.edits
                entry.sessions += 1
                entry.tokenPaths.append("sessions.\(sessionIndex).savedByCause.\(causeIndex).tokens")
                entry.editPaths.append("sessions.\(sessionIndex).savedByCause.\(causeIndex).edits")
                merged[key] = entry
            }
        }
        guard !merged.isEmpty else { return "" }
        let sorted = merged.sorted { ($1.value.tokens, $0.key) < ($0.value.tokens, $1.key) }
        var html = "<section><h2>Largest savings</h2>\n<div class=\"scroll\"><table class=\"causes\">\n<thead><tr><th>tokens saved</th><th class=\"text\">cause</th>"
            + "<th class=\"text\">stage</th><th>edits</th><th>sessions</th></tr></thead>\n<tbody>\n"
        for (_, entry) in sorted.prefix(Self.causesShown) {
            let (head, what) = AuditFigures.describe(entry.cause)
            html += "<tr><td>" + Self.int(entry.tokens, sum: entry.tokenPaths) + "</td><td class=\"text\">" + HTMLText.escaped(head)
                + "<code>" + HTMLText.escaped(what) + "</code></td><td class=\"text\">" + HTMLText.escaped(entry.cause.stage) + "</td><td>"
                + Self.int(entry.edits, sum: entry.editPaths) + "</td><td>\(entry.sessions)</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        if sorted.count > Self.causesShown { html += "<p class=\"note\">… and \(sorted.count - Self.causesShown) more causes in the JSON.</p>\n" }
        return html + "</section>\n"
    }

    private func warnings() -> String {
        var items = document.warnings.map { HTMLText.escaped($0) }
        if document.skippedLines > 0 {
            items.append("\(Self.int(document.skippedLines, "skippedLines")) line\(document.skippedLines == 1 ? " was" : "s were") not a JSON object and skipped")
        }
        // The same warning in many sessions (a transcript's missing system prompt) is one line that names them.
        var sessionsByWarning: [String: [Int]] = [:]
        var order: [String] = []
        for (index, session) in document.sessions.enumerated() {
            for warning in session.allWarnings {
                if sessionsByWarning[warning] == nil { order.append(warning) }
                sessionsByWarning[warning, default: []].append(index)
            }
        }
        for warning in order {
            let indices = sessionsByWarning[warning] ?? []
            let named = indices.prefix(3).map { index in
                let name = HTMLText.escaped(Self.shortName(document.sessions[index].source))
                return charted.contains(index) ? "<a href=\"#session-\(index)\">\(name)</a>" : name
            }.joined(separator: ", ") + (indices.count > 3 ? " and \(indices.count - 3) more" : "")
            items.append(HTMLText.escaped(warning) + " <span class=\"meta\">(" + (indices.count > 1 ? "\(indices.count) sessions: " : "") + named + ")</span>")
        }
        guard !items.isEmpty else { return "" }
        return "<section><h2>Warnings</h2>\n<ul class=\"warnings\">\n" + items.map { "<li>\($0)</li>\n" }.joined() + "</ul></section>\n"
    }

    private func sessionSections() -> String {
        charted.sorted().map { SessionSection(session: document.sessions[$0], index: $0).html() }.joined()
    }

    private func assumptions() -> String {
        "<footer><h2>What was assumed</h2>\n<ul>\n" + document.assumptions.map { "<li>\(HTMLText.escaped($0))</li>\n" }.joined()
            + "</ul>\n<p>Tokenizer: <code>\(HTMLText.escaped(document.tokenizer))</code>. Written by <code>ctxtrim audit --html</code>.</p></footer>\n"
    }

    // MARK: - Figures, each with its place in the JSON

    static func int(_ value: Int, _ path: String) -> String {
        "<span class=\"n\" data-json=\"\(path)\" data-format=\"int\">\(AuditFigures.number(value))</span>"
    }

    static func int(_ value: Int, sum paths: [String]) -> String {
        "<span class=\"n\" data-sum=\"\(paths.joined(separator: " "))\" data-format=\"int\">\(AuditFigures.number(value))</span>"
    }

    static func usd(_ value: Double, _ path: String) -> String {
        "<span class=\"n\" data-json=\"\(path)\" data-format=\"usd\">\(AuditFigures.dollars(value))</span>"
    }

    static func usd(_ value: Double, sum paths: [String]) -> String {
        "<span class=\"n\" data-sum=\"\(paths.joined(separator: " "))\" data-format=\"usd\">\(AuditFigures.dollars(value))</span>"
    }

    static func optionalUSD(_ value: Double?, _ path: String) -> String {
        value.map { usd($0, path) } ?? "<span class=\"none\">–</span>"
    }

    /// A session's source as the table names it: its last two path
    /// components (the project and the session file), the rest in the tooltip.
    static func shortName(_ source: String) -> String {
        let parts = source.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count <= 2 ? source : "…/" + parts.suffix(2).joined(separator: "/")
    }

    static func count(_ value: Int, _ noun: String, _ path: String? = nil) -> String {
        (path.map { int(value, $0) } ?? AuditFigures.number(value)) + " \(noun)\(value == 1 ? "" : "s")"
    }

    static let style = """
    :root{color-scheme:light;--ink:#1d232b;--muted:#5d6670;--line:#d9dee3;--accent:#2f8f4e;--warn:#9a5b00}
    *{box-sizing:border-box}
    body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:#fbfcfd}
    main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
    h1{font-size:26px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
    h3{font-size:16px;margin:20px 0 6px}
    .headline{font-size:19px;margin:6px 0}.headline strong,.billed strong{color:var(--accent)}
    .note,.meta{color:var(--muted);font-size:13px}.warning,.warnings li{color:var(--warn)}
    .scroll{overflow-x:auto;max-width:100%}
    table{border-collapse:collapse;font-size:14px;min-width:60%}
    th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
    th.text,td.text{text-align:left}td.text{white-space:normal}
    td.source{text-align:left;white-space:normal;overflow-wrap:anywhere;min-width:200px;max-width:360px}
    tfoot td{font-weight:600;border-bottom:none}
    code{font:13px ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;word-break:break-all}
    .session{margin-top:36px}.session h2 code{font-size:15px}
    .legend{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:13px;color:var(--muted);margin:4px 0 2px}
    .legend i{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px;border-radius:2px}
    .legend i.line{height:3px;vertical-align:3px}
    svg.chart{display:block}svg .grid{stroke:#e6e9ec;stroke-width:1}svg .axis{font-size:11px;fill:var(--muted)}
    ul{padding-left:20px}li{margin:2px 0}
    """
}
