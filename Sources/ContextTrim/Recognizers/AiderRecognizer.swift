/// Aider's chat files: a line holding a path, then the whole file in a fence
/// of three or more backticks (no gutter), in a user message.
public struct AiderRecognizer: Recognizer {
    public init() {}

    public var name: String { "aider" }

    static let fence = Array("```".utf8)

    public func mayRecognize(_ segment: Segment, call: ToolCall?, raw: ArraySlice<UInt8>) -> Bool {
        segment.kind == .text && segment.role == .user && raw.contains(marker: Self.fence)
    }

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        let segment = context.segment
        guard segment.kind == .text, segment.role == .user else { return [] }
        let text = context.text
        var regions: [ContentRegion] = []
        var searchFrom = 0
        while let fenceStart = text.offset(of: "```", from: searchFrom) {
            let fenceEnd = text.endOfLine(from: fenceStart)
            searchFrom = fenceEnd
            let fence = fenceStart..<(text[fenceEnd - 1] == UInt8(ascii: "\n") ? fenceEnd - 1 : fenceEnd)
            guard fenceStart > 0, text[fenceStart - 1] == UInt8(ascii: "\n"),
                  text[fence].allSatisfy({ $0 == UInt8(ascii: "`") }) else { continue }
            var pathStart = fenceStart - 1
            while pathStart > 0 && text[pathStart - 1] != UInt8(ascii: "\n") { pathStart -= 1 }
            let pathLine = pathStart..<fenceStart - 1
            guard Self.looksLikePath(text[pathLine]), let close = closingFence(text, fence, from: fenceEnd) else { continue }
            if close > fenceEnd {
                regions.append(ContentRegion(kind: .file(path: text.string(pathLine)), range: fenceEnd..<close - 1, recognizer: name))
            }
            searchFrom = text.endOfLine(from: close)
        }
        return regions
    }

    /// The start of the line that repeats `fence` exactly, after `start`.
    private func closingFence(_ text: [UInt8], _ fence: Range<Int>, from start: Int) -> Int? {
        var lineStart = start
        while lineStart < text.count {
            let lineEnd = text.endOfLine(from: lineStart)
            let contentEnd = text[lineEnd - 1] == UInt8(ascii: "\n") ? lineEnd - 1 : lineEnd
            if text[lineStart..<contentEnd] == text[fence] { return lineStart }
            lineStart = lineEnd
        }
        return nil
    }

    /// A bare relative or absolute path: no spaces, a dot or slash, no
    /// sentence punctuation at its end.
    static func looksLikePath(_ line: ArraySlice<UInt8>) -> Bool {
        // Under 300 characters: bytes that start a UTF-8 sequence.
        guard let last = line.last, line.lazy.filter({ $0 & 0xC0 != 0x80 }).count < 300, !line.contains(UInt8(ascii: " ")),
              last != UInt8(ascii: ":"), last != UInt8(ascii: ".") else { return false }
        return line.contains(UInt8(ascii: ".")) || line.contains(UInt8(ascii: "/"))
    }
}
