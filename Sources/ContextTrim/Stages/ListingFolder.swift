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

    /// The ignored directory a listed parent's lines fold under.
    private struct Target {
        let directory: String
        let display: String
        let decision: IgnoreDecision
    }

    private struct ParentKey: Hashable {
        let parent: Substring
        let directory: String?
        let workingDirectory: String?
    }

    private let cache: DecisionCache
    /// Targets found so far; listed parents refer to them by position, so the
    /// loop over a listing's lines copies integers, not decisions.
    private var targets: [Target] = []
    private var targetOfParent: [ParentKey: Int?] = [:]

    init(cache: DecisionCache) {
        self.cache = cache
    }

    func folds(in text: [UInt8], region: ContentRegion, style: ListingStyle, base: String?, resolver: PathResolver) -> [Fold] {
        var folds: [Fold] = []
        var run: (target: Int, first: ListingEntry, last: ListingEntry, count: Int)?
        func close() {
            guard let current = run else { return }
            run = nil
            let target = targets[current.target]
            let range = current.first.line.lowerBound..<current.last.line.upperBound
            let indent = text.string(current.first.line.lowerBound..<current.first.nameStart)
            let stub = indent + Stub.foldedListing(target.display, paths: current.count, decision: target.decision)
            if stub.utf8.count < range.count {
                folds.append(Fold(range: range, replacement: stub, directory: target.display, decision: target.decision))
            }
        }
        // The lines of a listing share their parents: resolve each parent once.
        var previous: (parent: Substring, target: Int?)?
        for entry in ListingParser.entries(text, in: region.range, style: style, base: base) {
            guard let path = entry.path else {
                // A note between entries ends the run; it is never folded away.
                if !entry.line.isEmpty { close() }
                continue
            }
            let parent = Self.parent(of: path)
            let target: Int?
            if let previous, previous.parent == parent {
                target = previous.target
            } else {
                target = self.target(of: parent, path: path, region: region, resolver: resolver)
            }
            previous = (parent, target)
            guard let target else {
                close()
                continue
            }
            if let current = run, targets[current.target].directory == targets[target].directory {
                run?.last = entry
                run?.count = current.count + 1
            } else {
                close()
                run = (target, entry, entry, 1)
            }
        }
        close()
        return folds
    }

    /// The position of the target a listed parent's lines fold under, found
    /// once per parent (seen from one directory) for the whole request.
    private func target(of parent: Substring, path: String, region: ContentRegion, resolver: PathResolver) -> Int? {
        let key = ParentKey(parent: parent, directory: region.directory, workingDirectory: resolver.workingDirectory)
        if let known = targetOfParent[key] { return known }
        let resolved = resolver.resolve(path, from: region.directory)
        let found = cache.ignoredAncestor(of: resolved).map { ancestor -> Int in
            targets.append(Target(directory: ancestor.directory, display: Self.display(of: ancestor.directory, within: resolved), decision: ancestor.decision))
            return targets.count - 1
        }
        targetOfParent[key] = found
        return found
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
