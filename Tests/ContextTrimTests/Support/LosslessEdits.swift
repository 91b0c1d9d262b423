/// An independent account of how a trimmed string may differ from the
/// original, written from DESIGN.md rather than from the stages' code: its
/// lines that are not stubs stand, in order, among the original's lines,
/// each as it was or transformed without loss (a line-number gutter's
/// padding removed). Without a stub, no line may be missing.
enum LosslessEdits {
    static func explain(_ original: String, _ trimmed: String) -> Bool {
        let before = original.split(separator: "\n", omittingEmptySubsequences: false)
        let after = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        let hasStub = trimmed.contains("[ctxtrim: ")
        var position = 0
        for line in after where !line.contains("[ctxtrim: ") {
            guard let found = before[position...].firstIndex(where: { same($0, line) }) else { return false }
            if !hasStub && found != position { return false }
            position = found + 1
        }
        return hasStub || position == before.count
    }

    /// Whether `trimmed` is `line`, or `line` with the spaces before a gutter's number removed.
    static func same(_ line: Substring, _ trimmed: Substring) -> Bool {
        line == trimmed || unpadded(line) == trimmed
    }

    /// A line without the spaces before a line number and its separator (`→`, a tab, ` | `).
    static func unpadded(_ line: Substring) -> Substring {
        let digits = line.drop { $0 == " " }
        guard digits.count < line.count, let first = digits.first, first.isASCII, first.isNumber else { return line }
        let rest = digits.drop { $0.isASCII && $0.isNumber }
        guard rest.hasPrefix("→") || rest.hasPrefix("\t") || rest.hasPrefix(" | ") else { return line }
        return digits
    }
}
