/// Drops the matches of search results that stand in files the ignore rules
/// drop (a `search_files` or `grep -rn` into `node_modules/`), keeping every
/// other line byte for byte, with one stub per rule saying how many matches
/// in how many files it took out.
///
/// A match's file is dropped as a read of that file would be: under an
/// ignored directory, or named by a file rule. A separator (`--`, a group's
/// blank line) goes with the group it closes. Reads only the search regions
/// the recognizers find in tool results and user turns, as the earlier
/// stages left them.
public struct SearchResultsStage: Stage {
    public init() {}

    public var name: String { "search-results" }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let changes = EarlierChanges(earlier)
        let cache = DecisionCache(request.rules)
        var edits: [Edit] = []
        for segment in request.conversation.segments where segment.mayHoldToolOutput {
            guard let value = segment.text else { continue }
            guard !request.candidates(for: segment).isEmpty, let analysis = request.analysis(of: segment),
                  analysis.regions.contains(where: { if case .search = $0.kind { true } else { false } }),
                  let view = changes.view(of: segment, in: request) else { continue }
            let resolver = request.resolver(at: segment)
            for region in view.regions {
                guard case .search(let style) = region.kind else { continue }
                let lines = SearchResultsParser.lines(view.text, in: region.range, style: style)
                var decided: [String: Omission?] = [:]
                let owners = lines.map { line -> Omission? in
                    guard let path = line.path else { return nil }
                    if let known = decided[path] { return known }
                    let found = Self.omission(of: resolver.resolve(path, from: region.directory), cache: cache)
                    decided[path] = found
                    return found
                }
                for removal in Self.removals(lines, owners: Self.withSeparators(lines, owners)) {
                    if let edit = edit(for: removal, in: view, value: value, segment: segment, region: region) { edits.append(edit) }
                }
            }
        }
        return edits
    }

    /// Why a file's matches go: the rule, and the ignored directory it stands under, if any.
    struct Omission: Equatable {
        let decision: IgnoreDecision
        let directory: String?
        /// The file, as the report names it.
        let file: String
        /// One stub per rule and directory: made once, compared for every line.
        let key: String

        init(decision: IgnoreDecision, directory: String?, file: String) {
            self.decision = decision
            self.directory = directory
            self.file = file
            key = decision.citation + "\u{0}" + (directory ?? "")
        }

        static func == (a: Omission, b: Omission) -> Bool { a.key == b.key }
    }

    static func omission(of path: ResolvedPath, cache: DecisionCache) -> Omission? {
        if let ancestor = cache.ignoredAncestor(of: path) {
            return Omission(decision: ancestor.decision, directory: ListingFolder.display(of: ancestor.directory, within: path), file: path.display)
        }
        guard let decision = cache.decision(for: path.rulePath, isDirectory: false, inRepository: path.inRepository), decision.isIgnored else { return nil }
        return Omission(decision: decision, directory: nil, file: path.display)
    }

    /// The owners with each separator given to the group it closes, when
    /// that whole group goes; after the last separator, a group that goes
    /// takes the separator before it.
    static func withSeparators(_ lines: [SearchLine], _ owners: [Omission?]) -> [Omission?] {
        var owners = owners
        var groupStart = 0
        for index in lines.indices where lines[index].isSeparator {
            if index > groupStart, (groupStart..<index).allSatisfy({ owners[$0] != nil }) { owners[index] = owners[index - 1] }
            groupStart = index + 1
        }
        if let last = lines.lastIndex(where: \.isSeparator), owners[last] == nil, last + 1 < lines.count,
           (last + 1..<lines.count).allSatisfy({ owners[$0] != nil }) {
            owners[last] = owners[last + 1]
        }
        return owners
    }

    /// What one stub stands for: the stretches of lines it removes, and what they held.
    struct Removal {
        let omission: Omission
        var ranges: [Range<Int>] = []
        var matches = 0
        /// The files, in the order their first match stands.
        var files: [String] = []
        /// The same, to tell a new one in constant time (a search can name thousands).
        var seen: Set<String> = []
    }

    /// One removal per rule and directory, in the order of their first stretch.
    static func removals(_ lines: [SearchLine], owners: [Omission?]) -> [Removal] {
        var removals: [Removal] = []
        var positions: [String: Int] = [:]
        var index = 0
        while index < lines.count {
            guard let owner = owners[index] else {
                index += 1
                continue
            }
            let position = positions[owner.key] ?? removals.count
            if position == removals.count {
                positions[owner.key] = position
                removals.append(Removal(omission: owner))
            }
            var end = index
            while end + 1 < lines.count && owners[end + 1] == owner { end += 1 }
            removals[position].ranges.append(lines[index].range.lowerBound..<lines[end].range.upperBound)
            for line in index...end {
                removals[position].matches += lines[line].matches
                if let file = owners[line]?.file, lines[line].path != nil, removals[position].seen.insert(file).inserted {
                    removals[position].files.append(file)
                }
            }
            index = end + 1
        }
        return removals
    }

    /// The edit of one removal: its first stretch becomes the stub line, the others go.
    private func edit(for removal: Removal, in view: SegmentView, value: JSONValue, segment: Segment, region: ContentRegion) -> Edit? {
        let omission = removal.omission
        var stub = Stub.omittedMatches(removal.matches, files: removal.files, under: omission.directory, decision: omission.decision)
        let firstEnd = removal.ranges[0].upperBound
        if view.text[firstEnd - 1] == UInt8(ascii: "\n") {
            stub += firstEnd - 2 >= removal.ranges[0].lowerBound && view.text[firstEnd - 2] == UInt8(ascii: "\r") ? "\r\n" : "\n"
        }
        let removed = removal.ranges.reduce(0) { $0 + $1.count }
        guard stub.utf8.count < removed else { return nil }
        let original = removal.ranges.compactMap { view.original(of: $0) }
        guard original.count == removal.ranges.count else { return nil }
        let replacements = original.enumerated().map { ($0.element, $0.offset == 0 ? Array(stub.utf8) : []) }
        let made = StringEditor.changes(in: value, replacing: replacements, map: view.analysis.map)
        return Edit(made, in: segment, stage: name, action: "omitted-matches",
                    path: omission.directory.map { $0 + "/" } ?? (removal.files.count == 1 ? removal.files[0] : nil),
                    rule: RuleCitation(omission.decision), recognizer: region.recognizer)
    }
}
