/// Checks trimmed output before it is written (DESIGN.md invariants 1 and 2):
/// it must be valid JSON of the same format, with the same segments in the
/// same places, every tool call still answered, and no text emptied.
enum OutputCheck {
    /// A description of what is wrong, or nil when the output is sound.
    static func problem(in output: [UInt8], comparedTo original: Conversation) -> String? {
        guard output != original.document.bytes else { return nil }
        let document: JSONDocument
        do {
            document = try JSONScanner.scan(output)
        } catch {
            return error.description
        }
        let adapter = FormatDetector.adapter(for: original.format)
        let trimmed = adapter.conversation(of: document)
        guard trimmed.segments.count == original.segments.count else { return "the segment count changed" }
        for (before, after) in zip(original.segments, trimmed.segments) {
            guard before.location == after.location, before.kind == after.kind, before.callID == after.callID else {
                return "segment \(before.location) changed shape"
            }
            if let text = after.text, text.stringContentSpan?.isEmpty == true, before.text?.stringContentSpan?.isEmpty == false {
                return "segment \(before.location) became empty"
            }
        }
        return nil
    }
}
