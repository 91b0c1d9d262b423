/// Checks the splices of a request before they are applied (DESIGN.md
/// invariants 1 and 2). Stages may only replace text inside strings, so the
/// output is valid JSON of the input's exact shape if, and only if, every
/// splice lies within the content of one string, its replacement is valid
/// string content, no two splices overlap, and no string with text is left
/// empty; and since a bound inside a multi-byte character would leave broken
/// UTF-8 behind, every bound must fall on a character boundary. Checking
/// those costs only the size of the replacements.
enum OutputCheck {
    /// A description of what is wrong with the edits, or nil when they are
    /// sound: their splices, and that no splice touches text a pointer refers to.
    static func problem(in edits: [Edit], of document: JSONDocument) -> String? {
        if let problem = problem(in: edits.map(\.splice), of: document) { return problem }
        let kept = edits.compactMap(\.keeps).sorted { $0.lowerBound < $1.lowerBound }
        for edit in edits {
            let range = edit.splice.range
            if let target = kept.first(where: { $0.overlaps(range) || (range.isEmpty && $0.contains(range.lowerBound)) }) {
                return "an edit at byte \(range.lowerBound) changes text a pointer refers to (bytes \(target.lowerBound)-\(target.upperBound))"
            }
        }
        return nil
    }

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
            for bound in [splice.range.lowerBound, splice.range.upperBound] where document.bytes[bound] & 0xC0 == 0x80 {
                return "an edit at byte \(bound) cuts a UTF-8 character"
            }
            guard (try? JSONScanner.scan([UInt8(ascii: "\"")] + splice.replacement + [UInt8(ascii: "\"")]))?.root.kind == .string else {
                return "an edit at byte \(splice.range.lowerBound) is not valid string content"
            }
            removedFrom[content.lowerBound, default: content.count] += splice.replacement.count - splice.range.count
        }
        if let emptied = removedFrom.filter({ $0.value <= 0 }).keys.min() {
            return "the string at byte \(emptied - 1) would become empty"
        }
        return nil
    }
}
