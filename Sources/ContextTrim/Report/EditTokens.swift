/// Each edit's tokens before and after, counted so that the edits' savings
/// add up exactly to the request's tokens before less its tokens after.
///
/// An edit is counted over its extent (its first splice's start to its last
/// one's end), before as its stage saw that text (with the earlier splices
/// it absorbed applied) and after with its own splices applied. A tokenizer
/// does not split text at an edit's edges the way the edit does, so these
/// counts can differ by a token or two from what the edits change in their
/// string's count. The model reads each string of the request on its own
/// (`ReadText`), so the exact saving of the edits inside one string is that
/// string's tokens before less after; each edit keeps its own count, and the
/// difference, if any, goes to the edit of the string that saved the most.
enum EditTokens {
    /// Tokens before and after for each edit of the plan (nil for markup,
    /// which adds no text the model reads).
    static func count(_ plan: EditPlan, in document: JSONDocument, counter: any TokenCounting) -> [(before: Int, after: Int)?] {
        let bytes = document.bytes
        let edits = plan.edits
        var counts = [(before: Int, after: Int)?](repeating: nil, count: edits.count)
        var editsByString: [Int: (string: JSONValue, edits: [Int])] = [:]
        for (index, edit) in edits.enumerated() where edit.markup == nil {
            let extent = edit.extent
            let before = Splicer.apply(rebased(plan.absorbed[index], to: extent.lowerBound), to: Array(bytes[extent]))
            let after = Splicer.apply(rebased(edit.splices, to: extent.lowerBound), to: Array(bytes[extent]))
            counts[index] = (counter.count(JSONStringCodec.decode(before[...], hasEscapes: true)),
                             counter.count(JSONStringCodec.decode(after[...], hasEscapes: true)))
            guard let string = document.string(containing: extent) else { continue }
            editsByString[string.span.lowerBound, default: (string, [])].edits.append(index)
        }
        var writtenByString: [Int: [Splice]] = [:]
        for (edit, splice) in plan.written where edits[edit].markup == nil {
            guard let string = document.string(containing: splice.range) else { continue }
            writtenByString[string.span.lowerBound, default: []].append(splice)
        }
        for (start, (string, indices)) in editsByString {
            guard let content = string.stringContentSpan else { continue }
            let written = rebased(writtenByString[start] ?? [], to: content.lowerBound)
            let before = counter.count(JSONStringCodec.decode(bytes[content], hasEscapes: true))
            let after = counter.count(JSONStringCodec.decode(Splicer.apply(written, to: Array(bytes[content]))[...], hasEscapes: true))
            func saved(_ index: Int) -> Int { counts[index]!.before - counts[index]!.after }
            let difference = (before - after) - indices.reduce(0) { $0 + saved($1) }
            guard difference != 0, let largest = indices.max(by: { (saved($0), $1) < (saved($1), $0) }) else { continue }
            counts[largest]!.after -= difference
        }
        return counts
    }

    /// `splices` with their ranges counted from `origin`.
    private static func rebased(_ splices: [Splice], to origin: Int) -> [Splice] {
        splices.map { Splice(range: $0.range.lowerBound - origin..<$0.range.upperBound - origin, replacement: $0.replacement) }
    }
}
