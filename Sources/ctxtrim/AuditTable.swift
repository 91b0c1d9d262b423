import ContextTrim
import Foundation

/// The audit as a terminal table that fits 80 columns: one line per
/// session and the total, then each session's costs, savings by stage and
/// cause, top files, cache prefix and warnings. Colour only on a terminal,
/// and never when `NO_COLOR` is set.
struct AuditTable {
    /// Whether to colour, decided once for the stream written to.
    struct Style {
        let colour: Bool

        static var forStandardOutput: Style {
            let environment = ProcessInfo.processInfo.environment
            let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return Style(colour: isatty(STDOUT_FILENO) == 1 && !noColour && environment["TERM"] != "dumb")
        }

        func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        func green(_ text: String) -> String { colour ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
        func yellow(_ text: String) -> String { colour ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
    }

    let style: Style
    static let width = 80

    func render(_ document: AuditDocument) -> String {
        var lines: [String] = []
        let totals = document.totals
        lines.append(style.bold("ctxtrim audit") + ": \(totals.sessions) session\(totals.sessions == 1 ? "" : "s"), \(totals.requests) request\(totals.requests == 1 ? "" : "s")"
                     + (document.skippedLines > 0 ? ", \(document.skippedLines) skipped line\(document.skippedLines == 1 ? "" : "s")" : ""))
        lines.append("")
        lines.append(row("session", "requests", "tokens before", "after", "saved"))
        for session in document.sessions {
            lines.append(row(Self.shortened(session.source, to: 30), AuditFigures.number(session.requests), AuditFigures.number(session.tokensBefore),
                             AuditFigures.number(session.tokensAfter), style.green(AuditFigures.share(session.tokensBefore - session.tokensAfter, of: session.tokensBefore))))
        }
        lines.append(style.bold(row("total", AuditFigures.number(totals.requests), AuditFigures.number(totals.tokensBefore), AuditFigures.number(totals.tokensAfter),
                                    AuditFigures.share(totals.tokensBefore - totals.tokensAfter, of: totals.tokensBefore))))
        if let before = totals.costBefore, let after = totals.costAfter {
            lines.append("input cost: \(AuditFigures.dollars(before)) before, \(AuditFigures.dollars(after)) after, " + style.green("\(AuditFigures.dollars(before - after)) saved"))
        }
        for session in document.sessions { lines += self.session(session) }
        lines.append("")
        lines += document.assumptions.flatMap { Self.wrapped("Assumed: " + $0, indent: "  ") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func session(_ session: AuditDocument.Session) -> [String] {
        var lines = ["", style.bold(Self.shortened(session.source, to: Self.width))]
        let described = [session.format?.rawValue, session.model].compactMap { $0 }.joined(separator: ", ")
        lines.append("  \(session.requests) request\(session.requests == 1 ? "" : "s")" + (described.isEmpty ? "" : " (\(described))"))
        if let before = session.costBefore, let after = session.costAfter {
            lines.append("  input cost \(AuditFigures.dollars(before)) -> \(AuditFigures.dollars(after)) (" + style.green(AuditFigures.share(before - after, of: before, digits: 1)) + " less)")
        } else {
            lines += Self.wrapped(String(format: "input cost %.0f -> %.0f units of the base input price (the price table has no price for this model)",
                                         session.costUnitsBefore, session.costUnitsAfter), indent: "  ")
        }
        if let billed = session.billed {
            lines += Self.wrapped("billed, as the log records it: \(AuditFigures.number(billed.inputTokens)) input tokens over \(billed.calls) call\(billed.calls == 1 ? "" : "s") ("
                                  + "\(AuditFigures.number(billed.uncachedTokens)) uncached, \(AuditFigures.number(billed.cacheWrite5mTokens + billed.cacheWrite1hTokens)) written to the cache, "
                                  + "\(AuditFigures.number(billed.cacheReadTokens)) read from it)" + (billed.cost.map { ", \(AuditFigures.dollars($0))" } ?? "")
                                  + (billed.savedShare.map { "; trimming would have saved " + style.green(String(format: "%.1f%%", $0 * 100)) + " of it" } ?? ""),
                                  indent: "  ")
        }
        let pricing = session.pricing
        lines += Self.wrapped((pricing.dollarsPerMillion.map { String(format: "priced at $%.2f per million input tokens", $0) } ?? "not priced: no row of the price table names the model")
                              + "; cache reads \(pricing.cacheRead)x, writes \(pricing.cacheWrite5m)x (5m) and \(pricing.cacheWrite1h)x (1h), caching from \(AuditFigures.number(pricing.minimumTokens)) tokens", indent: "  ")
        // Stages that saved nothing are left out (--json has them all).
        let stages = session.savedByStage.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \(AuditFigures.number($0.value))" }
        lines += Self.wrapped("saved by stage: " + (stages.isEmpty ? "nothing" : stages.joined(separator: ", ")), indent: "  ")
        if !session.savedByCause.isEmpty {
            lines.append("  saved by cause:")
            for cause in session.savedByCause.prefix(12) {
                let edits = ", \(cause.edits) edit\(cause.edits == 1 ? "" : "s")"
                let (described, what) = AuditFigures.describe(cause)
                let head = described.printable
                let room = Self.width - 16 - head.columns - edits.columns
                lines.append("  " + AuditFigures.number(cause.tokens).leftPadded(to: 12) + "  " + head + Self.shortened(what, to: max(8, room)) + edits)
            }
            if session.savedByCause.count > 12 { lines.append("  ... and \(session.savedByCause.count - 12) more (see --json)") }
        }
        if !session.topFiles.isEmpty {
            lines.append("  top files:")
            for file in session.topFiles.prefix(5) {
                lines.append("  " + AuditFigures.number(file.tokens).leftPadded(to: 12) + "  " + Self.shortened(file.path, to: Self.width - 16))
            }
        }
        if let prefix = session.cachePrefix {
            lines.append("  cache-eligible prefix: " + (prefix.tokens.map { "\(AuditFigures.number($0)) tokens" } ?? "?"))
        }
        let warnings = session.allWarnings
        for warning in warnings { lines += Self.wrapped(style.yellow("warning: ") + warning.printable, indent: "    ") }
        return lines
    }

    private func row(_ name: String, _ requests: String, _ before: String, _ after: String, _ saved: String) -> String {
        name.rightPadded(to: 30) + requests.leftPadded(to: 9) + before.leftPadded(to: 15)
            + after.leftPadded(to: 15) + "  " + saved
    }

    /// The end of a long path or name, which tells it apart, in `width` columns.
    static func shortened(_ text: String, to width: Int) -> String {
        let text = text.printable
        return text.suffix(columns: width)
    }


    /// Text broken at spaces into lines of at most 80 columns.
    static func wrapped(_ text: String, indent: String) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.columns + String(word).columns + 1 > width && line.columns > indent.columns {
                lines.append(line)
                line = indent + "  "
            }
            line += (line.hasSuffix(" ") || line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines
    }
}
