import ArgumentParser
import ContextTrim
import Foundation

/// The sessions `audit` INPUTs hold. First the inputs are listed as units
/// (a file, or a directory's request bodies), with their sizes, so that the
/// audit can share them out among threads and show how far it is; then each
/// unit is read into its sessions when a thread takes it:
/// - a request body is a session of one;
/// - a JSON-lines file is Claude Code's transcript, Codex's rollout or
///   `ctxtrim proxy --audit-log`'s records (told by its first line), or else
///   request bodies, one a line;
/// - a directory's `*.json` request bodies are one session (in name order,
///   numbers by value); its `*.jsonl` files and its subdirectories are read
///   as above, so `~/.claude/projects` and `~/.codex/sessions` mean every session.
/// Lines and files that are not JSON objects are skipped, counted, and named
/// in a warning: an audit never stops on one bad line.
enum AuditInputs {
    /// A file, or a directory's request bodies, read as one piece of work.
    struct Unit: Sendable {
        let path: String
        /// For a directory's bodies, their file names in order; nil for a file.
        let bodies: [String]?
        let bytes: Int
        /// Why a folder found on the walk could not be listed: the audit says
        /// so and goes on with the rest.
        var unreadable: String? = nil
    }

    /// One session: where it comes from, and its requests in order.
    struct Session {
        let source: String
        /// The wire format, when the log tells it (bodies are told by shape).
        let format: WireFormat?
        let requests: [LoggedSession.Call]
        /// A proxy's audit log holds records, not bodies.
        var records: [AuditRecord] = []
        let notes: [String]

        /// The session audited one request at a time, with `trimmer` (made
        /// to read the log's format, when it tells one); `next` is called
        /// after each request and stops the audit when it returns false.
        func audited(trimmer: Trimmer, counter: any TokenCounting, table: CachePricingTable, next: () -> Bool = { true }) -> SessionAudit {
            let trimmer = format.map { Trimmer(configuration: trimmer.configuration.forcing($0)) } ?? trimmer
            var audit = SessionAudit(source: source, trimmer: trimmer, counter: counter, table: table, notes: notes)
            for call in requests {
                audit.add(call)
                guard next() else { return audit }
            }
            for record in records {
                audit.add(record)
                guard next() else { return audit }
            }
            return audit
        }
    }

    /// What one unit holds.
    struct Contents {
        var sessions: [Session] = []
        var skippedLines = 0
        var warnings: [String] = []
    }

    /// The units of `paths`, in the order given, directories walked in name order.
    static func units(of paths: [String]) throws -> [Unit] {
        var units: [Unit] = []
        for path in paths { try collect(path, into: &units, named: true) }
        return units
    }

    private static func collect(_ path: String, into units: inout [Unit], named: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("no such file or directory: \(path)")
        }
        guard isDirectory.boolValue else {
            units.append(Unit(path: path, bodies: nil, bytes: size(of: path)))
            return
        }
        let listed: [String]
        do {
            listed = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch where !named {
            units.append(Unit(path: path, bodies: nil, bytes: 0, unreadable: "cannot list \(path)"))
            return
        }
        let names = listed.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        let child = { (name: String) in (path as NSString).appendingPathComponent(name) }
        // A folder of logs is not a folder of bodies: below the folders named, *.json beside *.jsonl files are
        // the agent's own (Claude Code's subagents/agent-*.meta.json), and *.meta.json never are bodies.
        let holdsLogs = names.contains { $0.hasSuffix(".jsonl") }
        let bodies = named || !holdsLogs ? names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".meta.json") } : []
        if !bodies.isEmpty {
            units.append(Unit(path: path, bodies: bodies, bytes: bodies.reduce(0) { $0 + size(of: child($1)) }))
        }
        for name in names where name.hasSuffix(".jsonl") {
            units.append(Unit(path: child(name), bodies: nil, bytes: size(of: child(name))))
        }
        // Subdirectories by what they are, not by where a link points: a link back up would walk forever.
        for name in names where (try? FileManager.default.attributesOfItem(atPath: child(name)))?[.type] as? FileAttributeType == .typeDirectory {
            try collect(child(name), into: &units, named: false)
        }
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The sessions of one unit, leaving out calls logged before `since`.
    static func contents(of unit: Unit, since: String?) throws -> Contents {
        if let unreadable = unit.unreadable { throw IOFailure(message: unreadable) }
        var contents = Contents()
        if let bodies = unit.bodies {
            var requests: [LoggedSession.Call] = []
            for name in bodies {
                let file = (unit.path as NSString).appendingPathComponent(name)
                let bytes = try StandardStreams.contents(of: file)
                guard isObject(bytes) else {
                    contents.skip(1, "\(file): not a JSON object")
                    continue
                }
                requests.append(LoggedSession.Call(name: name, timestamp: nil, body: { bytes }))
            }
            contents.sessions.append(Session(source: unit.path, format: nil, requests: requests, notes: []))
            return contents
        }
        let path = unit.path
        let bytes = try StandardStreams.contents(of: path)
        if isObject(bytes) {
            let call = LoggedSession.Call(name: (path as NSString).lastPathComponent, timestamp: nil, body: { bytes })
            contents.sessions.append(Session(source: path, format: nil, requests: [call], notes: []))
            return contents
        }
        let lines = JSONLines(bytes)
        if !lines.malformedLines.isEmpty {
            let count = lines.malformedLines.count
            let shown = lines.malformedLines.prefix(10).map(String.init).joined(separator: ", ")
            contents.skip(count, "\(path): line\(count == 1 ? "" : "s") \(shown)\(count > 10 ? ", ..." : "") not JSON object\(count == 1 ? "" : "s")")
        }
        guard !lines.objects.isEmpty else { return contents }
        // A log may open with records of kinds newer than this reader (Claude Code adds some each release):
        // the first of its opening lines that a reader knows decides.
        let opening = lines.objects.prefix(50).map(\.value)
        let first = opening.first { AuditRecord.recognizes($0) || ClaudeCodeTranscript.recognizes($0) || CodexRollout.recognizes($0) }
            ?? opening[0]
        let logged: [LoggedSession]
        if AuditRecord.recognizes(first) {
            // The whole log is one stream through the provider's cache, as the proxy saw it.
            let decoder = JSONDecoder()
            var records: [AuditRecord] = []
            for line in lines.objects {
                guard let record = try? decoder.decode(AuditRecord.self, from: Data(line.value.document.bytes)) else {
                    contents.skip(1, "\(path): line \(line.line) is not an audit record")
                    continue
                }
                if let since, !isOnOrAfter(record.time, since) { continue }
                records.append(record)
            }
            contents.sessions.append(Session(source: path, format: nil, requests: [], records: records,
                                             notes: ["an audit log of ctxtrim proxy: every request it saw, as one stream through the provider's cache"]))
            return contents
        } else if ClaudeCodeTranscript.recognizes(first) {
            logged = ClaudeCodeTranscript.sessions(in: lines, source: path)
        } else if CodexRollout.recognizes(first) {
            logged = CodexRollout.sessions(in: lines, source: path)
        } else {
            let requests = lines.objects.map { line in
                let value = line.value
                return LoggedSession.Call(name: "line \(line.line)", timestamp: nil, body: { Array(value.document.bytes) })
            }
            contents.sessions.append(Session(source: path, format: nil, requests: requests, notes: []))
            return contents
        }
        for session in logged {
            let calls = since.map { since in session.calls.filter { $0.timestamp.map { isOnOrAfter($0, since) } ?? false } } ?? session.calls
            if since != nil, case let untimed = session.calls.filter({ $0.timestamp == nil }).count, untimed > 0 {
                contents.warnings.append("\(session.source): \(untimed) call\(untimed == 1 ? "" : "s") with no time in the log, left out by --since")
            }
            guard !calls.isEmpty else { continue }
            contents.sessions.append(Session(source: session.source, format: session.format, requests: calls, records: [], notes: session.notes))
        }
        return contents
    }

    /// Whether an ISO 8601 time in UTC is at or after `since` (a date or a
    /// time): compared as text without the trailing `Z`, so that fractions
    /// of a second order as they should (`12:00:00.5` after `12:00:00`).
    static func isOnOrAfter(_ time: String, _ since: String) -> Bool {
        func bare(_ text: String) -> Substring { text.hasSuffix("Z") ? text.dropLast() : Substring(text) }
        return bare(time) >= bare(since)
    }

    private static func isObject(_ bytes: [UInt8]) -> Bool {
        (try? JSONScanner.scan(bytes))?.root.kind == .object
    }
}

private extension AuditInputs.Contents {
    mutating func skip(_ count: Int, _ warning: String) {
        skippedLines += count
        warnings.append("\(warning), skipped")
    }
}
