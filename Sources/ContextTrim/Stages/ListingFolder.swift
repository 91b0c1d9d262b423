/// Folds the lines of a listing that stand below an ignored directory into
/// one stub line per run, keeping the directory's own line and every line
/// outside ignored directories (an ignored *file's* name costs little and
/// tells the model it exists).
struct ListingFolder {
    struct Fold {
        let range: Range<Int>
        let replacement: String
        let directory: String
        let decision: IgnoreDecision
    }

    let resolver: PathResolver
    let cache: DecisionCache

    func folds(in text: [UInt8], region: ContentRegion, style: ListingStyle, base: String?) -> [Fold] {
        var folds: [Fold] = []
        var run: (directory: String, display: String, decision: IgnoreDecision, first: ListingEntry, last: ListingEntry, count: Int)?
        func close() {
            guard let current = run else { return }
            run = nil
            let range = current.first.line.lowerBound..<current.last.line.upperBound
            let indent = text.string(current.first.line.lowerBound..<current.first.nameStart)
            let stub = indent + Stub.foldedListing(current.display, paths: current.count, decision: current.decision)
            if stub.utf8.count < range.count {
                folds.append(Fold(range: range, replacement: stub, directory: current.display, decision: current.decision))
            }
        }
        for entry in ListingParser.entries(text, in: region.range, style: style, base: base) {
            guard let path = entry.path else { continue }
            let resolved = resolver.resolve(path, from: region.directory)
            guard let ignored = cache.ignoredAncestor(of: resolved) else {
                close()
                continue
            }
            if let current = run, current.directory == ignored.directory {
                run?.last = entry
                run?.count = current.count + 1
            } else {
                close()
                run = (ignored.directory, Self.display(of: ignored.directory, within: resolved), ignored.decision, entry, entry, 1)
            }
        }
        close()
        return folds
    }

    /// How `directory` (an ancestor of `path.rulePath`) reads in the form the
    /// path is displayed: the display path less the components below it.
    static func display(of directory: String, within path: ResolvedPath) -> String {
        let below = path.rulePath.split(separator: "/").count - directory.split(separator: "/").count
        var components = path.display.split(separator: "/", omittingEmptySubsequences: false)
        guard below > 0, components.count > below else { return directory }
        components.removeLast(below)
        return components.joined(separator: "/")
    }
}
