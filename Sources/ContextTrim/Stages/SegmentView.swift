/// One segment's text as the stages before the current one left it, so that
/// stages compose: dedup compares files as the gutter stage unpadded them,
/// and two results the ignore rules folded alike are alike.
///
/// Offsets into `text` and `regions` are *current*; edits are made in the
/// *original* decoded offsets of the segment's text as read, which
/// `original(of:)` gives. A current range maps back only if it holds earlier
/// changes whole (the new edit then absorbs them); one that cuts an earlier
/// change has no original range.
public struct SegmentView: Sendable {
    public let segment: Segment
    /// The segment's text as read, with its regions and raw offset map.
    public let analysis: SegmentAnalysis
    /// The text as the earlier stages left it.
    public let text: [UInt8]
    /// The recognized regions, in current offsets.
    public let regions: [ContentRegion]
    /// The earlier changes in force, ascending.
    private let changes: [Placed]

    /// An earlier change: what it replaced in the text as read, and where its
    /// replacement stands in the current text.
    private struct Placed: Sendable {
        let original: Range<Int>
        let current: Range<Int>
    }

    /// `changes`: the earlier stages' changes to the segment in force (none
    /// inside another), ascending.
    init(segment: Segment, analysis: SegmentAnalysis, changes: [TextChange]) {
        self.segment = segment
        self.analysis = analysis
        guard !changes.isEmpty else {
            text = analysis.text
            regions = analysis.regions
            self.changes = []
            return
        }
        var text: [UInt8] = []
        text.reserveCapacity(analysis.text.count)
        var placed: [Placed] = []
        placed.reserveCapacity(changes.count)
        var position = 0
        for change in changes {
            text += analysis.text[position..<change.range.lowerBound]
            let start = text.count
            text += change.replacement
            placed.append(Placed(original: change.range, current: start..<text.count))
            position = change.range.upperBound
        }
        text += analysis.text[position...]
        self.text = text
        self.changes = placed
        regions = analysis.regions.compactMap { region in
            var moved = region
            moved.range = Self.current(ofLower: region.range.lowerBound, placed)..<Self.current(ofUpper: region.range.upperBound, placed)
            return moved.range.isEmpty ? nil : moved
        }
    }

    /// Whether an earlier stage changed the text.
    public var isChanged: Bool { !changes.isEmpty }

    /// The original range of a current range that holds earlier changes
    /// whole, or nil when it cuts one. `widening` instead widens it to the
    /// changes it cuts (for text that must stay, where wider is safer).
    public func original(of range: Range<Int>, widening: Bool = false) -> Range<Int>? {
        guard !changes.isEmpty else { return range }
        guard let lower = originalLower(range.lowerBound, widening: widening),
              let upper = originalUpper(range.upperBound, widening: widening), lower <= upper else { return nil }
        return lower..<upper
    }

    /// A lower bound takes in a change that starts at it (the leftmost original offset).
    private func originalLower(_ offset: Int, widening: Bool) -> Int? {
        let index = changes.partitioningIndex { $0.current.upperBound >= offset }
        guard index < changes.count else { return offset - changes[changes.count - 1].current.upperBound + changes[changes.count - 1].original.upperBound }
        let change = changes[index]
        if change.current.lowerBound == offset { return change.original.lowerBound }
        if change.current.lowerBound > offset { return change.original.lowerBound - (change.current.lowerBound - offset) }
        if change.current.upperBound == offset { return change.original.upperBound }
        return widening ? change.original.lowerBound : nil
    }

    /// An upper bound takes in a change that ends at it (the rightmost original offset).
    private func originalUpper(_ offset: Int, widening: Bool) -> Int? {
        let index = changes.partitioningIndex { $0.current.lowerBound > offset } - 1
        guard index >= 0 else { return offset }
        let change = changes[index]
        if change.current.upperBound == offset { return change.original.upperBound }
        if change.current.upperBound < offset { return offset - change.current.upperBound + change.original.upperBound }
        if change.current.lowerBound == offset { return change.original.lowerBound }
        return widening ? change.original.upperBound : nil
    }

    /// Where an original lower bound stands now: a change it falls in or starts is taken in whole.
    private static func current(ofLower offset: Int, _ changes: [Placed]) -> Int {
        let index = changes.partitioningIndex { $0.original.upperBound > offset }
        guard index < changes.count else {
            guard let last = changes.last else { return offset }
            return offset - last.original.upperBound + last.current.upperBound
        }
        let change = changes[index]
        if change.original.lowerBound <= offset { return change.current.lowerBound }
        return change.current.lowerBound - (change.original.lowerBound - offset)
    }

    /// Where an original upper bound stands now: a change it falls in or ends is taken in whole.
    private static func current(ofUpper offset: Int, _ changes: [Placed]) -> Int {
        let index = changes.partitioningIndex { $0.original.lowerBound >= offset } - 1
        guard index >= 0 else { return offset }
        let change = changes[index]
        if offset <= change.original.upperBound { return change.current.upperBound }
        return offset - change.original.upperBound + change.current.upperBound
    }
}

/// The text changes of the stages run so far, by segment, with those a later
/// stage absorbed left out: what `SegmentView`s are made of.
public struct EarlierChanges: Sendable {
    private let bySegment: [Int: [TextChange]]

    public init(_ edits: [Edit]) {
        var grouped: [Int: [TextChange]] = [:]
        // Stage order: a later change that holds an earlier one replaces it.
        for edit in edits {
            guard let text = edit.text else { continue }
            grouped[text.segment, default: []] += text.changes
        }
        bySegment = grouped.mapValues(Self.inForce)
    }

    /// The changes not held by another, ascending. Of two equal ranges the
    /// later (a later stage's) wins; a range that only partly overlaps
    /// another cannot be placed and leaves the segment as read (the output
    /// check refuses such edits anyway).
    private static func inForce(_ changes: [TextChange]) -> [TextChange] {
        let order = changes.indices.sorted { a, b in
            let x = changes[a].range, y = changes[b].range
            if x.lowerBound != y.lowerBound { return x.lowerBound < y.lowerBound }
            if x.upperBound != y.upperBound { return x.upperBound > y.upperBound }
            return a > b
        }
        var kept: [TextChange] = []
        for index in order {
            let change = changes[index]
            if let last = kept.last, change.range.upperBound <= last.range.upperBound { continue }
            if let last = kept.last, change.range.lowerBound < last.range.upperBound { return [] }
            kept.append(change)
        }
        return kept
    }

    /// The view of `segment` after these changes, or nil when its text is not analysable.
    public func view(of segment: Segment, in request: TrimRequest) -> SegmentView? {
        guard let analysis = request.analysis(of: segment) else { return nil }
        return SegmentView(segment: segment, analysis: analysis, changes: bySegment[segment.index] ?? [])
    }

    /// Whether an earlier stage changed `segment`.
    public func changed(_ segment: Segment) -> Bool { bySegment[segment.index] != nil }
}
