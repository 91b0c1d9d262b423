/// Checks trimmed output before it is written (DESIGN.md invariants 1 and 2):
/// it must be valid JSON with exactly the shape of the input (the same
/// values of the same kinds in the same order: stages only replace text
/// inside strings), and no string that had text may have become empty.
enum OutputCheck {
    /// A description of what is wrong, or nil when the output is sound.
    static func problem(in output: [UInt8], comparedTo original: JSONDocument) -> String? {
        guard output.count != original.bytes.count || output != original.bytes else { return nil }
        let trimmed: JSONDocument
        do {
            trimmed = try JSONScanner.scan(output)
        } catch {
            return error.description
        }
        guard trimmed.nodes.count == original.nodes.count else { return "the number of JSON values changed" }
        for (before, after) in zip(original.nodes, trimmed.nodes) {
            guard before.kind == after.kind, before.next == after.next else {
                return "the JSON value at byte \(after.start) changed shape"
            }
            if before.kind == .string && before.end - before.start > 2 && after.end - after.start == 2 {
                return "the string at byte \(after.start) became empty"
            }
        }
        return nil
    }
}
