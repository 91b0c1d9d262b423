/// Removes the padding before the line numbers of a file shown with a
/// line-number gutter (Claude Code's `     12→`, `cat -n`'s `    12<TAB>`,
/// Cline's ` 12 | `), keeping each number and its separator: every line
/// still says its number, and its text is unchanged.
///
/// The padding tells the model nothing: the edit tools (Claude Code's Edit,
/// Cline's replace_in_file, apply_patch) take text without gutters, so no
/// edit the model can make depends on it. A gutter is unpadded only where
/// every line of a recognized file carries it with numbers counting up by
/// one, as Dedup strips them.
public struct GutterTransform: TextTransform {
    public init() {}

    public var name: String { "gutters" }
    public var action: String { "unpadded-gutter" }

    public func rewrites(_ kind: ContentKind) -> Bool {
        if case .file = kind { return true }
        return false
    }

    public func changes(in text: [UInt8], region: ContentRegion) -> [TextChange] {
        Self.padding(in: text, region.range, gutters: NormalizedText.gutters(forFilesOf: region.recognizer))?
            .map { TextChange(range: $0, replacement: []) } ?? []
    }

    /// The padding before each line's number, when every line of `range`
    /// (a last empty line aside) carries one of the `gutters` and the
    /// numbers count up by one; nil when there is none to remove.
    static func padding(in text: [UInt8], _ range: Range<Int>, gutters: [NormalizedText.Gutter]) -> [Range<Int>]? {
        var lines = text.lineRanges(in: range)
        if let last = lines.last, last.isEmpty, lines.count > 1 { lines.removeLast() }
        guard let first = lines.first, let gutter = gutters.first(where: { $0.match(text[first]) != nil }) else { return nil }
        var padding: [Range<Int>] = []
        var expected: Int?
        for line in lines {
            guard let match = gutter.match(text[line]), expected == nil || match.number == expected else { return nil }
            expected = match.number + 1
            var end = line.lowerBound
            while text[end] == UInt8(ascii: " ") { end += 1 }
            if end > line.lowerBound { padding.append(line.lowerBound..<end) }
        }
        return padding.isEmpty ? nil : padding
    }
}
