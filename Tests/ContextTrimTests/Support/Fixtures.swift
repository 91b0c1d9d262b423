import Foundation
import Testing
@testable import ContextTrim

/// The request fixtures under Tests/Fixtures: the corpus payloads copied from
/// ../shared/corpus and the hand-written ones, grouped into sessions.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    struct Request: CustomTestStringConvertible, Sendable {
        let url: URL
        var name: String { url.lastPathComponent }
        var bytes: [UInt8] { [UInt8](try! Data(contentsOf: url)) }
        var testDescription: String { name }
    }

    /// Every request fixture, in a stable order.
    static let requests: [Request] = {
        let folders = ["corpus", "handwritten"]
        var found: [URL] = []
        for folder in folders {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "json" { found.append(url) }
            }
        }
        return found.sorted { $0.path < $1.path }.map(Request.init)
    }()

    static func request(_ name: String) -> Request {
        guard let request = requests.first(where: { $0.name == name }) else { fatalError("no fixture \(name)") }
        return request
    }

    /// Consecutive requests of one session: same folder and name but for a
    /// trailing `-stepNN` or `-reqNNN`, in step order.
    static let sessions: [[Request]] = {
        let pattern = try! NSRegularExpression(pattern: "-(step|req)[0-9]+\\.json$")
        var groups: [String: [Request]] = [:]
        for request in requests {
            let name = request.url.path
            let range = NSRange(name.startIndex..., in: name)
            guard pattern.firstMatch(in: name, range: range) != nil else { continue }
            let key = pattern.stringByReplacingMatches(in: name, range: range, withTemplate: "")
            groups[key, default: []].append(request)
        }
        return groups.values.filter { $0.count > 1 }.map { $0.sorted { $0.name < $1.name } }.sorted { $0[0].name < $1[0].name }
    }()

    /// The pairs of consecutive requests of every session.
    static let consecutivePairs: [SessionPair] = sessions.flatMap { session in
        zip(session, session.dropFirst()).map { SessionPair(earlier: $0, later: $1) }
    }

    struct SessionPair: CustomTestStringConvertible, Sendable {
        let earlier: Request
        let later: Request
        var testDescription: String { "\(earlier.name) -> \(later.name)" }
    }
}

/// A trimmer with every stage (ignore rules, then block dedup), the embedded
/// defaults and no repository lookup, so that results do not depend on the
/// machine: what the invariant tests hold to the contract.
func defaultTrimmer(format: WireFormat? = nil) -> Trimmer {
    Trimmer(configuration: TrimConfiguration(format: format, detectRepository: false))
}

/// A trimmer with the stages that change text (rules, dedup) but no cache
/// markup, for tests about what happens to text.
func textTrimmer() -> Trimmer {
    Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [IgnoreRulesStage(), DedupStage()]))
}

/// A trimmer that only applies ignore rules (no dedup), for tests about rules.
func rulesOnlyTrimmer() -> Trimmer {
    Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [IgnoreRulesStage()]))
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
