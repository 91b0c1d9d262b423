/// Turns replacements expressed on a string's decoded text into splices of
/// the raw document, so that everything around them keeps its exact escapes.
enum StringEditor {
    /// Splices replacing each decoded range of `value` (a JSON string) with
    /// its text. Ranges must not overlap.
    /// `decodedCount` is the length of the decoded text, when known.
    static func splices(in value: JSONValue, replacing replacements: [(range: Range<Int>, text: String)], decodedCount: Int? = nil) -> [Splice] {
        guard let content = value.stringContentSpan, !replacements.isEmpty else { return [] }
        let ordered = replacements.sorted { $0.range.lowerBound < $1.range.lowerBound }
        let bounds = ordered.flatMap { [$0.range.lowerBound, $0.range.upperBound] }
        let raw = JSONStringCodec.rawOffsets(in: value.document.bytes[content], hasEscapes: value.hasEscapes, decodedOffsets: bounds, decodedCount: decodedCount)
        return ordered.enumerated().map { index, replacement in
            Splice(range: raw[2 * index]..<raw[2 * index + 1], replacement: JSONStringCodec.encode(Array(replacement.text.utf8)))
        }
    }
}
