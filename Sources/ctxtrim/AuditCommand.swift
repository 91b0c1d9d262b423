import ArgumentParser
import ContextTrim
import ContextTrimTokens
import Foundation
import Synchronization

/// `ctxtrim audit INPUT...`: what trimming would save on sessions already on
/// disk, in tokens and in money, without writing any request.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report what trimming would save on sessions of request bodies, in tokens and input cost.",
        discussion: """
        An INPUT is a request body, a JSON-lines file of request bodies, a Claude Code transcript \
        (~/.claude/projects/<project>/<session>.jsonl), a Codex rollout (~/.codex/sessions/.../rollout-*.jsonl), \
        or a directory: its *.json request bodies are one session, and each *.jsonl in it and in its \
        subdirectories is read as above (so ~/.claude/projects means every session). Lines that are not JSON \
        objects are skipped with a warning and counted. Tokens are o200k_base counts of all the text \
        the model reads; costs follow the provider's prompt-cache rules, priced by the table of \
        rules/prompt-caching.tsv (--price-table to use your own).
        """
    )

    @Argument(help: "Request bodies, session directories, JSON-lines files, Claude Code transcripts, Codex rollouts.")
    var inputs: [String]

    @Option(help: ArgumentHelp("Audit only the model calls logged on or after this date (YYYY-MM-DD, or an ISO 8601 time, UTC).", valueName: "date"))
    var since: String?

    @Flag(help: "Write the audit as JSON (schema in the README) instead of a table.")
    var json = false

    @Option(help: ArgumentHelp("Also write the audit as one self-contained HTML page, with charts, to this file.", valueName: "file"))
    var html: String?

    @OptionGroup var format: FormatOption

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let counter = try TokenCounter.o200k()
        let table = try rules.cacheTable()
        // The trimmer counts no tokens itself: the audit counts each text once per session.
        let trimmer = Trimmer(configuration: try rules.configuration(format: format.format))
        var document = AuditDocument(tokenizer: counter.name, assumptions: assumptions())
        let units = try AuditInputs.units(of: inputs)
        let progress = AuditProgress(units: units.count, bytes: units.reduce(0) { $0 + $1.bytes })
        let interruption = Interruption()
        let results = AuditResults(count: units.count)
        // Units are shared out among the cores, each audited whole by one thread; results keep the inputs' order.
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, units.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !interruption.requested {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < units.count else { return }
                results.store(index, Self.audit(units[index], since: since, trimmer: trimmer, counter: counter, table: table,
                                                progress: progress, interruption: interruption))
            }
        }
        progress.finish()
        for contents in results.all {
            document.skippedLines += contents.skippedLines
            document.warnings += contents.warnings
            for warning in contents.warnings { StandardStreams.warn(warning) }
            for session in contents.sessions {
                document.sessions.append(session)
                document.totals.add(session)
            }
        }
        if let warning = GitRepository.unappliedRulesWarning {
            document.warnings.append(warning)
            StandardStreams.warn(warning)
        }
        document.complete = !interruption.requested
        if interruption.requested { StandardStreams.warn("interrupted: what was audited so far follows") }
        if let html {
            try StandardStreams.write(Array(AuditPage(document: document).render().utf8), to: html)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try StandardStreams.write([UInt8](encoder.encode(document)) + [UInt8(ascii: "\n")], to: nil)
        } else {
            try StandardStreams.write(Array(AuditTable(style: .forStandardOutput).render(document).utf8), to: nil)
        }
    }

    /// The sessions of one unit, audited one request at a time. The unit's
    /// bytes count toward the progress bar request by request, so that one
    /// large input moves it too; what is left of them when the unit ends.
    private static func audit(_ unit: AuditInputs.Unit, since: String?, trimmer: Trimmer, counter: any TokenCounting,
                              table: CachePricingTable, progress: AuditProgress, interruption: Interruption) -> AuditResults.Unit {
        var credited = 0
        defer { progress.unitDone(bytes: unit.bytes - credited) }
        let contents: AuditInputs.Contents
        do {
            contents = try AuditInputs.contents(of: unit, since: since)
        } catch let failure as IOFailure {
            return AuditResults.Unit(sessions: [], skippedLines: 0, warnings: ["\(failure.message), skipped"])
        } catch {
            return AuditResults.Unit(sessions: [], skippedLines: 0, warnings: ["\(unit.path): \(error), skipped"])
        }
        let requests = contents.sessions.reduce(0) { $0 + $1.requests.count + $1.records.count }
        let share = unit.bytes / max(1, requests)
        var sessions: [AuditDocument.Session] = []
        for session in contents.sessions where !interruption.requested {
            let audit = session.audited(trimmer: trimmer, counter: counter, table: table) {
                progress.requestDone(bytes: share)
                credited += share
                return !interruption.requested
            }
            sessions.append(AuditDocument.Session(audit, table: table))
        }
        return AuditResults.Unit(sessions: sessions, skippedLines: contents.skippedLines, warnings: contents.warnings)
    }

    func validate() throws {
        if let html {
            let folder = URL(fileURLWithPath: html).deletingLastPathComponent().path
            guard html != "-", access(folder, W_OK) == 0 else {
                throw ValidationError("--html needs a file in a folder that can be written, not '\(html)'")
            }
        }
        guard let since else { return }
        let shape = Array("dddd-dd-dd".utf8)
        let bytes = Array(since.utf8)
        guard bytes.count >= shape.count, zip(bytes, shape).allSatisfy({ $1 == UInt8(ascii: "d") ? ($0 >= 48 && $0 <= 57) : $0 == $1 }) else {
            throw ValidationError("--since takes a date as YYYY-MM-DD (or an ISO 8601 time), not '\(since)'")
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

/// What the threads of an audit found, by unit, so that the output keeps
/// the order of the inputs whichever thread finished first.
final class AuditResults: Sendable {
    struct Unit: Sendable {
        let sessions: [AuditDocument.Session]
        let skippedLines: Int
        let warnings: [String]
    }

    private let units: Mutex<[Unit?]>

    init(count: Int) {
        units = Mutex([Unit?](repeating: nil, count: count))
    }

    func store(_ index: Int, _ unit: Unit) {
        units.withLock { $0[index] = unit }
    }

    /// The units audited, in input order (those an interruption left undone are missing).
    var all: [Unit] { units.withLock { $0.compactMap { $0 } } }
}
