/// SWE-agent's file windows: `[File: /path (N lines total)]`, an optional
/// `(k more lines above)`, numbered lines `12:…`, then `(m more lines below)`
/// or the `(Open file: …)` footer; and the editor tool's
/// ``Here's the result of running `cat -n` on /path:`` views; and the
/// results of `search_dir` (`/abs/file (3 matches)` lines) and `find_file`
/// (absolute paths) under their `Found N matches for "x" in /dir:` header,
/// and of `search_file` (`Line 12:text` lines of the file its header names).
public struct SWEAgentRecognizer: Recognizer {
    public init() {}

    public var name: String { "swe-agent" }

    static let markers = [Array("[File: ".utf8), Array("Here's the result of running `cat -n` on ".utf8), Array(" matches for ".utf8)]

    public func mayRecognize(_ segment: Segment, call: ToolCall?, raw: ArraySlice<UInt8>) -> Bool {
        segment.mayHoldToolOutput && Self.markers.contains { raw.contains(marker: $0) }
    }

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        let segment = context.segment
        guard segment.mayHoldToolOutput else { return [] }
        let text = context.text
        var regions: [ContentRegion] = []
        var searchFrom = 0
        while let header = text.offset(of: "[File: ", from: searchFrom) {
            let headerEnd = text.endOfLine(from: header)
            searchFrom = headerEnd
            guard header == 0 || text[header - 1] == UInt8(ascii: "\n"),
                  let path = Self.windowPath(text, header..<headerEnd) else { continue }
            var start = headerEnd
            var end = start
            var lineStart = headerEnd
            while lineStart < text.count {
                let lineEnd = text.endOfLine(from: lineStart)
                let contentEnd = lineEnd > lineStart && text[lineEnd - 1] == UInt8(ascii: "\n") ? lineEnd - 1 : lineEnd
                if text.hasPrefix("(", at: lineStart) {
                    guard text.offset(of: "more lines above)", from: lineStart, to: contentEnd) != nil else { break }
                    start = lineEnd
                } else if text.hasPrefix("[File: ", at: lineStart) || text.hasPrefix("bash-$", at: lineStart) {
                    break
                } else {
                    end = contentEnd
                }
                lineStart = lineEnd
            }
            if start < end { regions.append(ContentRegion(kind: .file(path: path), range: start..<end, recognizer: name)) }
        }
        if let view = editorView(text) { regions.append(view) }
        regions += searchResults(text)
        return regions
    }

    /// The bodies of `search_dir` and `find_file` results, which end at
    /// their `End of matches` line, a blank line or the `(Open file: ...)`
    /// footer; and `search_file`'s, header included (it names the file).
    private func searchResults(_ text: [UInt8]) -> [ContentRegion] {
        var regions: [ContentRegion] = []
        var searchFrom = 0
        while let marker = text.offset(of: " matches for \"", from: searchFrom) {
            searchFrom = marker + 1
            var lineStart = marker
            while lineStart > 0 && text[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            let bodyStart = text.endOfLine(from: marker)
            guard text.hasPrefix("Found ", at: lineStart), bodyStart < text.count else { continue }
            if let matches = matchesInOneFile(text, header: lineStart, body: bodyStart) {
                regions.append(ContentRegion(kind: .search(.oneFile), range: lineStart..<matches, recognizer: name))
                searchFrom = matches
                continue
            }
            var end = bodyStart
            var fileCounts = false
            for line in text.lineRanges(in: bodyStart..<text.count) {
                if line.isEmpty || text.hasPrefix("End of matches for ", at: line.lowerBound) || text.hasPrefix("(Open file:", at: line.lowerBound)
                    || text.hasPrefix("Line ", at: line.lowerBound) || text[line.lowerBound] != UInt8(ascii: "/") { break }
                if text[..<line.upperBound].suffix(9).elementsEqual(" matches)".utf8) { fileCounts = true }
                end = line.upperBound
            }
            guard end > bodyStart else { continue }
            let kind: ContentKind = fileCounts ? .search(.fileCounts) : .listing(.paths, base: nil)
            regions.append(ContentRegion(kind: kind, range: bodyStart..<end, recognizer: name))
            searchFrom = end
        }
        return regions
    }

    /// The end of `search_file`'s `Line 12:text` lines after its header, if it is one.
    private func matchesInOneFile(_ text: [UInt8], header: Int, body: Int) -> Int? {
        guard SearchResultsParser.headerPath(text, header..<body - 1) != nil else { return nil }
        var end = body
        for line in text.lineRanges(in: body..<text.count) {
            guard text.hasPrefix("Line ", at: line.lowerBound) || (line.lowerBound < line.upperBound && text[line.lowerBound] >= UInt8(ascii: "0")
                  && text[line.lowerBound] <= UInt8(ascii: "9")) else { break }
            end = min(line.upperBound + 1, text.count)
        }
        return end > body ? end : nil
    }

    /// The path in `[File: /path (N lines total)]`.
    static func windowPath(_ text: [UInt8], _ line: Range<Int>) -> String? {
        let start = line.lowerBound + 7
        var close = line.upperBound
        while close > start && !(text[close - 1] == UInt8(ascii: "(") && close - 2 >= start && text[close - 2] == UInt8(ascii: " ")) { close -= 1 }
        guard close - 2 > start else { return nil }
        return text.string(start..<close - 2)
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
