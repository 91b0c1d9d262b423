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

    /// One file or tool output, as the first copy of its text.
    private struct Copy {
        let text: NormalizedText
        let raw: Range<Int>
        let location: String
        let description: String
    }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let removed = earlier.map(\.splice.range).sorted { $0.lowerBound < $1.lowerBound }
        var firstCopies: [UInt64: [Copy]] = [:]
        var edits: [Edit] = []
        for segment in request.conversation.segments where segment.mayHoldToolOutput {
            guard let value = segment.text, let content = value.stringContentSpan, content.count >= Self.minimumSaving,
                  let analysis = request.analysis(of: segment) else { continue }
            let units = Self.units(of: segment, analysis: analysis, request: request)
            guard !units.isEmpty else { continue }
            let rawRanges = Self.rawRanges(of: units.map(\.range), in: value, decodedCount: analysis.text.count)
            var replacements: [(range: Range<Int>, text: String, copy: Copy)] = []
            for (unit, raw) in zip(units, rawRanges) where !Self.overlaps(raw, removed) {
                let text = NormalizedText(analysis.text[unit.range], gutters: unit.gutters)
                guard !text.bytes.isEmpty else { continue }
                let hash = ContentHash.of(text.bytes)
                if let first = firstCopies[hash]?.first(where: { $0.text.bytes == text.bytes }) {
                    let pointer = Stub.sameAs(text, earlier: first.text, in: first.description)
                    if unit.range.count - pointer.utf8.count >= Self.minimumSaving {
                        replacements.append((unit.range, pointer, first))
                    }
                } else {
                    firstCopies[hash, default: []].append(Copy(text: text, raw: raw, location: segment.location, description: unit.description))
                }
            }
            let splices = StringEditor.splices(in: value, replacing: replacements.map { ($0.range, $0.text) }, decodedCount: analysis.text.count)
            for (splice, replacement) in zip(splices, replacements) {
                let record = EditRecord(stage: name, action: "same-as", location: segment.location, message: segment.message,
                                        path: nil, rule: nil, recognizer: nil, target: replacement.copy.location,
                                        bytesBefore: splice.range.count, bytesAfter: splice.replacement.count)
                edits.append(Edit(splice: splice, record: record, keeps: replacement.copy.raw))
            }
        }
        return edits
    }

    /// The files (recognized file regions) and, where none is recognized, the
    /// whole tool output of a segment, each with how a pointer names it.
    private static func units(of segment: Segment, analysis: SegmentAnalysis, request: TrimRequest) -> [Unit] {
        let call = request.conversation.call(for: segment)
        let resolver = request.resolver(at: segment)
        let files = analysis.regions.compactMap { region -> Unit? in
            guard case .file(let path) = region.kind else { return nil }
            let shown = resolver.resolve(path, from: region.directory).display
            let gutters = NormalizedText.distinctiveGutters + (agentGutters[region.recognizer].map { [$0] } ?? [])
            guard let call else { return Unit(range: region.range, description: "\(shown) in message \(segment.message ?? 0)", gutters: gutters) }
            return Unit(range: region.range, description: "the \(call.name) of \(shown) (\(Stub.shortID(call.id)))", gutters: gutters)
        }
        if !files.isEmpty { return files }
        guard segment.kind == .toolResult else { return [] }
        let name = call.map { "the \($0.name) result (\(Stub.shortID($0.id)))" } ?? "the tool result in message \(segment.message ?? 0)"
        return [Unit(range: 0..<analysis.text.count, description: name, gutters: NormalizedText.distinctiveGutters)]
    }

    /// A stretch of text Dedup compares whole, and how a pointer names it.
    private struct Unit {
        let range: Range<Int>
        let description: String
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

    private static func overlaps(_ range: Range<Int>, _ sorted: [Range<Int>]) -> Bool {
        sorted.contains { $0.overlaps(range) }
    }
}
