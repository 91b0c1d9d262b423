/// Aider's chat files: a line holding a path, then the whole file in a fence
/// of three or more backticks (no gutter), in a user message.
public struct AiderRecognizer: Recognizer {
    public init() {}

    public var name: String { "aider" }

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        let segment = context.segment
        guard segment.kind == .text, segment.role == .user else { return [] }
        let text = context.text
        guard text.offset(of: "```") != nil else { return [] }
        let lines = text.lineRanges()
        var regions: [ContentRegion] = []
        var index = 1
        while index < lines.count {
            let fence = lines[index]
            guard fence.count >= 3, text[fence].allSatisfy({ $0 == UInt8(ascii: "`") }), Self.looksLikePath(text.string(lines[index - 1])) else {
                index += 1
                continue
            }
            guard let close = lines[(index + 1)...].firstIndex(where: { text[$0] == text[fence] }) else { break }
            if close > index + 1 {
                let path = text.string(lines[index - 1])
                regions.append(ContentRegion(kind: .file(path: path), range: lines[index + 1].lowerBound..<lines[close - 1].upperBound, recognizer: name))
            }
            index = close + 1
        }
        return regions
    }

    /// A bare relative or absolute path: no spaces, a dot or slash, no
    /// sentence punctuation at its end.
    static func looksLikePath(_ line: String) -> Bool {
        guard !line.isEmpty, line.count < 300, !line.contains(" "), !line.hasSuffix(":"), !line.hasSuffix(".") else { return false }
        return line.contains(".") || line.contains("/")
    }
}
