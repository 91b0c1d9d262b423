import ArgumentParser
import ContextTrim
import ContextTrimTokens
import Foundation

/// `ctxtrim audit INPUT...`: what trimming would save on sessions already on
/// disk, in tokens and in money, without writing any request.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report what trimming would save on sessions of request bodies, in tokens and input cost.",
        discussion: """
        An INPUT is a request body, a directory of one session's consecutive request bodies (*.json, in name \
        order; each *.jsonl in it is a session too), or a JSON-lines file of request bodies. Lines that are \
        not JSON objects are skipped with a warning and counted. Tokens are o200k_base counts of all the text \
        the model reads; costs follow the provider's prompt-cache rules, priced by the table of \
        rules/prompt-caching.tsv (--price-table to use your own).
        """
    )

    @Argument(help: "Request bodies, session directories or JSON-lines files.")
    var inputs: [String]

    @Flag(help: "Write the audit as JSON (schema in the README) instead of a table.")
    var json = false

    @OptionGroup var format: FormatOption

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let counter = try TokenCounter.o200k()
        let table = try rules.cacheTable()
        // The trimmer counts no tokens itself: the audit counts each text once per session.
        let trimmer = Trimmer(configuration: try rules.configuration(format: format.format))
        var document = AuditDocument(tokenizer: counter.name, assumptions: assumptions())
        var reader = AuditInputs()
        for input in inputs {
            try reader.forEachSession(at: input) { session in
                var audit = SessionAudit(source: session.source, trimmer: trimmer, counter: counter, table: table)
                for request in session.requests { audit.add(name: request.name, body: request.body) }
                let summary = AuditDocument.Session(audit, table: table)
                document.sessions.append(summary)
                document.totals.add(summary)
            }
        }
        document.skippedLines = reader.skippedLines
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try StandardStreams.write([UInt8](encoder.encode(document)) + [UInt8(ascii: "\n")], to: nil)
        } else {
            try StandardStreams.write(Array(AuditTable(style: .forStandardOutput).render(document).utf8), to: nil)
        }
    }

    private func assumptions() -> [String] {
        [
            "tokens are o200k_base counts of all the text the model reads (tools, system, messages, tool calls and results, thinking); Claude requests are counted in o200k tokens, which is close to Anthropic's own count, not exact",
            "costs are of input only, in US dollars at the price table's list prices per model, under the provider's prompt-cache rules, the cache entries alive between consecutive requests",
            "ctxtrim's cache markers carry a \(rules.cacheTTL.rawValue) TTL",
        ]
    }
}
