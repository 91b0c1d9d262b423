/// Removes the padding before the line numbers of a file shown with a
/// line-number gutter (Claude Code's `     12→`, `cat -n`'s `    12<TAB>`,
/// Cline's ` 12 | `), keeping each number and its separator: every line
/// still says its number, and its text is unchanged.
///
/// The padding tells the model nothing: the edit tools (Claude Code's Edit,
/// Cline's replace_in_file, apply_patch) take text without gutters, so no
/// edit the model can make depends on it. A gutter is unpadded only where
/// every line of a recognized file carries it with numbers counting up by
/// one, as Dedup strips them. Reads only tool results and user turns, and
/// only the text the earlier stages left (a file the ignore rules replaced is
/// a stub, with no gutter).
public struct GutterStage: Stage {
    public init() {}

    public var name: String { "gutters" }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let changes = EarlierChanges(earlier)
        var edits: [Edit] = []
        for segment in request.conversation.segments where segment.mayHoldToolOutput {
            guard let value = segment.text else { continue }
            let recognizers = Recognizers.candidates(for: segment, call: request.conversation.call(for: segment), text: value)
            guard !recognizers.isEmpty, let view = changes.view(of: segment, in: request, candidates: recognizers) else { continue }
            for region in view.regions {
                guard case .file(let path) = region.kind,
                      let padding = Self.padding(in: view.text, region.range, gutters: NormalizedText.gutters(forFilesOf: region.recognizer)) else { continue }
                // Padding inside no earlier change maps back as it is.
                let original = padding.compactMap { view.original(of: $0) }
                guard original.count == padding.count else { continue }
                let made = StringEditor.changes(in: value, replacing: original.map { ($0, []) }, map: view.analysis.map)
                let splices = made.map(\.splice)
                let record = EditRecord(stage: name, action: "unpadded-gutter", location: segment.location, message: segment.message,
                                        path: request.resolver(at: segment).resolve(path, from: region.directory).display,
                                        rule: nil, recognizer: region.recognizer, target: nil,
                                        bytesBefore: splices.reduce(0) { $0 + $1.range.count }, bytesAfter: 0)
                edits.append(Edit(text: TextEdit(segment: segment.index, changes: made.map(\.change)), splices: splices, record: record))
            }
        }
        return edits
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
