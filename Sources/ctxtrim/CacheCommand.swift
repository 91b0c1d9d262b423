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
            abstract: "Per request: tokens read from the cache, written, uncached, and the input cost in units of the base price, as the client sent it and as ctxtrim trims it.",
            discussion: "SESSION is a directory of request bodies (*.json, in name order) or a JSON-lines file of request bodies (one a line). Tokens are counted with o200k_base; the caching rules are Anthropic's or OpenAI's by the request's format, with the per-model table of rules/prompt-caching.tsv."
        )

        @Argument(help: "A directory of request bodies, or a JSON-lines file of them.")
        var session: String

        @Flag(help: "Print the rows as JSON.")
        var json = false

        @OptionGroup var format: FormatOption

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let requests = try SessionFiles.requests(at: session)
            let counter = try TokenCounter.o200k()
            let simulation = SessionSimulation(requests, trimmer: Trimmer(configuration: try rules.configuration(format: format.format, tokenCounter: counter)),
                                               counter: counter, table: try rules.cacheTable())
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try StandardStreams.write([UInt8](encoder.encode(simulation.rows)) + [UInt8(ascii: "\n")], to: nil)
            } else {
                try StandardStreams.write(Array(CacheTable.render(simulation).utf8), to: nil)
            }
        }
    }
}

/// The requests of a session on disk.
enum SessionFiles {
    static func requests(at path: String) throws -> [(name: String, body: [UInt8])] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ValidationError("no such file or directory: \(path)") }
        if isDirectory.boolValue {
            // In name order, numbers by value: req2 before req10.
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }
                .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            return try names.map { ($0, try StandardStreams.contents(of: (path as NSString).appendingPathComponent($0))) }
        }
        let lines = try StandardStreams.contents(of: path).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return lines.enumerated().filter { !$0.element.allSatisfy { $0 == 0x20 || $0 == 0x0D } }.map { ("line \($0.offset + 1)", Array($0.element)) }
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
