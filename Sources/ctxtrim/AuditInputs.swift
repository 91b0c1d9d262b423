import ArgumentParser
import ContextTrim
import Foundation

/// The sessions an `audit` INPUT holds, read one at a time: a request body
/// (a session of one), a directory of one session's consecutive bodies
/// (`*.json`, in name order, numbers by value), or a JSON-lines file of
/// them. A directory's `*.jsonl` files are sessions of their own. Lines and
/// files that are not JSON objects are skipped, counted, and named in a
/// warning: an audit never stops on one bad line.
struct AuditInputs {
    /// One session: where it comes from, and its requests in order.
    struct Session {
        let source: String
        let requests: [(name: String, body: [UInt8])]
    }

    /// Lines (or body files) skipped because they are not JSON objects.
    private(set) var skippedLines = 0

    /// The sessions of `path`, handed to `body` one at a time.
    mutating func forEachSession(at path: String, _ body: (Session) throws -> Void) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("no such file or directory: \(path)")
        }
        guard isDirectory.boolValue else { return try body(session(ofFile: path)) }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        let bodies = names.filter { $0.hasSuffix(".json") }
        if !bodies.isEmpty {
            var requests: [(name: String, body: [UInt8])] = []
            for name in bodies {
                let file = (path as NSString).appendingPathComponent(name)
                let bytes = try StandardStreams.contents(of: file)
                guard Self.isObject(bytes) else {
                    skip("\(file): not a JSON object")
                    continue
                }
                requests.append((name, bytes))
            }
            try body(Session(source: path, requests: requests))
        }
        for name in names where name.hasSuffix(".jsonl") {
            try body(session(ofFile: (path as NSString).appendingPathComponent(name)))
        }
    }

    /// A file: one request body, or a JSON-lines file of them.
    private mutating func session(ofFile path: String) throws -> Session {
        let bytes = try StandardStreams.contents(of: path)
        if Self.isObject(bytes) { return Session(source: path, requests: [((path as NSString).lastPathComponent, bytes)]) }
        var requests: [(name: String, body: [UInt8])] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { continue }
            let body = Array(line)
            guard Self.isObject(body) else {
                skip("\(path):\(index + 1): not a JSON object")
                continue
            }
            requests.append(("line \(index + 1)", body))
        }
        return Session(source: path, requests: requests)
    }

    private static func isObject(_ bytes: [UInt8]) -> Bool {
        (try? JSONScanner.scan(bytes))?.root.kind == .object
    }

    private mutating func skip(_ warning: String) {
        skippedLines += 1
        StandardStreams.warn("\(warning), skipped")
    }
}
