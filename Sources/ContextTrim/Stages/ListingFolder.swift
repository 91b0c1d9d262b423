/// Folds the lines of a listing that stand below an ignored directory into
/// one stub line per run, keeping the directory's own line and every line
/// outside ignored directories (an ignored *file's* name costs little and
/// tells the model it exists).
///
/// One folder serves one request: it remembers, per listed parent directory,
/// what its lines fold under, for every listing of the request.
final class ListingFolder {
    struct Fold {
        let range: Range<Int>
        let replacement: String
        let directory: String
        let decision: IgnoreDecision
    }

    /// The ignored directory a listed parent's lines fold under, if any.
    private typealias Target = (directory: String, display: String, decision: IgnoreDecision)

    private struct ParentKey: Hashable {
        let parent: Substring
        let directory: String?
        let workingDirectory: String?
    }

    private let cache: DecisionCache
    private var targets: [ParentKey: Target?] = [:]

    init(cache: DecisionCache) {
        self.cache = cache
    }

    func folds(in text: [UInt8], region: ContentRegion, style: ListingStyle, base: String?, resolver: PathResolver) -> [Fold] {
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
        // The lines of a listing share their parents: resolve each parent once.
        var previous: (parent: Substring, ignored: Target?)?
        for entry in ListingParser.entries(text, in: region.range, style: style, base: base) {
            guard let path = entry.path else {
                // A note between entries ends the run; it is never folded away.
                if !entry.line.isEmpty { close() }
                continue
            }
            let parent = Self.parent(of: path)
            let ignored: Target?
            let key = ParentKey(parent: parent, directory: region.directory, workingDirectory: resolver.workingDirectory)
            if let previous, previous.parent == parent {
                ignored = previous.ignored
            } else if let known = targets[key] {
                ignored = known
            } else {
                let resolved = resolver.resolve(path, from: region.directory)
                ignored = cache.ignoredAncestor(of: resolved).map { ($0.directory, Self.display(of: $0.directory, within: resolved), $0.decision) }
                targets[key] = ignored
            }
            previous = (parent, ignored)
            guard let ignored else {
                close()
                continue
            }
            if let current = run, current.directory == ignored.directory {
                run?.last = entry
                run?.count = current.count + 1
            } else {
                close()
                run = (ignored.directory, ignored.display, ignored.decision, entry, entry, 1)
            }
        }
        close()
        return folds
    }

    /// The part of a listed path before its last component (a trailing slash,
    /// which marks a directory, is not a separator).
    static func parent(of path: String) -> Substring {
        var utf8 = path.utf8[...]
        if utf8.last == UInt8(ascii: "/") { utf8 = utf8.dropLast() }
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return path[..<slash]
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
