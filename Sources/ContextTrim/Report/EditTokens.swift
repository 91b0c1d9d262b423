import Dispatch

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
    /// which adds no text the model reads). With `parallel`, the texts are
    /// counted on every core (`Trimmer` does so for a report of its own; a
    /// server counting off its request path keeps to its one thread).
    static func count(_ plan: EditPlan, in document: JSONDocument, counter: any TokenCounting, parallel: Bool = false)
        -> [(before: Int, after: Int)?] {
        let bytes = document.bytes
        let edits = plan.edits
        let counted = edits.indices.filter { edits[$0].markup == nil }
        let editCounts = map(counted, parallel: parallel) { index -> (before: Int, after: Int) in
            let extent = edits[index].extent
            let before = Splicer.apply(rebased(plan.absorbed[index], to: extent.lowerBound), to: Array(bytes[extent]))
            let after = Splicer.apply(rebased(edits[index].splices, to: extent.lowerBound), to: Array(bytes[extent]))
            return (counter.count(JSONStringCodec.decode(before[...], hasEscapes: true)),
                    counter.count(JSONStringCodec.decode(after[...], hasEscapes: true)))
        }
        var counts = [(before: Int, after: Int)?](repeating: nil, count: edits.count)
        var editsByString: [Int: (string: JSONValue, edits: [Int])] = [:]
        for (index, tokens) in zip(counted, editCounts) {
            counts[index] = tokens
            guard let string = document.string(containing: edits[index].extent) else { continue }
            editsByString[string.span.lowerBound, default: (string, [])].edits.append(index)
        }
        var writtenByString: [Int: [Splice]] = [:]
        for (edit, splice) in plan.written where edits[edit].markup == nil {
            guard let string = document.string(containing: splice.range) else { continue }
            writtenByString[string.span.lowerBound, default: []].append(splice)
        }
        let strings = editsByString.sorted { $0.key < $1.key }.map(\.value)
        let written = writtenByString
        let stringCounts = map(strings.indices, parallel: parallel) { position -> (before: Int, after: Int)? in
            let string = strings[position].string
            guard let content = string.stringContentSpan else { return nil }
            let splices = rebased(written[string.span.lowerBound] ?? [], to: content.lowerBound)
            return (counter.count(JSONStringCodec.decode(bytes[content], hasEscapes: true)),
                    counter.count(JSONStringCodec.decode(Splicer.apply(splices, to: Array(bytes[content]))[...], hasEscapes: true)))
        }
        for ((_, indices), whole) in zip(strings, stringCounts) {
            guard let (before, after) = whole else { continue }
            func saved(_ index: Int) -> Int { counts[index]!.before - counts[index]!.after }
            let difference = (before - after) - indices.reduce(0) { $0 + saved($1) }
            guard difference != 0, let largest = indices.max(by: { (saved($0), $1) < (saved($1), $0) }) else { continue }
            counts[largest]!.after -= difference
        }
        return counts
    }

    /// `transform` of each element, in order; on every core with `parallel`.
    private static func map<Element: Sendable, Value>(_ elements: some Collection<Element>, parallel: Bool,
                                                      _ transform: @Sendable (Element) -> Value) -> [Value] {
        let elements = Array(elements)
        guard parallel, elements.count > 1 else { return elements.map(transform) }
        return [Value](unsafeUninitializedCapacity: elements.count) { values, initialized in
            // Each iteration writes its own element, and the call returns only when all have.
            nonisolated(unsafe) let base = values.baseAddress!
            DispatchQueue.concurrentPerform(iterations: elements.count) { index in
                (base + index).initialize(to: transform(elements[index]))
            }
            initialized = elements.count
        }
    }

    /// `splices` with their ranges counted from `origin`.
    private static func rebased(_ splices: [Splice], to origin: Int) -> [Splice] {
        splices.map { Splice(range: $0.range.lowerBound - origin..<$0.range.upperBound - origin, replacement: $0.replacement) }
    }
}
