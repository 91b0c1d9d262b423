/// Cline's text results, in both eras: `[read_file for 'path'] Result:`
/// followed by the file (plain, or with `12 | ` gutters), `list_files`,
/// `search_files` and `execute_command` results the same way, and the recursive listing under
/// `# Current Working Directory (/abs) Files` in `<environment_details>`.
public struct ClineRecognizer: Recognizer {
    public init() {}

    public var name: String { "cline" }

    static let markers = [Array("] Result:".utf8), Array("# Current Working Directory (".utf8)]

    public func mayRecognize(_ segment: Segment, call: ToolCall?, raw: ArraySlice<UInt8>) -> Bool {
        segment.mayHoldToolOutput && Self.markers.contains { raw.contains(marker: $0) }
    }

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        let segment = context.segment
        guard segment.mayHoldToolOutput else { return [] }
        let text = context.text
        var regions: [ContentRegion] = []
        if let listing = workingDirectoryListing(text) { regions.append(listing) }
        var headers: [(line: Range<Int>, tool: String, argument: String?)] = []
        var searchFrom = 0
        while let marker = text.offset(of: "] Result:", from: searchFrom) {
            searchFrom = marker + 9
            let lineEnd = text.endOfLine(from: marker)
            guard lineEnd == marker + 9 || lineEnd == marker + 10 else { continue }
            var lineStart = marker
            while lineStart > 0 && text[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            let line = lineStart..<marker + 9
            if text[lineStart] == UInt8(ascii: "["), let header = Self.parseHeader(text[line]) {
                headers.append((line, header.tool, header.argument))
            }
        }
        for (position, header) in headers.enumerated() {
            let bodyStart = header.line.upperBound + 1
            var bodyEnd = position + 1 < headers.count ? headers[position + 1].line.lowerBound : text.count
            if bodyStart < bodyEnd, let details = text.offset(of: "<environment_details>", from: bodyStart, to: bodyEnd) { bodyEnd = details }
            guard bodyStart < bodyEnd, let region = bodyRegion(header.tool, header.argument, text, bodyStart..<bodyEnd) else { continue }
            regions.append(region)
        }
        return regions
    }

    /// `[tool for 'argument'] Result:` or `[tool] Result:`.
    static func parseHeader(_ bytes: ArraySlice<UInt8>) -> (tool: String, argument: String?)? {
        let suffix = Array("] Result:".utf8)
        guard bytes.first == UInt8(ascii: "["), bytes.count > suffix.count + 1, bytes.suffix(suffix.count).elementsEqual(suffix) else { return nil }
        let inner = bytes[(bytes.startIndex + 1)..<(bytes.endIndex - suffix.count)]
        let toolEnd = inner.firstIndex(of: UInt8(ascii: " ")) ?? inner.endIndex
        let tool = inner[..<toolEnd]
        guard !tool.isEmpty, tool.allSatisfy({ isToolNameByte($0) }) else { return nil }
        if toolEnd == inner.endIndex { return (String(decoding: tool, as: UTF8.self), nil) }
        let rest = inner[toolEnd...]
        let opening = Array(" for '".utf8)
        guard rest.starts(with: opening), rest.count > opening.count, rest.last == UInt8(ascii: "'") else { return nil }
        return (String(decoding: tool, as: UTF8.self), String(decoding: rest.dropFirst(opening.count).dropLast(), as: UTF8.self))
    }

    private static func isToolNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }

    private func bodyRegion(_ tool: String, _ argument: String?, _ text: [UInt8], _ body: Range<Int>) -> ContentRegion? {
        let trimmed = trimTrailingBlankLines(text, body)
        switch tool {
        case "read_file":
            guard let argument, !trimmed.isEmpty else { return nil }
            var content = trimmed
            let lastLine = (trimmed.lowerBound..<trimmed.upperBound).last { $0 == trimmed.lowerBound || text[$0 - 1] == UInt8(ascii: "\n") }
            if let lastLine, text.hasPrefix("(File has ", at: lastLine) {
                content = trimTrailingBlankLines(text, trimmed.lowerBound..<lastLine)
            }
            guard !content.isEmpty else { return nil }
            return ContentRegion(kind: .file(path: argument), range: content, recognizer: name)
        case "list_files":
            return ContentRegion(kind: .listing(.paths, base: argument), range: trimmed, recognizer: name)
        case "search_files":
            // ripgrep's matches grouped by file, paths relative to the working directory.
            return ContentRegion(kind: .search(.grouped), range: trimmed, recognizer: name)
        case "execute_command":
            guard let argument, let marker = text.offset(of: "Output:\n", from: trimmed.lowerBound, to: trimmed.upperBound),
                  marker + 8 < trimmed.upperBound else { return nil }
            let output = ShellCommand.output(of: argument)
            return ContentRegion(kind: output.kind, range: marker + 8..<trimmed.upperBound, directory: output.directory, recognizer: name)
        default:
            return nil
        }
    }

    private func workingDirectoryListing(_ text: [UInt8]) -> ContentRegion? {
        guard let heading = text.offset(of: "# Current Working Directory (") else { return nil }
        let start = text.endOfLine(from: heading)
        var end = start
        for line in text.lineRanges(in: start..<text.count) {
            if line.isEmpty || text.hasPrefix("#", at: line.lowerBound) || text.hasPrefix("<", at: line.lowerBound) { break }
            end = line.upperBound
        }
        guard start < end else { return nil }
        return ContentRegion(kind: .listing(.paths, base: nil), range: start..<end, recognizer: name)
    }

    private func trimTrailingBlankLines(_ text: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound && (text[end - 1] == UInt8(ascii: "\n") || text[end - 1] == UInt8(ascii: " ")) { end -= 1 }
        return range.lowerBound..<end
    }
}
