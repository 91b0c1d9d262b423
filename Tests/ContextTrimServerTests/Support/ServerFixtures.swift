import ContextTrim
import Foundation
import Testing

/// The request fixtures the engine's tests use (Tests/Fixtures), with the
/// path each would be sent to: the format a proxy is told by the path.
enum ServerFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    struct Body: CustomTestStringConvertible, Sendable {
        let url: URL
        let format: WireFormat
        var name: String { url.lastPathComponent }
        var bytes: [UInt8] { [UInt8](try! Data(contentsOf: url)) }
        var testDescription: String { name }
        var path: String { ServerFixtures.path(for: format) }
    }

    static func path(for format: WireFormat) -> String {
        switch format {
        case .anthropicMessages: return "/v1/messages"
        case .openAIChat: return "/v1/chat/completions"
        case .openAIResponses: return "/v1/responses"
        }
    }

    /// Every request fixture, its format told by the corpus folder or, for
    /// the hand-written ones, by shape (none of them is ambiguous but the
    /// Cline exports, which went to Anthropic).
    static let bodies: [Body] = {
        var found: [Body] = []
        for folder in ["corpus", "handwritten"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "json" else { continue }
                let bytes = [UInt8](try! Data(contentsOf: url))
                guard let document = try? JSONScanner.scan(bytes), let format = FormatDetector.detect(document.root)?.format else { continue }
                found.append(Body(url: url, format: format))
            }
        }
        return found.sorted { $0.url.path < $1.url.path }
    }()

    static func body(_ name: String) -> Body {
        bodies.first { $0.name == name }!
    }
}
