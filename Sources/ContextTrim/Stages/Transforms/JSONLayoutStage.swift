/// Lays out compactly a tool result that is, as a whole, strictly valid
/// JSON printed with indentation (MCP servers, `curl | jq`, API clients):
/// the same keys in the same order, the same values, every string and
/// number byte for byte; only the whitespace between tokens goes.
///
/// Anything that is not strictly valid JSON (our scanner, which passes
/// JSONTestSuite) is left alone, and so is a file a recognizer found, or a
/// command's output that may be a file's bytes (`jq . f.json`): the model
/// edits files by quoting them, so their layout is content. For a
/// command's output the JSON must be all it printed.
public struct JSONLayoutStage: Stage {
    public init() {}

    public var name: String { "json-layout" }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let earlierChanges = EarlierChanges(earlier)
        var edits: [Edit] = []
        for segment in request.conversation.segments where segment.kind == .toolResult {
            guard let value = segment.text, let content = value.stringContentSpan, Self.mayBeLaidOut(value.document.bytes[content]),
                  let view = earlierChanges.view(of: segment, in: request) else { continue }
            guard !view.regions.contains(where: \.kind.keepsItsBytes) else { continue }
            let range = view.regions.first { $0.kind == .commandOutput }?.range ?? 0..<view.text.count
            guard let compact = Self.compacted(view.text, range), let original = view.original(of: compact.range) else { continue }
            let made = StringEditor.changes(in: value, replacing: [(original, compact.text)], map: view.analysis.map)
            edits.append(Edit(made, in: segment, stage: name, action: "compacted-json"))
        }
        return edits
    }

    /// Whether the raw string could hold laid-out JSON: it opens with `{` or
    /// `[` (after blanks) and has a line feed (`\n` escaped in the raw bytes).
    static func mayBeLaidOut(_ raw: ArraySlice<UInt8>) -> Bool {
        guard let first = raw.first(where: { $0 != UInt8(ascii: " ") }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
                || first == UInt8(ascii: "\\") else { return false }
        return raw.contains(marker: Array("\\n".utf8))
    }

    /// The JSON value that fills `range` (blanks around it aside) without
    /// its layout, or nil when it is not strictly valid JSON, not an object
    /// or array, or has no layout to remove.
    static func compacted(_ text: [UInt8], _ range: Range<Int>) -> (range: Range<Int>, text: [UInt8])? {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end && isBlank(text[start]) { start += 1 }
        while end > start && isBlank(text[end - 1]) { end -= 1 }
        guard start < end, text[start] == UInt8(ascii: "{") || text[start] == UInt8(ascii: "["),
              (try? JSONScanner.scan(Array(text[start..<end]))) != nil else { return nil }
        var compact: [UInt8] = []
        compact.reserveCapacity(end - start)
        var inString = false
        var escaped = false
        for byte in text[start..<end] {
            if inString {
                compact.append(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if !isBlank(byte) {
                compact.append(byte)
                if byte == UInt8(ascii: "\"") { inString = true }
            }
        }
        // Only indentation pays: a one-line `{"a": 1}` keeps its spaces.
        guard text[start..<end].contains(UInt8(ascii: "\n")), compact.count < end - start else { return nil }
        return (start..<end, compact)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
