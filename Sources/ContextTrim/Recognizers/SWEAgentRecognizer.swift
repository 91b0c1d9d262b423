/// SWE-agent's file windows: `[File: /path (N lines total)]`, an optional
/// `(k more lines above)`, numbered lines `12:…`, then `(m more lines below)`
/// or the `(Open file: …)` footer; and the editor tool's
/// ``Here's the result of running `cat -n` on /path:`` views.
public struct SWEAgentRecognizer: Recognizer {
    public init() {}

    public var name: String { "swe-agent" }

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        let segment = context.segment
        guard segment.kind == .toolResult || (segment.kind == .text && segment.role == .user) else { return [] }
        let text = context.text
        var regions: [ContentRegion] = []
        var searchFrom = 0
        while let header = text.offset(of: "[File: ", from: searchFrom) {
            let headerEnd = text.endOfLine(from: header)
            searchFrom = headerEnd
            guard header == 0 || text[header - 1] == UInt8(ascii: "\n"),
                  let path = Self.windowPath(text.string(header..<headerEnd)) else { continue }
            var start = headerEnd
            let lines = text.lineRanges(in: headerEnd..<text.count)
            var end = start
            for line in lines {
                let content = text.string(line)
                if content.hasPrefix("(") && content.contains("more lines above)") {
                    start = min(line.upperBound + 1, text.count)
                    continue
                }
                if content.hasPrefix("(") || content.hasPrefix("[File: ") || content.hasPrefix("bash-$") { break }
                end = line.upperBound
            }
            if start < end { regions.append(ContentRegion(kind: .file(path: path), range: start..<end, recognizer: name)) }
        }
        if let view = editorView(text) { regions.append(view) }
        return regions
    }

    /// The path in `[File: /path (N lines total)]`.
    static func windowPath(_ line: String) -> String? {
        guard let open = line.range(of: "[File: "), let close = line.range(of: " (", options: .backwards) else { return nil }
        let path = line[open.upperBound..<close.lowerBound]
        return path.isEmpty ? nil : String(path)
    }

    private func editorView(_ text: [UInt8]) -> ContentRegion? {
        let marker = "Here's the result of running `cat -n` on "
        guard text.hasPrefix(marker) else { return nil }
        let headerEnd = text.endOfLine(from: 0)
        var path = text.string(marker.utf8.count..<headerEnd)
        while path.hasSuffix("\n") || path.hasSuffix(":") || path.hasSuffix("\r") { path.removeLast() }
        guard !path.isEmpty, headerEnd < text.count else { return nil }
        return ContentRegion(kind: .file(path: path), range: headerEnd..<text.count, recognizer: name)
    }
}
