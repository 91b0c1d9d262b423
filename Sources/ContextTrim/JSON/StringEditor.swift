/// Turns replacements expressed on a string's decoded text into splices of
/// the raw document, so that everything around them keeps its exact escapes.
enum StringEditor {
    /// Splices replacing each decoded range of `value` (a JSON string) with
    /// its text, in the order the replacements are given. Ranges must not
    /// overlap. `decodedCount` is the length of the decoded text, when known.
    static func splices(in value: JSONValue, replacing replacements: [(range: Range<Int>, text: String)], decodedCount: Int? = nil) -> [Splice] {
        guard let content = value.stringContentSpan, !replacements.isEmpty else { return [] }
        // Raw offsets are found in one walk, so the bounds go in ascending order.
        let order = replacements.indices.sorted { replacements[$0].range.lowerBound < replacements[$1].range.lowerBound }
        let bounds = order.flatMap { [replacements[$0].range.lowerBound, replacements[$0].range.upperBound] }
        let raw = JSONStringCodec.rawOffsets(in: value.document.bytes[content], hasEscapes: value.hasEscapes,
                                             decodedOffsets: bounds, decodedCount: decodedCount)
        var splices = [Splice?](repeating: nil, count: replacements.count)
        for (position, index) in order.enumerated() {
            let replacement = JSONStringCodec.encode(Array(replacements[index].text.utf8))
            splices[index] = Splice(range: raw[2 * position]..<raw[2 * position + 1], replacement: replacement)
        }
        return splices.map { $0! }
    }
}
