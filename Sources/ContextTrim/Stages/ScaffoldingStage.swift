/// Points a later verbatim copy of a block a client repeats every turn
/// (Claude Code's `<system-reminder>`, Cline's `<environment_details>`,
/// Codex's `<environment_context>`) at its first copy, however short: Dedup's
/// pointers must save a minimum of tokens (32 by default), and these blocks are often fewer. A block that
/// changed (a new time, a new file list) is no copy and stays.
///
/// Runs last of the transforms, before Dedup (which then reads the pointer
/// as a stub and may point at the first copy), with Dedup's rules: the first
/// copy wins and must reach the output as it stands, a pointer is never a
/// first copy, and what a segment becomes depends only on the segments
/// before it.
public struct ScaffoldingStage: Stage {
    /// The blocks, by their opening and closing tags.
    static let blocks: [(open: String, close: String, name: String)] = ["system-reminder", "environment_details", "environment_context"].map {
        ("<\($0)>", "</\($0)>", $0)
    }

    /// How much a pointer must save, in bytes, to replace a block.
    public static let minimumSaving = 40

    public init() {}

    public var name: String { "scaffolding" }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let earlierChanges = EarlierChanges(earlier)
        // By the block's hash; a hit is confirmed byte for byte.
        var firstCopies: [UInt64: [(view: SegmentView, range: Range<Int>)]] = [:]
        var edits: [Edit] = []
        for segment in request.conversation.segments where segment.mayHoldToolOutput {
            guard let value = segment.text, let content = value.stringContentSpan,
                  Self.blocks.contains(where: { value.document.bytes[content].contains(marker: Array($0.open.utf8)) }) || value.hasUnicodeEscapes,
                  let view = earlierChanges.view(of: segment, in: request) else { continue }
            var replacements: [(range: Range<Int>, text: [UInt8], keeps: Range<Int>, target: String)] = []
            // A file's text is the file's, even where it reads like a block.
            let kept = view.regions.filter(\.kind.keepsItsBytes).map(\.range)
            for (block, name) in Self.blocks(in: view.text) where !kept.contains(where: { $0.overlaps(block) }) {
                let key = view.text.withUnsafeBufferPointer { ContentHash.of(UnsafeBufferPointer(rebasing: $0[block])) }
                guard let first = firstCopies[key]?.first(where: { $0.view.text[$0.range].elementsEqual(view.text[block]) }) else {
                    firstCopies[key, default: []].append((view, block))
                    continue
                }
                let pointer = Stub.sameBlock(name, inMessage: first.view.segment.message)
                guard block.count - pointer.utf8.count >= Self.minimumSaving, let original = view.original(of: block),
                      let kept = first.view.original(of: first.range, widening: true),
                      let keeps = first.view.segment.text.flatMap({ StringEditor.rawRanges(of: [kept], in: $0, map: first.view.analysis.map).first })
                else { continue }
                replacements.append((original, Array(pointer.utf8), keeps, first.view.segment.location))
            }
            let made = StringEditor.changes(in: value, replacing: replacements.map { ($0.range, $0.text) }, map: view.analysis.map)
            for (change, replacement) in zip(made, replacements) {
                edits.append(Edit([change], in: segment, stage: name, action: "same-as", target: replacement.target, keeps: replacement.keeps))
            }
        }
        return edits
    }

    /// The whole blocks of a text, in order: an opening tag at a line's
    /// start to the first closing tag after it, holding no pointer (a
    /// pointer is never a first copy; other stubs, a folded listing's, may
    /// be in one).
    static func blocks(in text: [UInt8]) -> [(Range<Int>, String)] {
        var found: [(Range<Int>, String)] = []
        for (open, close, name) in blocks {
            var from = 0
            while let start = text.offset(of: open, from: from) {
                from = start + open.utf8.count
                guard start == 0 || text[start - 1] == UInt8(ascii: "\n"), let end = text.offset(of: close, from: from) else { continue }
                let block = start..<end + close.utf8.count
                from = block.upperBound
                guard !Stub.holdsPointer(text, in: block) else { continue }
                found.append((block, name))
            }
        }
        // One kind inside another (a reminder quoted in the details) keeps the outer.
        var kept: [(Range<Int>, String)] = []
        for block in found.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) where !(kept.last.map { $0.0.overlaps(block.0) } ?? false) {
            kept.append(block)
        }
        return kept
    }
}
