/// Turns replacements expressed on a string's decoded text into splices of
/// the raw document, so that everything around them keeps its exact escapes.
enum StringEditor {
    /// Splices replacing each decoded range of `value` (a JSON string) with
    /// its text, in the order the replacements are given. Ranges must not
    /// overlap. `map`, from decoding the string, spares most of the walk.
    static func splices(in value: JSONValue, replacing replacements: [(range: Range<Int>, text: String)], map: RawOffsetMap? = nil) -> [Splice] {
        let raw = rawRanges(of: replacements.map(\.range), in: value, map: map)
        return zip(raw, replacements).map { range, replacement in
            var text = replacement.text
            return Splice(range: range, replacement: text.withUTF8 { JSONStringCodec.encode($0) })
        }
    }

    /// The same, with each replacement as a decoded change beside its splice:
    /// what a text `Edit` holds.
    static func changes(in value: JSONValue, replacing replacements: [(range: Range<Int>, text: [UInt8])], map: RawOffsetMap? = nil) -> [(change: TextChange, splice: Splice)] {
        let raw = rawRanges(of: replacements.map(\.range), in: value, map: map)
        return zip(raw, replacements).map { range, replacement in
            (TextChange(range: replacement.range, replacement: replacement.text), Splice(range: range, replacement: JSONStringCodec.encode(replacement.text)))
        }
    }

    /// The raw document ranges of decoded ranges of `value` (a JSON string),
    /// in the order given, found in one walk of the string (or, with a `map`,
    /// a walk from the line feed before each).
    static func rawRanges(of ranges: [Range<Int>], in value: JSONValue, map: RawOffsetMap? = nil) -> [Range<Int>] {
        guard let content = value.stringContentSpan, !ranges.isEmpty else { return [] }
        let bounds = ranges.flatMap { [$0.lowerBound, $0.upperBound] }
        let order = bounds.indices.sorted { bounds[$0] < bounds[$1] }
        let raw = JSONStringCodec.rawOffsets(in: value.document.bytes[content], hasEscapes: value.hasEscapes,
                                             decodedOffsets: order.map { bounds[$0] }, map: map)
        var mapped = [Int](repeating: 0, count: bounds.count)
        for (position, index) in order.enumerated() { mapped[index] = raw[position] }
        return ranges.indices.map { mapped[2 * $0]..<mapped[2 * $0 + 1] }
    }
}
