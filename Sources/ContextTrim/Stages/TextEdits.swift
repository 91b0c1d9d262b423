/// How a stage makes the edits of a segment's text from replacements of its
/// decoded text: every stage maps its replacements to raw splices
/// (`StringEditor`), keeps the decoded changes beside them for later stages
/// (`TextEdit`) and records the bytes they take out and put in. One place
/// for that, so that no stage records its bytes differently.
extension Edit {
    /// One edit making `made` (StringEditor's changes and splices) in `segment`.
    init(_ made: [(change: TextChange, splice: Splice)], in segment: Segment, stage: String, action: String, path: String? = nil,
         rule: RuleCitation? = nil, recognizer: String? = nil, target: String? = nil, keeps: Range<Int>? = nil) {
        let splices = made.map(\.splice)
        let record = EditRecord(stage: stage, action: action, location: segment.location, message: segment.message, path: path, rule: rule,
                                recognizer: recognizer, target: target, bytesBefore: splices.bytesRemoved, bytesAfter: splices.bytesAdded)
        self.init(text: TextEdit(segment: segment.index, changes: made.map(\.change)), splices: splices, record: record, keeps: keeps)
    }
}
