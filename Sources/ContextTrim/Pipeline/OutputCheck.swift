/// Checks the splices of a request before they are applied (DESIGN.md
/// invariants 1 and 2). Stages may only replace text inside strings, so the
/// output is valid JSON of the input's exact shape if, and only if, every
/// splice lies within the content of one string, its replacement is valid
/// string content, no two splices overlap, and no string with text is left
/// empty; and since a bound inside a multi-byte character or an escape would
/// leave broken UTF-8 or a changed escape behind, every bound must fall on a
/// character's boundary, in the JSON text and in what it stands for. Checking
/// those costs only the size of the replacements.
enum OutputCheck {
    /// A description of what is wrong with the edits, or nil when they are
    /// sound: how they combine (`EditPlan`); the splices written; that each
    /// lies inside one of the `editable` strings (tool output and user turns:
    /// never a tool call, the instructions or thinking); that text is
    /// replaced, never only inserted into; and that no splice of a pointer's
    /// stage or a later one touches the text it refers to (the earlier
    /// stages' splices there are the text it saw).
    static func problem(in plan: EditPlan, of document: JSONDocument, editable: [Range<Int>]) -> String? {
        let edits = plan.edits
        if let problem = edits.lazy.compactMap({ $0.markup?.problem(in: document) }).first { return problem }
        if let problem = plan.problem { return problem }
        let written = plan.written
        let textSplices = written.filter { edits[$0.edit].markup == nil }.map(\.splice)
        if let problem = problem(in: textSplices, of: document) { return problem }
        if let problem = insertionsProblem(written.filter { edits[$0.edit].markup != nil }.map(\.splice), besides: textSplices) { return problem }
        let spans = editable.sorted { $0.lowerBound < $1.lowerBound }
        for (edit, splice) in plan.textSplices {
            let range = splice.range
            guard !range.isEmpty else { return "an edit at byte \(range.lowerBound) inserts into a string without replacing anything" }
            let index = spans.partitioningIndex { $0.lowerBound > range.lowerBound } - 1
            guard index >= 0, spans[index].contains(range.lowerBound) || spans[index].upperBound == range.lowerBound,
                  range.upperBound <= spans[index].upperBound else {
                return "an edit at byte \(range.lowerBound) (\(edits[edit].record.stage)) changes a segment no stage may change"
            }
        }
        // Both lists sorted: one sweep finds any edit that overlaps kept text.
        let kept = edits.indices.compactMap { index in edits[index].keeps.map { (range: $0, stage: plan.stageOfEdit[index]) } }
            .sorted { $0.range.lowerBound < $1.range.lowerBound }
        var k = 0
        for (edit, splice) in written {
            let range = splice.range
            while k < kept.count && kept[k].range.upperBound <= range.lowerBound && !(range.isEmpty && kept[k].range.contains(range.lowerBound)) { k += 1 }
            var j = k
            while j < kept.count && kept[j].range.lowerBound < max(range.upperBound, range.lowerBound + 1) {
                let touches = kept[j].range.overlaps(range) || (range.isEmpty && kept[j].range.contains(range.lowerBound))
                if touches && plan.stageOfEdit[edit] >= kept[j].stage {
                    return "an edit at byte \(range.lowerBound) changes text a pointer refers to (bytes \(kept[j].range.lowerBound)-\(kept[j].range.upperBound))"
                }
                j += 1
            }
        }
        return nil
    }

    /// Markup only inserts, outside strings; two insertions at one place
    /// would leave their order to chance, and one inside a replaced range
    /// would be lost.
    private static func insertionsProblem(_ insertions: [Splice], besides replacements: [Splice]) -> String? {
        let positions = insertions.map(\.range.lowerBound).sorted()
        if let repeated = zip(positions, positions.dropFirst()).first(where: { $0 == $1 }) {
            return "two markups insert at byte \(repeated.0)"
        }
        for insertion in insertions {
            guard insertion.range.isEmpty else { return "a markup at byte \(insertion.range.lowerBound) replaces bytes" }
            if replacements.contains(where: { $0.range.lowerBound <= insertion.range.lowerBound && insertion.range.lowerBound < $0.range.upperBound }) {
                return "a markup at byte \(insertion.range.lowerBound) falls inside an edit"
            }
        }
        return nil
    }

    /// A description of what is wrong, or nil when the splices are sound.
    static func problem(in splices: [Splice], of document: JSONDocument) -> String? {
        let ordered = splices.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var previousEnd = 0
        var removedFrom: [Int: Int] = [:]
        // Splices come in order, many to one string (a gutter's, one a line): the last string found is tried first.
        var content: Range<Int>?
        for splice in ordered {
            guard splice.range.lowerBound >= previousEnd else { return "two edits overlap at byte \(splice.range.lowerBound)" }
            previousEnd = splice.range.upperBound
            if content.map({ $0.lowerBound > splice.range.lowerBound || splice.range.upperBound > $0.upperBound }) ?? true {
                content = document.string(containing: splice.range)?.stringContentSpan
            }
            guard let content else { return "an edit at byte \(splice.range.lowerBound) is not inside a string" }
            for bound in [splice.range.lowerBound, splice.range.upperBound] {
                if document.bytes[bound] & 0xC0 == 0x80 { return "an edit at byte \(bound) cuts a UTF-8 character" }
                if cutsAnEscape(at: bound, in: content, document.bytes) { return "an edit at byte \(bound) cuts an escape" }
            }
            // ASCII that stands for itself needs no scan; anything else (UTF-8, escapes) is scanned as a string.
            guard splice.replacement.allSatisfy({ $0 < 0x80 && JSONStringCodec.standsForItself($0) })
                    || (try? JSONScanner.scan([UInt8(ascii: "\"")] + splice.replacement + [UInt8(ascii: "\"")]))?.root.kind == .string else {
                return "an edit at byte \(splice.range.lowerBound) is not valid string content"
            }
            removedFrom[content.lowerBound, default: content.count] += splice.replacement.count - splice.range.count
        }
        if let emptied = removedFrom.filter({ $0.value <= 0 }).keys.min() {
            return "the string at byte \(emptied - 1) would become empty"
        }
        return nil
    }

    /// Whether `bound` falls inside an escape (`\n`, `\u00e9`) of the string
    /// content `content`, or between the two halves of a surrogate pair
    /// (`\ud83d\ude00`), which apart stand for no character.
    private static func cutsAnEscape(at bound: Int, in content: Range<Int>, _ bytes: [UInt8]) -> Bool {
        guard let start = escapeStart(before: bound, in: content, bytes) else { return false }
        let length = bytes[start + 1] == UInt8(ascii: "u") ? 6 : 2
        if bound < start + length { return true }
        return bound == start + 6 && bound + 6 <= content.upperBound
            && surrogate(at: start, bytes) == 0xD8 && surrogate(at: bound, bytes) == 0xDC
    }

    /// The start of the escape that holds the byte before `bound`, or ends
    /// at it; nil when no escape starts in the five bytes before it. A
    /// backslash starts an escape when the backslashes before it pair up.
    private static func escapeStart(before bound: Int, in content: Range<Int>, _ bytes: [UInt8]) -> Int? {
        let backslash = UInt8(ascii: "\\")
        var start = bound - 1
        while start >= max(content.lowerBound, bound - 6) {
            if bytes[start] == backslash {
                var before = start
                while before > content.lowerBound && bytes[before - 1] == backslash { before -= 1 }
                // An odd run: this backslash is the second byte of `\\`.
                return (start - before) % 2 == 0 ? start : start - 1
            }
            start -= 1
        }
        return nil
    }

    /// 0xD8 for a `\uD800`-`\uDBFF` escape at `start`, 0xDC for `\uDC00`-`\uDFFF`, else nil.
    private static func surrogate(at start: Int, _ bytes: [UInt8]) -> UInt8? {
        guard bytes[start] == UInt8(ascii: "\\"), bytes[start + 1] == UInt8(ascii: "u"),
              bytes[start + 2] | 0x20 == UInt8(ascii: "d") else { return nil }
        switch bytes[start + 3] | 0x20 {
        case UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b"): return 0xD8
        case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "f"): return 0xDC
        default: return nil
        }
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for an array
    /// partitioned so that it holds for a suffix (binary search).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
