/// Replaces a file or tool output that repeats an earlier one exactly
/// (gutters and trailing whitespace aside) with a pointer to the earlier copy.
///
/// The first copy always wins and is never changed, so pointers never chain
/// and what happens to a segment depends only on the segments before it.
/// A pointer replaces text only when it saves at least `minimumSaving`
/// bytes; each pointer's edit names the text it points at, and the output
/// check refuses the request's edits if anything changes that text.
/// Reads only what IgnoreRules may read (tool results and user-turn text) and
/// never what an earlier stage removed.
public struct DedupStage: Stage {
    /// How much a pointer must save, net, to replace text.
    public static let minimumSaving = 200

    public init() {}

    public var name: String { "dedup" }

    /// One file or tool output, as the first copy of its text. How a pointer
    /// names it, and its raw bytes, are worked out only when a pointer is made.
    private struct Copy {
        let text: NormalizedText
        let unit: Unit
        let segment: Segment
        let decodedCount: Int
    }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let removed = earlier.map(\.splice.range)
        var firstCopies: [UInt64: [Copy]] = [:]
        // What pointers need of a first copy, worked out once however often it repeats.
        var targets: [CopyKey: (description: String, raw: Range<Int>?)] = [:]
        func target(of copy: Copy) -> (description: String, raw: Range<Int>?) {
            let key = CopyKey(segment: copy.segment.index, start: copy.unit.range.lowerBound)
            if let known = targets[key] { return known }
            let raw = copy.segment.text.map { Self.rawRanges(of: [copy.unit.range], in: $0, decodedCount: copy.decodedCount)[0] }
            let found = (Self.describe(copy, request: request), raw)
            targets[key] = found
            return found
        }
        var edits: [Edit] = []
        for segment in request.conversation.segments where segment.mayHoldToolOutput {
            guard let value = segment.text, let content = value.stringContentSpan, content.count >= Self.minimumSaving,
                  let analysis = request.analysis(of: segment) else { continue }
            let units = Self.units(of: segment, analysis: analysis, request: request)
            guard !units.isEmpty else { continue }
            // Text an earlier stage removed is neither a copy nor replaced.
            let touched = removed.contains { $0.overlaps(content) }
            let rawRanges = touched ? Self.rawRanges(of: units.map(\.range), in: value, decodedCount: analysis.text.count) : []
            var replacements: [(range: Range<Int>, text: String, copy: Copy)] = []
            for (position, unit) in units.enumerated() where unit.range.count >= Self.minimumSaving {
                if touched, removed.contains(where: { $0.overlaps(rawRanges[position]) }) { continue }
                let text = NormalizedText(analysis.text[unit.range], gutters: unit.gutters)
                guard !text.bytes.isEmpty else { continue }
                let hash = ContentHash.of(text.bytes)
                if let first = firstCopies[hash]?.first(where: { $0.text.bytes == text.bytes }) {
                    let pointer = Stub.sameAs(text, earlier: first.text, in: target(of: first).description)
                    if unit.range.count - pointer.utf8.count >= Self.minimumSaving {
                        replacements.append((unit.range, pointer, first))
                    }
                } else {
                    firstCopies[hash, default: []].append(Copy(text: text, unit: unit, segment: segment, decodedCount: analysis.text.count))
                }
            }
            let splices = StringEditor.splices(in: value, replacing: replacements.map { ($0.range, $0.text) }, decodedCount: analysis.text.count)
            for (splice, replacement) in zip(splices, replacements) {
                let copy = replacement.copy
                let record = EditRecord(stage: name, action: "same-as", location: segment.location, message: segment.message,
                                        path: nil, rule: nil, recognizer: nil, target: copy.segment.location,
                                        bytesBefore: splice.range.count, bytesAfter: splice.replacement.count)
                edits.append(Edit(splice: splice, record: record, keeps: target(of: copy).raw))
            }
        }
        return edits
    }

    private struct CopyKey: Hashable {
        let segment: Int
        let start: Int
    }

    /// How a pointer names a first copy: `the Read of src/app.ts (toolu_01Hk...)`.
    private static func describe(_ copy: Copy, request: TrimRequest) -> String {
        let call = request.conversation.call(for: copy.segment)
        guard let path = copy.unit.path else {
            return call.map { "the \($0.name) result (\(Stub.shortID($0.id)))" } ?? "the tool result in message \(copy.segment.message ?? 0)"
        }
        let shown = request.resolver(at: copy.segment).resolve(path, from: copy.unit.directory).display
        guard let call else { return "\(shown) in message \(copy.segment.message ?? 0)" }
        return "the \(call.name) of \(shown) (\(Stub.shortID(call.id)))"
    }

    /// The files (recognized file regions) and, where none is recognized, the
    /// whole tool output of a segment.
    private static func units(of segment: Segment, analysis: SegmentAnalysis, request: TrimRequest) -> [Unit] {
        let files = analysis.regions.compactMap { region -> Unit? in
            guard case .file(let path) = region.kind else { return nil }
            let gutters = NormalizedText.distinctiveGutters + (agentGutters[region.recognizer].map { [$0] } ?? [])
            return Unit(range: region.range, path: path, directory: region.directory, gutters: gutters)
        }
        if !files.isEmpty || segment.kind != .toolResult { return files }
        return [Unit(range: 0..<analysis.text.count, path: nil, directory: nil, gutters: NormalizedText.distinctiveGutters)]
    }

    /// A stretch of text Dedup compares whole: a file (with its path as the
    /// agent wrote it) or a whole tool output.
    private struct Unit {
        let range: Range<Int>
        let path: String?
        let directory: String?
        let gutters: [NormalizedText.Gutter]
    }

    /// The gutters only some agents print, by the recognizer of their reads.
    private static let agentGutters: [String: NormalizedText.Gutter] = ["swe-agent": .colon, "cline": .bar]

    private static func rawRanges(of ranges: [Range<Int>], in value: JSONValue, decodedCount: Int) -> [Range<Int>] {
        guard let content = value.stringContentSpan else { return [] }
        let bounds = ranges.flatMap { [$0.lowerBound, $0.upperBound] }
        let order = bounds.indices.sorted { bounds[$0] < bounds[$1] }
        let raw = JSONStringCodec.rawOffsets(in: value.document.bytes[content], hasEscapes: value.hasEscapes,
                                             decodedOffsets: order.map { bounds[$0] }, decodedCount: decodedCount)
        var mapped = [Int](repeating: 0, count: bounds.count)
        for (position, index) in order.enumerated() { mapped[index] = raw[position] }
        return ranges.indices.map { mapped[2 * $0]..<mapped[2 * $0 + 1] }
    }

}
