import Foundation
@testable import ContextTrim

/// Independent checks on trimmed output, with Foundation's parser (allowed
/// here: tests only read, never write, through it).
enum JSONComparison {
    static func parse(_ bytes: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// Walks input and output together: every leaf must be equal, except
    /// strings the trimmer shortened by stubs and lossless transforms
    /// (`LosslessEdits`). Returns the paths of
    /// the strings that differ, or throws on any other difference.
    static func editedStrings(_ input: Any, _ output: Any, at path: String = "") throws -> [String] {
        switch (input, output) {
        case let (a as [String: Any], b as [String: Any]):
            guard Set(a.keys) == Set(b.keys) else { throw Mismatch(path: path, reason: "keys differ") }
            return try a.keys.sorted().flatMap { try editedStrings(a[$0]!, b[$0]!, at: "\(path).\($0)") }
        case let (a as [Any], b as [Any]):
            guard a.count == b.count else { throw Mismatch(path: path, reason: "array length differs") }
            return try zip(a, b).enumerated().flatMap { try editedStrings($0.element.0, $0.element.1, at: "\(path)[\($0.offset)]") }
        case let (a as String, b as String):
            if a == b { return [] }
            guard b.utf8.count < a.utf8.count, !b.isEmpty else { throw Mismatch(path: path, reason: "a string grew or was emptied") }
            guard LosslessEdits.explain(a, b) else {
                throw Mismatch(path: path, reason: "a string changed other than by stubs and lossless transforms")
            }
            return [path]
        case let (a as NSNumber, b as NSNumber):
            guard a == b else { throw Mismatch(path: path, reason: "number differs") }
            return []
        case (is NSNull, is NSNull):
            return []
        default:
            throw Mismatch(path: path, reason: "kinds differ")
        }
    }

    /// `output` with the markup the cache stage added taken out again: a
    /// `cache_control` or `prompt_cache_key` the input did not have, and a
    /// string the input had that became a one-text-block array. What is left
    /// must compare with `editedStrings`.
    static func removingMarkup(_ output: Any, like input: Any) -> Any {
        switch (input, output) {
        case let (a as [String: Any], b as [String: Any]):
            var result: [String: Any] = [:]
            for (key, value) in b where a[key] != nil || !["cache_control", "prompt_cache_key"].contains(key) {
                result[key] = a[key].map { removingMarkup(value, like: $0) } ?? value
            }
            return result
        case let (a as [Any], b as [Any]) where a.count == b.count:
            return zip(a, b).map { removingMarkup($1, like: $0) }
        case let (_ as String, b as [Any]):
            guard b.count == 1, let block = b[0] as? [String: Any], block["type"] as? String == "text",
                  block["cache_control"] != nil, block.count == 3, let text = block["text"] as? String else { return output }
            return text
        default:
            return output
        }
    }

    /// The string at a report location such as `messages[4].content[0].text`.
    static func string(at location: String, in object: Any) -> String? {
        var current: Any? = object
        for part in location.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                indices.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)])!, at: 0)
                name = name[..<open]
            }
            current = (current as? [String: Any])?[String(name)]
            for index in indices { current = (current as? [Any]).flatMap { index < $0.count ? $0[index] : nil } }
        }
        return current as? String
    }

    struct Mismatch: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// The raw bytes of each message (or Responses input item), with every
    /// `cache_control` member removed: markers move between requests.
    static func itemsWithoutCacheControl(_ bytes: [UInt8]) throws -> [String] {
        let document = try JSONScanner.scan(bytes)
        guard let list = document.root["messages"] ?? document.root["input"], list.kind == .array else { return [] }
        return list.children.map { item in
            let raw = String(decoding: bytes[item.span], as: UTF8.self)
            return stripCacheControl(raw)
        }
    }

    static func stripCacheControl(_ raw: String) -> String {
        let member = #""cache_control"\s*:\s*\{[^{}]*\}"#
        var text = raw.replacingOccurrences(of: #",\s*"# + member, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: member + #"\s*,\s*"#, with: "", options: .regularExpression)
        // A string content wrapped to carry a marker reads as the string itself.
        let wrapped = #"\[\{"type":"text","text":("(?:[^"\\]|\\.)*")\}\]"#
        return text.replacingOccurrences(of: wrapped, with: "$1", options: .regularExpression)
    }
}
