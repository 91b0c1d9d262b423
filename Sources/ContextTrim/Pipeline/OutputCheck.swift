/// Checks the splices of a request before they are applied (DESIGN.md
/// invariants 1 and 2). Stages may only replace text inside strings, so the
/// output is valid JSON of the input's exact shape if, and only if, every
/// splice lies within the content of one string, its replacement is valid
/// string content, no two splices overlap, and no string with text is left
/// empty. Checking those is as strong as rescanning the output, and costs
/// only the size of the replacements.
enum OutputCheck {
    /// A description of what is wrong, or nil when the splices are sound.
    static func problem(in splices: [Splice], of document: JSONDocument) -> String? {
        let ordered = splices.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var previousEnd = 0
        var removedFrom: [Int: Int] = [:]
        for splice in ordered {
            guard splice.range.lowerBound >= previousEnd else { return "two edits overlap at byte \(splice.range.lowerBound)" }
            previousEnd = splice.range.upperBound
            guard let string = document.string(containing: splice.range), let content = string.stringContentSpan else {
                return "an edit at byte \(splice.range.lowerBound) is not inside a string"
            }
            guard (try? JSONScanner.scan([UInt8(ascii: "\"")] + splice.replacement + [UInt8(ascii: "\"")]))?.root.kind == .string else {
                return "an edit at byte \(splice.range.lowerBound) is not valid string content"
            }
            removedFrom[content.lowerBound, default: content.count] += splice.replacement.count - splice.range.count
        }
        if let emptied = removedFrom.first(where: { $0.value <= 0 }) {
            return "the string at byte \(emptied.key - 1) would become empty"
        }
        return nil
    }
}
