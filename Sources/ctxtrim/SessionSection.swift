import ContextTrim

/// One session on the audit page: what it is and how it was priced, its
/// requests as stacked bars, its cost so far as two curves, and its causes,
/// files, cache prefix and warnings.
struct SessionSection {
    static let causesShown = 12

    let session: AuditDocument.Session
    /// Its place in the document's `sessions`.
    let index: Int

    private var path: String { "sessions.\(index)" }

    func html() -> String {
        var html = "<section class=\"session\" id=\"session-\(index)\"><h2><code>\(HTMLText.escaped(session.source))</code></h2>\n"
        let described = [session.format?.rawValue, session.model].compactMap { $0 }.map(HTMLText.escaped).joined(separator: ", ")
        html += "<p class=\"meta\">" + AuditPage.count(session.requests, "request", "\(path).requests") + (described.isEmpty ? "" : " (\(described))")
            + "; " + pricing() + "</p>\n"
        html += "<p>" + AuditPage.int(session.tokensBefore, "\(path).tokensBefore") + " input tokens as sent, "
            + AuditPage.int(session.tokensAfter, "\(path).tokensAfter") + " trimmed ("
            + AuditFigures.share(session.tokensBefore - session.tokensAfter, of: session.tokensBefore) + " fewer); input cost "
        if let before = session.costBefore, let after = session.costAfter {
            html += AuditPage.usd(before, "\(path).costBefore") + " as sent, " + AuditPage.usd(after, "\(path).costAfter") + " trimmed ("
                + AuditFigures.share(before - after, of: before, digits: 1) + " less).</p>\n"
        } else {
            html += AuditFigures.number(Int(session.costUnitsBefore.rounded())) + " units of the base input price as sent, "
                + AuditFigures.number(Int(session.costUnitsAfter.rounded())) + " trimmed (the price table has no price for this model).</p>\n"
        }
        if let billed = session.billed { html += self.billed(billed) }
        html += charts()
        html += causes() + files()
        if let prefix = session.cachePrefix {
            html += "<p>Cache-eligible prefix of the last request: " + (prefix.tokens.map { AuditPage.int($0, "\(path).cachePrefix.tokens") + " tokens" } ?? "unknown") + ".</p>\n"
        }
        let warnings = session.allWarnings
        if !warnings.isEmpty {
            html += "<ul class=\"warnings\">" + warnings.map { "<li>\(HTMLText.escaped($0))</li>" }.joined() + "</ul>\n"
        }
        return html + "</section>\n"
    }

    private func pricing() -> String {
        let pricing = session.pricing
        return (pricing.dollarsPerMillion.map { String(format: "priced at $%.2f per million input tokens", $0) } ?? "not priced: no row of the price table names the model")
            + "; cache reads \(pricing.cacheRead)×, writes \(pricing.cacheWrite5m)× (5 min) and \(pricing.cacheWrite1h)× (1 h), "
            + "caching from \(AuditFigures.number(pricing.minimumTokens)) tokens"
    }

    private func billed(_ billed: AuditDocument.Billed) -> String {
        "<p class=\"billed\">Billed, as the log records it: " + AuditPage.int(billed.inputTokens, "\(path).billed.inputTokens") + " input tokens over "
            + AuditPage.count(billed.calls, "call", "\(path).billed.calls") + " (" + AuditPage.int(billed.uncachedTokens, "\(path).billed.uncachedTokens")
            + " uncached, " + AuditPage.int(billed.cacheWrite5mTokens + billed.cacheWrite1hTokens, sum: ["\(path).billed.cacheWrite5mTokens", "\(path).billed.cacheWrite1hTokens"])
            + " written to the cache, " + AuditPage.int(billed.cacheReadTokens, "\(path).billed.cacheReadTokens") + " read from it)"
            + (billed.cost.map { ", " + AuditPage.usd($0, "\(path).billed.cost") } ?? "")
            + (billed.savedShare.map { "; trimming would have saved <strong>" + String(format: "%.1f%%", $0 * 100) + "</strong> of it" } ?? "") + ".</p>\n"
    }

    private func charts() -> String {
        guard !session.timeline.isEmpty else { return "" }
        let bars = RequestBarsChart(requests: session.timeline, path: "\(path).timeline")
        let cost = CostCurveChart(requests: session.timeline, bars: bars)
        var html = "<h3>Tokens of each request</h3>\n<div class=\"legend\">"
            + bars.parts.reversed().map { "<span><i style=\"background:\($0.colour)\"></i>\(HTMLText.escaped($0.label))</span>" }.joined() + "</div>\n"
        html += "<div class=\"scroll\">" + bars.svg() + "</div>\n"
        html += "<h3>Input cost so far</h3>\n<div class=\"legend\"><span><i class=\"line\" style=\"background:\(CostCurveChart.before)\"></i>as sent</span>"
            + "<span><i class=\"line\" style=\"background:\(CostCurveChart.after)\"></i>trimmed</span>"
            + (cost.inDollars ? "" : "<span>(in units of the base input price)</span>") + "</div>\n"
        return html + "<div class=\"scroll\">" + cost.svg() + "</div>\n"
    }

    private func causes() -> String {
        guard !session.savedByCause.isEmpty else { return "" }
        var html = "<h3>Saved by cause</h3>\n<div class=\"scroll\"><table class=\"causes\"><thead><tr><th>tokens saved</th><th class=\"text\">cause</th><th class=\"text\">stage</th><th>edits</th></tr></thead><tbody>\n"
        for (causeIndex, cause) in session.savedByCause.prefix(Self.causesShown).enumerated() {
            let (head, what) = AuditFigures.describe(cause)
            let causePath = "\(path).savedByCause.\(causeIndex)"
            html += "<tr><td>" + AuditPage.int(cause.tokens, "\(causePath).tokens") + "</td><td class=\"text\">" + HTMLText.escaped(head)
                + "<code>" + HTMLText.escaped(what) + "</code></td><td class=\"text\">" + HTMLText.escaped(cause.stage) + "</td><td>"
                + AuditPage.int(cause.edits, "\(causePath).edits") + "</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        let stages = session.savedByStage.sorted { $0.key < $1.key }.map { HTMLText.escaped($0.key) + " " + AuditPage.int($0.value, "\(path).savedByStage.\($0.key)") }
        html += "<p class=\"meta\">By stage: " + stages.joined(separator: ", ")
        if session.savedByCause.count > Self.causesShown { html += "; and \(session.savedByCause.count - Self.causesShown) more causes in the JSON" }
        return html + ".</p>\n"
    }

    private func files() -> String {
        guard !session.topFiles.isEmpty else { return "" }
        return "<h3>Files saved most on</h3>\n<div class=\"scroll\"><table><thead><tr><th>tokens saved</th><th class=\"text\">file</th></tr></thead><tbody>\n"
            + session.topFiles.enumerated().map { fileIndex, file in
                "<tr><td>" + AuditPage.int(file.tokens, "\(path).topFiles.\(fileIndex).tokens") + "</td><td class=\"text\"><code>"
                    + HTMLText.escaped(file.path) + "</code></td></tr>\n"
            }.joined() + "</tbody></table></div>\n"
    }
}
