/// Each edit's tokens before and after, counted so that the edits' savings
/// add up exactly to the request's tokens before less its tokens after.
///
/// A tokenizer does not split text at an edit's edges the way the edit does,
/// so an edit's own text, counted alone, can differ by a token or two from
/// what it changes in its string's count. The model reads each string of the
/// request on its own (`ReadText`), so the exact saving of the edits inside
/// one string is that string's tokens before less after; each edit keeps its
/// own count, and the difference, if any, goes to the edit of the string that
/// saved the most.
enum EditTokens {
    /// Tokens before and after for each edit of `edits` (nil for markup,
    /// which adds no text the model reads).
    static func count(_ edits: [Edit], in document: JSONDocument, counter: any TokenCounting) -> [(before: Int, after: Int)?] {
        let bytes = document.bytes
        var counts = [(before: Int, after: Int)?](repeating: nil, count: edits.count)
        var editsByString: [Int: (string: JSONValue, edits: [Int])] = [:]
        for (index, edit) in edits.enumerated() where edit.markup == nil {
            counts[index] = (counter.count(JSONStringCodec.decode(bytes[edit.splice.range], hasEscapes: true)),
                             counter.count(JSONStringCodec.decode(edit.splice.replacement[...], hasEscapes: true)))
            guard let string = document.string(containing: edit.splice.range) else { continue }
            editsByString[string.span.lowerBound, default: (string, [])].edits.append(index)
        }
        for (string, indices) in editsByString.values {
            guard let content = string.stringContentSpan else { continue }
            let rebased = indices.map { index in
                let splice = edits[index].splice
                return Splice(range: splice.range.lowerBound - content.lowerBound..<splice.range.upperBound - content.lowerBound,
                              replacement: splice.replacement)
            }
            let before = counter.count(JSONStringCodec.decode(bytes[content], hasEscapes: true))
            let after = counter.count(JSONStringCodec.decode(Splicer.apply(rebased, to: Array(bytes[content]))[...], hasEscapes: true))
            func saved(_ index: Int) -> Int { counts[index]!.before - counts[index]!.after }
            let difference = (before - after) - indices.reduce(0) { $0 + saved($1) }
            guard difference != 0, let largest = indices.max(by: { (saved($0), $1) < (saved($1), $0) }) else { continue }
            counts[largest]!.after -= difference
        }
        return counts
    }
}
