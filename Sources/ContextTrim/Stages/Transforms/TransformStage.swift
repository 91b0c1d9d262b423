/// A rewrite of text that loses nothing the model can use (a gutter's
/// padding, a colour escape, a progress bar's overwritten frames), applied
/// to the regions of one kind; each is a stage of its own, with its own
/// cause in the report and its own name to switch it off.
public protocol TextTransform: Sendable {
    /// The stage's name, in reports and in `--without`.
    var name: String { get }
    /// The action its edits are reported under.
    var action: String { get }
    /// Whether it rewrites regions of this kind.
    func rewrites(_ kind: ContentKind) -> Bool
    /// Its changes to a region of `text` (the text as the earlier stages
    /// left it), ascending, none overlapping, none empty.
    func changes(in text: [UInt8], region: ContentRegion) -> [TextChange]
}

/// Runs a `TextTransform` over the regions it rewrites, in tool results and
/// user turns, as the earlier stages left them: one edit per region.
public struct TransformStage: Stage {
    public let transform: any TextTransform

    public init(_ transform: any TextTransform) {
        self.transform = transform
    }

    public var name: String { transform.name }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let earlierChanges = EarlierChanges(earlier)
        var edits: [Edit] = []
        for segment in request.conversation.segments where segment.mayHoldToolOutput {
            guard let value = segment.text else { continue }
            // Kinds do not change with the earlier edits: a segment with no region to rewrite needs no view.
            guard !request.candidates(for: segment).isEmpty, let analysis = request.analysis(of: segment),
                  analysis.regions.contains(where: { transform.rewrites($0.kind) }), let view = earlierChanges.view(of: segment, in: request) else { continue }
            for region in view.regions where transform.rewrites(region.kind) {
                // A change inside an earlier stage's replacement (a stub) is not made.
                let changes = transform.changes(in: view.text, region: region).compactMap { change in
                    view.original(of: change.range).map { ($0, change.replacement) }
                }
                guard !changes.isEmpty else { continue }
                let made = StringEditor.changes(in: value, replacing: changes, map: view.analysis.map)
                var path: String?
                if case .file(let shown) = region.kind { path = request.resolver(at: segment).resolve(shown, from: region.directory).display }
                edits.append(Edit(made, in: segment, stage: name, action: transform.action, path: path, recognizer: region.recognizer))
            }
        }
        return edits
    }
}

/// A transform of what shell commands printed, and never of a file, where
/// every byte may matter for an edit.
public protocol CommandOutputTransform: TextTransform {}

extension CommandOutputTransform {
    public func rewrites(_ kind: ContentKind) -> Bool { kind == .commandOutput }
}
