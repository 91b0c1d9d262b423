/// Replaces text that repeats text earlier in the request with a pointer to
/// the first copy: a whole file or tool output (`exact`), and also runs of
/// repeated lines inside otherwise different outputs (`blocks`), such as a
/// file re-read after an edit, overlapping windows, or a Write whose text
/// the next Read shows again.
///
/// The first copy always wins and is never changed, so pointers never chain
/// and what happens to a segment depends only on the segments before it and
/// on its own text (a run may repeat lines higher up in its own output).
/// Earlier copies may stand in tool results, user turns, the instructions and
/// tool calls' text arguments; only tool results and user turns are shortened.
/// A pointer replaces text only when it pays: when it saves at least
/// `minimumTokens` o200k tokens net of its own (`TokenFloor`), however few
/// lines that takes; each pointer's edit names the text it points at, and the output check
/// refuses the request's edits if anything changes that text. Dedup reads
/// each segment as the earlier stages left it (`SegmentView`): it compares
/// files as the gutter stage unpadded them, and two outputs the ignore rules
/// folded alike are alike; a pointer may replace their edits whole, never
/// cut one.
public struct DedupStage: Stage {
    /// How many tokens a pointer must save, net of its own, by default: a
    /// pointer that saved fewer would cut a file into pieces for little.
    public static let defaultMinimumTokens = 32

    /// What Dedup looks for.
    public enum Mode: String, Sendable, CaseIterable {
        /// Whole files and tool outputs that repeat an earlier one.
        case exact
        /// Those, and runs of repeated lines inside any output.
        case blocks
    }

    public let mode: Mode
    /// The fewest tokens a pointer must save, net of its own.
    public let minimumTokens: Int

    public init(mode: Mode = .blocks, minimumTokens: Int = DedupStage.defaultMinimumTokens) {
        self.mode = mode
        self.minimumTokens = max(1, minimumTokens)
    }

    public var name: String { "dedup" }

    /// One file or tool output, as the first copy of its text.
    /// (A class: the owners, the exact-repeat table and each pointer's
    /// keeping hold it, and one reference is cheaper to share than its many
    /// fields.)
    private final class Copy {
        let text: NormalizedText
        let unit: Unit
        let segment: Segment
        /// Its segment's text as the earlier stages left it, which the copy's offsets are in.
        let view: SegmentView
        /// The hash of its lines' hashes: its exact-repeat key.
        let key: UInt64

        init(text: NormalizedText, unit: Unit, segment: Segment, view: SegmentView, key: UInt64) {
            self.text = text
            self.unit = unit
            self.segment = segment
            self.view = view
            self.key = key
        }
    }

    /// What a line source stands for: a unit of a segment (shortened or not),
    /// or fixed text (instructions, a call's argument) with its name.
    private enum Owner {
        case unit(Copy)
        case fixed(description: String, location: String)
    }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        var session = Session(stage: self, request: request, earlier: EarlierChanges(earlier),
                              kept: earlier.compactMap(\.keeps).sorted { $0.lowerBound < $1.lowerBound })
        for segment in request.conversation.segments {
            if segment.kind == .instructions {
                session.addFixed(segment.text?.decodedBytes, description: segment.role == .system ? "the system prompt" : "the instructions",
                                 location: segment.location)
            } else if segment.kind == .toolCall {
                session.addArguments(of: segment)
            } else if segment.mayHoldToolOutput {
                session.shorten(segment)
            }
        }
        return session.finishedEdits()
    }

    /// The work of one request: the copies and lines seen so far, and the edits.
    private struct Session {
        let stage: DedupStage
        let request: TrimRequest
        let earlier: EarlierChanges
        /// Raw text an earlier stage's pointer refers to (scaffolding's first copies): never replaced.
        let kept: [Range<Int>]
        var firstCopies: [UInt64: [Copy]] = [:]
        var lines = LineIndex()
        var owners: [Owner] = []
        var descriptions: [CopyKey: String] = [:]
        /// The pointers, each with the decoded text of its first copy that must stay.
        var pointers: [(made: (change: TextChange, splice: Splice), segment: Segment, replacement: Replacement)] = []
        /// The text of each segment a pointer keeps, as Dedup saw it.
        var targets: [Int: (value: JSONValue, view: SegmentView)] = [:]

        init(stage: DedupStage, request: TrimRequest, earlier: EarlierChanges, kept: [Range<Int>]) {
            self.stage = stage
            self.request = request
            self.earlier = earlier
            self.kept = kept
        }

        /// Indexes text that is a source of lines but is never shortened.
        /// Text too short to hold the tokens a pointer must save is not worth indexing.
        mutating func addFixed(_ text: [UInt8]?, description: String, location: String) {
            guard stage.mode == .blocks, let text, text.count >= stage.minimumTokens,
                  text.count <= NormalizedText.maximumLength else { return }
            let normalized = NormalizedText(text[...])
            owners.append(.fixed(description: description, location: location))
            lines.commit(lines.stage(normalized, in: text), as: LineIndex.Source(text: text, lines: normalized, owner: owners.count - 1))
        }

        /// The text the model sent in a call, which the next read often
        /// shows again: its multi-line string arguments (a Write's content,
        /// an Edit's new text, each of a MultiEdit's `edits`; in OpenAI's
        /// JSON-encoded arguments too, which the model wrote), and what a
        /// patch puts in files (`apply_patch`, as a custom tool's input or a
        /// shell call's argv).
        mutating func addArguments(of segment: Segment) {
            guard stage.mode == .blocks, let call = request.conversation.call(for: segment) else { return }
            let id = Stub.shortID(call.id)
            let argv = call.strings("command")
            if let patch = call.name == "apply_patch" ? call.rawInput : argv.flatMap({ $0.count == 2 && $0[0] == "apply_patch" ? $0[1] : nil }) {
                for text in PatchText.texts(of: patch) {
                    let shown = request.resolver(at: segment).resolve(text.path).display
                    let part = text.hunk.map { "hunk \($0) of \(shown)" } ?? shown
                    addFixed(text.text, description: Stub.ascii("the new text of \(part) in the apply_patch (\(id))"), location: segment.location)
                }
                return
            }
            guard let arguments = call.arguments else { return }
            let path = GenericToolRecognizer.pathArguments.lazy.compactMap { call.string($0) }.first
            let shown = path.map { request.resolver(at: segment).resolve($0).display }
            let subject = shown.map { "the \(call.name) of \($0)" } ?? "the \(call.name) call"
            func add(_ value: JSONValue, named name: String) {
                guard value.kind == .string, let text = value.decodedBytes, text.contains(UInt8(ascii: "\n")) else { return }
                addFixed(text, description: Stub.ascii("the \(name) of \(subject) (\(id))"), location: segment.location)
            }
            for (key, value) in arguments.members {
                guard let name = key.string else { continue }
                add(value, named: name)
                guard value.kind == .array else { continue }
                for (index, element) in value.children.enumerated() {
                    for (inner, innerValue) in element.members { inner.string.map { add(innerValue, named: "\($0) of \(name) \(index + 1)") } }
                }
            }
        }

        mutating func shorten(_ segment: Segment) {
            guard let value = segment.text, let content = value.stringContentSpan,
                  content.count <= NormalizedText.maximumLength, let view = earlier.view(of: segment, in: request) else { return }
            let units = DedupStage.units(of: segment, view: view)
            guard !units.isEmpty else { return }
            var replacements: [Replacement] = []
            for unit in units {
                let text = NormalizedText(view.text[unit.range], gutters: unit.gutters)
                // Text that is only stubs, or holds pointers, is trimmed already: it is no copy, and no repeat.
                guard !text.isBlank, !text.isStubsOnly, !text.hasPointerLine else { continue }
                let staged = lines.stage(text, in: view.text)
                let key = lines.key(of: staged)
                let copy = Copy(text: text, unit: unit, segment: segment, view: view, key: key)
                if let pointer = exactPointer(for: copy) {
                    lines.discard(staged)
                    replacements.append(pointer)
                    continue
                }
                guard stage.mode == .blocks else {
                    lines.discard(staged)
                    firstCopies[key, default: []].append(copy)
                    continue
                }
                owners.append(.unit(copy))
                let source = LineIndex.Source(text: view.text, lines: text, owner: owners.count - 1)
                guard unit.range.count >= stage.minimumTokens else {
                    lines.commit(staged, as: source)
                    firstCopies[key, default: []].append(copy)
                    continue
                }
                // The index is moved out while it calls back here, so that the pointer can read the session.
                var index = lines
                lines = LineIndex()
                let taken = index.commit(staged, as: source) { run, repeated in
                    guard let pointer = blockPointer(for: run, repeating: repeated, in: copy) else { return false }
                    replacements.append(pointer)
                    return true
                }
                lines = index
                // Only a unit that stays whole can be the first copy of an exact repeat.
                if taken.isEmpty {
                    firstCopies[key, default: []].append(copy)
                }
            }
            let changes = StringEditor.changes(in: value, replacing: replacements.map { ($0.original, Array($0.text.utf8)) }, map: view.analysis.map)
            for (made, replacement) in zip(changes, replacements) where !kept.contains(where: { $0.overlaps(made.splice.range) }) {
                pointers.append((made, segment, replacement))
            }
        }

        /// The edits, each keeping the raw bytes of its first copy: the kept
        /// ranges of each segment are mapped to raw offsets in one walk.
        func finishedEdits() -> [Edit] {
            var kept = [Range<Int>?](repeating: nil, count: pointers.count)
            var bySegment: [Int: [Int]] = [:]
            for (position, pointer) in pointers.enumerated() {
                if let keeps = pointer.replacement.keeps { bySegment[keeps.segment, default: []].append(position) }
            }
            for (segment, positions) in bySegment {
                guard let target = targets[segment] else { continue }
                // Kept text holding part of an earlier edit keeps all of it.
                let original = positions.map { target.view.original(of: pointers[$0].replacement.keeps!.range, widening: true)! }
                let raw = StringEditor.rawRanges(of: original, in: target.value, map: target.view.analysis.map)
                for (position, range) in zip(positions, raw) { kept[position] = range }
            }
            // A pointer whose target could not be mapped would go unchecked: it is dropped instead.
            return pointers.indices.compactMap { position in
                let (made, segment, replacement) = pointers[position]
                guard replacement.keeps == nil || kept[position] != nil else { return nil }
                return Edit([made], in: segment, stage: stage.name, action: "same-as", path: replacement.path, target: replacement.target,
                            keeps: kept[position])
            }
        }

        /// A pointer replacing a whole unit that repeats an earlier one, or nil.
        /// (A unit becomes a first copy in `shorten`, once it is known to stay whole.)
        private mutating func exactPointer(for copy: Copy) -> Replacement? {
            guard let first = firstCopies[copy.key]?.first(where: { $0.text.sameLines(as: copy.text) }) else {
                return nil
            }
            let pointer = Stub.sameAs(copy.text, earlier: first.text, in: describe(first))
            guard TokenFloor.saves(stage.minimumTokens, replacing: copy.view.text[copy.unit.range], with: pointer),
                  let original = copy.view.original(of: copy.unit.range) else { return nil }
            return Replacement(original: original, text: pointer, target: first.segment.location, path: shownPath(of: copy),
                               keeps: kept(of: first, lines: 0..<first.text.lineCount))
        }

        /// A pointer replacing a run of lines, or nil when it saves too little.
        private mutating func blockPointer(for run: LineIndex.Run, repeating source: LineIndex.Source, in copy: Copy) -> Replacement? {
            let description: String
            let target: Copy?
            let location: String
            switch owners[source.owner] {
            case .unit(let first):
                description = describe(first)
                target = first
                location = first.segment.location
            case .fixed(let name, let fixedLocation):
                description = name
                target = nil
                location = fixedLocation
            }
            let range = copy.text.lines[run.lines.lowerBound].whole.lowerBound..<copy.text.lines[run.lines.upperBound - 1].whole.upperBound
            // Every token is a byte or more: too few bytes cannot pay, whatever the pointer's numbers.
            guard range.count - Stub.shortestSameLines(of: description) >= stage.minimumTokens else { return nil }
            let pointer = Stub.sameLines(copy.text.number(ofLine: run.lines.lowerBound)...copy.text.number(ofLine: run.lines.upperBound - 1),
                                         as: source.lines.number(ofLine: run.sourceLines.lowerBound)...source.lines.number(ofLine: run.sourceLines.upperBound - 1),
                                         of: description)
            guard TokenFloor.saves(stage.minimumTokens, replacing: copy.view.text[range], with: pointer),
                  let original = copy.view.original(of: range) else { return nil }
            // Fixed text is never edited by any stage (only tool output is), so it needs no keeping.
            return Replacement(original: original, text: pointer, target: location, path: shownPath(of: copy),
                               keeps: target.map { kept(of: $0, lines: run.sourceLines) })
        }

        /// The path of the file a copy shows, as the report names it, if it is a file.
        private func shownPath(of copy: Copy) -> String? {
            copy.unit.path.map { request.resolver(at: copy.segment).resolve($0, from: copy.unit.directory).display }
        }

        /// Records that lines of a first copy must stay, and where its segment's text is.
        private mutating func kept(of copy: Copy, lines: Range<Int>) -> Kept {
            if targets[copy.segment.index] == nil, let value = copy.segment.text {
                targets[copy.segment.index] = (value, copy.view)
            }
            return Kept(segment: copy.segment.index,
                        range: copy.text.lines[lines.lowerBound].whole.lowerBound..<copy.text.lines[lines.upperBound - 1].whole.upperBound)
        }

        /// How a pointer names a first copy, in plain ASCII: `the Read of src/app.ts (toolu_01Hk...)`.
        private mutating func describe(_ copy: Copy) -> String {
            let key = CopyKey(segment: copy.segment.index, start: copy.unit.range.lowerBound)
            if let known = descriptions[key] { return known }
            let call = request.conversation.call(for: copy.segment)
            let description: String
            if let shown = shownPath(of: copy) {
                description = call.map { "the \($0.name) of \(shown) (\(Stub.shortID($0.id)))" } ?? "\(shown) in message \(copy.segment.message ?? 0)"
            } else {
                description = call.map { "the \($0.name) result (\(Stub.shortID($0.id)))" } ?? "the text of message \(copy.segment.message ?? 0)"
            }
            let ascii = Stub.ascii(description)
            descriptions[key] = ascii
            return ascii
        }
    }

    /// Text to put in place of a range of a unit, and what it points at.
    private struct Replacement {
        /// The range replaced, in the segment's text as read.
        let original: Range<Int>
        let text: String
        /// Where the first copy stands, for the report.
        let target: String
        /// The file repeated, as the report names it, when the copy is a file.
        let path: String?
        let keeps: Kept?
    }

    /// Text of a first copy's segment that a pointer refers to, which must stay.
    private struct Kept {
        let segment: Int
        /// In the segment's text as Dedup saw it.
        let range: Range<Int>
    }

    /// A first copy: its segment and where in its text it starts.
    private struct CopyKey: Hashable {
        let segment: Int
        let start: Int
    }

    /// The files (recognized file regions) of a segment and, where none is
    /// recognized, its whole text.
    private static func units(of segment: Segment, view: SegmentView) -> [Unit] {
        let files = view.regions.compactMap { region -> Unit? in
            guard case .file(let path) = region.kind else { return nil }
            return Unit(range: region.range, path: path, directory: region.directory, gutters: NormalizedText.gutters(forFilesOf: region.recognizer))
        }
        if !files.isEmpty { return files }
        // Whole outputs and user turns (where harnesses resend the same context
        // every turn); the issue leaves user text open to shortening.
        return [Unit(range: 0..<view.text.count, path: nil, directory: nil, gutters: NormalizedText.distinctiveGutters)]
    }

    /// A stretch of text Dedup compares: a file (with its path as the agent
    /// wrote it) or a whole output or user turn.
    private struct Unit {
        let range: Range<Int>
        let path: String?
        let directory: String?
        let gutters: [NormalizedText.Gutter]
    }

}
