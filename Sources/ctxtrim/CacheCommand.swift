import ArgumentParser
import ContextTrim
import ContextTrimTokens
import Foundation

/// `ctxtrim cache`: what the provider's prompt cache makes of a session.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Simulate the provider's prompt cache over a session's requests.",
        subcommands: [Simulate.self]
    )

    /// `ctxtrim cache simulate SESSION`.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Per request: tokens read from the cache, written, uncached, and the input cost in units of the base price, as the client sent it and as ctxtrim trims it.",
            discussion: "SESSION is a directory of request bodies (*.json, in name order), a JSON-lines file of request bodies (one a line), a Claude Code transcript, a Codex rollout or a proxy audit log, read as ctxtrim audit reads them (lines that are not JSON objects are skipped with a warning); when it holds several sessions (a transcript's sidechains), the first is simulated. Tokens are counted with o200k_base; the caching rules are Anthropic's or OpenAI's by the request's format, with the per-model table of rules/prompt-caching.tsv."
        )

        @Argument(help: "A directory of request bodies, a JSON-lines file of them, or an agent's session log.")
        var session: String

        @Flag(help: "Print the rows as JSON.")
        var json = false

        @OptionGroup var format: FormatOption

        @OptionGroup var rules: RuleOptions

        func run() throws {
            var sessions: [AuditInputs.Session] = []
            for unit in try AuditInputs.units(of: [session]) {
                let contents = try AuditInputs.contents(of: unit, since: nil)
                for warning in contents.warnings { StandardStreams.warn(warning) }
                sessions += contents.sessions
            }
            guard let first = sessions.first else { throw ValidationError("\(session) holds no request") }
            if sessions.count > 1 {
                StandardStreams.warn("\(session) holds \(sessions.count) sessions: simulating \(first.source) (ctxtrim audit reads them all)")
            }
            let counter = try TokenCounter.o200k()
            let audit = first.audited(trimmer: Trimmer(configuration: try rules.configuration(format: format.format)), counter: counter,
                                      table: try rules.cacheTable())
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try StandardStreams.write([UInt8](encoder.encode(audit.simulation.rows)) + [UInt8(ascii: "\n")], to: nil)
            } else {
                try StandardStreams.write(Array(CacheTable.render(audit.simulation).utf8), to: nil)
            }
        }
    }
}

/// The simulation as a text table.
enum CacheTable {
    static func render(_ simulation: SessionSimulation) -> String {
        func cells(_ usage: CacheSimulator.Usage) -> String {
            pad(usage.read) + pad(usage.written) + pad(usage.uncached) + pad(Int(usage.cost.rounded()))
        }
        func pad(_ value: Int) -> String { String(value).leftPadded(to: 10) }
        var lines = ["request".padding(toLength: 34, withPad: " ", startingAt: 0) + "| original:  read   written  uncached      cost | trimmed:    read   written  uncached      cost"]
        for row in simulation.rows {
            let name = row.name.count > 33 ? String(row.name.suffix(33)) : row.name
            var notes = row.failure.map { [$0] } ?? []
            if row.trimmed.belowMinimum && !row.original.belowMinimum { notes.append("trimmed below the cache minimum") }
            if row.trimmed.missed > row.original.missed {
                notes.append("missed \(row.trimmed.missed - row.original.missed) more (a shorter prefix, rounded down to the cache step)")
            }
            notes += row.warnings
            lines.append(name.padding(toLength: 34, withPad: " ", startingAt: 0) + "|" + cells(row.original) + " |" + cells(row.trimmed)
                         + (notes.isEmpty ? "" : "  " + notes.joined(separator: "; ")))
        }
        let total = simulation.total
        lines.append("total".padding(toLength: 34, withPad: " ", startingAt: 0) + "|" + cells(total.original) + " |" + cells(total.trimmed))
        let ratio = total.original.cost > 0 ? total.trimmed.cost / total.original.cost : 1
        lines.append("input cost, trimmed / original: \(String(format: "%.3f", ratio)) (tokens counted with o200k_base; cost in units of the base input price)")
        return lines.joined(separator: "\n") + "\n"
    }
}
