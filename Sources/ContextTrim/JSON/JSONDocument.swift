#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A validated JSON text: the original bytes plus the scanner's tape.
///
/// A reference type so that the many `JSONValue`s pointing into it share one
/// copy; immutable, hence `Sendable`.
public final class JSONDocument: Sendable {
    public let bytes: [UInt8]
    let nodes: [JSONNode]

    init(bytes: [UInt8], nodes: [JSONNode]) {
        self.bytes = bytes
        self.nodes = nodes
    }

    /// The top-level value.
    public var root: JSONValue { JSONValue(document: self, index: 0) }

    /// The string value whose content (between its quotes) holds `range`;
    /// nil when the range is not inside one string's content.
    public func string(containing range: Range<Int>) -> JSONValue? {
        // The tape is in document order: find the last value starting before the range.
        var low = 0
        var high = nodes.count
        while low < high {
            let middle = (low + high) / 2
            if Int(nodes[middle].start) < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let node = nodes[low - 1]
        guard node.kind == .string, Int(node.start) + 1 <= range.lowerBound, range.upperBound <= Int(node.end) - 1 else { return nil }
        return JSONValue(document: self, index: low - 1)
    }
}

/// A view of one value inside a `JSONDocument`: its kind, its byte span, and
/// navigation to its members. Cheap to copy; decodes strings only on demand.
public struct JSONValue: Sendable {
    public let document: JSONDocument
    let index: Int

    private var node: JSONNode { document.nodes[index] }

    public var kind: JSONKind { node.kind }

    /// The value's bytes in the document, quotes and brackets included.
    public var span: Range<Int> { Int(node.start)..<Int(node.end) }

    /// For a string: the raw bytes between the quotes, escapes undecoded.
    public var stringContentSpan: Range<Int>? {
        guard kind == .string else { return nil }
        return Int(node.start) + 1..<Int(node.end) - 1
    }

    /// For a string: whether its raw bytes contain backslash escapes.
    public var hasEscapes: Bool { node.flags & JSONNode.hasEscapes != 0 }

    /// For a string: whether it contains a `\uXXXX` escape.
    public var hasUnicodeEscapes: Bool { node.flags & JSONNode.hasUnicodeEscapes != 0 }

    /// The decoded text of a string value; nil for other kinds.
    public var string: String? {
        guard let content = stringContentSpan else { return nil }
        if !hasEscapes { return String(decoding: document.bytes[content], as: UTF8.self) }
        return String(decoding: JSONStringCodec.decode(document.bytes[content], hasEscapes: true), as: UTF8.self)
    }

    /// The decoded UTF-8 bytes of a string value; nil for other kinds.
    public var decodedBytes: [UInt8]? {
        guard let content = stringContentSpan else { return nil }
        return JSONStringCodec.decode(document.bytes[content], hasEscapes: hasEscapes)
    }

    /// The value of a number written as a whole number (no fraction, no
    /// exponent) that fits an `Int`; nil otherwise.
    public var integer: Int? {
        guard kind == .number else { return nil }
        return Int(String(decoding: document.bytes[span], as: UTF8.self))
    }

    /// The value of a boolean; nil for other kinds.
    public var bool: Bool? {
        switch kind {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }

    /// The children of an array, or the values of an object, in order.
    public var children: JSONChildren { JSONChildren(document: document, parent: index, stride: kind == .object ? 2 : 1) }

    /// An object's members as (key, value) pairs, in document order.
    public var members: [(key: JSONValue, value: JSONValue)] {
        guard kind == .object else { return [] }
        var result: [(key: JSONValue, value: JSONValue)] = []
        var child = index + 1
        let end = Int(node.next)
        while child < end {
            let value = child + 1
            result.append((JSONValue(document: document, index: child), JSONValue(document: document, index: value)))
            child = Int(document.nodes[value].next)
        }
        return result
    }

    /// The value of an object's member named `key` (the last one, as
    /// JavaScript's JSON.parse keeps it, should the key repeat).
    public subscript(key: String) -> JSONValue? {
        guard kind == .object else { return nil }
        var found: JSONValue?
        var child = index + 1
        let end = Int(node.next)
        while child < end {
            let keyValue = JSONValue(document: document, index: child)
            if keyValue.stringEquals(key) { found = JSONValue(document: document, index: child + 1) }
            child = Int(document.nodes[child + 1].next)
        }
        return found
    }

    /// Whether this is a string whose decoded text equals `text`, without
    /// allocating when the string has no escapes.
    public func stringEquals(_ text: String) -> Bool {
        guard let content = stringContentSpan else { return false }
        if !hasEscapes {
            guard text.utf8.count == content.count else { return false }
            let bytes = document.bytes[content]
            var text = text
            return text.withUTF8 { utf8 in
                bytes.withUnsafeBufferPointer { utf8.isEmpty || memcmp(utf8.baseAddress!, $0.baseAddress!, utf8.count) == 0 }
            }
        }
        return string == text
    }
}

/// The children of a JSON container, walked along the tape without copying.
public struct JSONChildren: Sequence, Sendable {
    let document: JSONDocument
    let parent: Int
    /// 1 for arrays; 2 for objects, whose values follow their keys.
    let stride: Int

    public func makeIterator() -> Iterator {
        let node = document.nodes[parent]
        let isContainer = node.kind == .object || node.kind == .array
        return Iterator(document: document, cursor: parent + 1, end: isContainer ? Int(node.next) : parent + 1, stride: stride)
    }

    public struct Iterator: IteratorProtocol {
        let document: JSONDocument
        var cursor: Int
        let end: Int
        let stride: Int

        public mutating func next() -> JSONValue? {
            guard cursor < end else { return nil }
            let valueIndex = cursor + stride - 1
            cursor = Int(document.nodes[valueIndex].next)
            return JSONValue(document: document, index: valueIndex)
        }
    }

    /// The children as an array.
    public var array: [JSONValue] { Array(self) }
}
