/// How the edits of all stages combine into the splices written out.
///
/// Each stage edits the text as the stages before it left it, so a later
/// edit may replace text that holds whole splices of earlier ones (a pointer
/// over lines whose padding the gutter stage removed): those splices are
/// absorbed. They are not written, but their edits stay in the report with
/// their own saving, and the absorbing edit is credited only with what it
/// saved from the text it saw: so the edits' savings still add up to the
/// request's. A later splice that cuts an earlier one (holds part of it)
/// is refused.
struct EditPlan: Sendable {
    let edits: [Edit]
    /// The position, in stage order, of the stage that made each edit.
    let stageOfEdit: [Int]
    /// The splices written out, ascending: each edit's position and the splice.
    private(set) var written: [(edit: Int, splice: Splice)] = []
    /// For each edit, the splices of earlier edits it absorbed directly, ascending.
    private(set) var absorbed: [[Splice]]
    /// What is wrong with the edits, if anything.
    private(set) var problem: String?

    /// `stages`: each stage's edits, in stage order.
    init(stages: [[Edit]]) {
        edits = stages.flatMap { $0 }
        stageOfEdit = stages.enumerated().flatMap { stage, edits in Array(repeating: stage, count: edits.count) }
        absorbed = Array(repeating: [], count: edits.count)
        var first = 0
        for stage in stages {
            let range = first..<first + stage.count
            first += stage.count
            if let problem = place(range) {
                self.problem = problem
                return
            }
        }
    }

    /// The text splices of every edit, written or not: what the output check reads.
    var textSplices: [(edit: Int, splice: Splice)] {
        edits.indices.filter { edits[$0].markup == nil }.flatMap { index in edits[index].splices.map { (index, $0) } }
    }

    /// Merges one stage's text splices into those written so far; markup is written as it is.
    private mutating func place(_ stage: Range<Int>) -> String? {
        var incoming: [(edit: Int, splice: Splice)] = []
        for index in stage {
            incoming += edits[index].splices.map { (index, $0) }
        }
        incoming.sort { $0.splice.range.lowerBound < $1.splice.range.lowerBound }
        var merged: [(edit: Int, splice: Splice)] = []
        merged.reserveCapacity(written.count + incoming.count)
        var w = 0
        for new in incoming {
            let range = new.splice.range
            while w < written.count && Self.before(written[w].splice.range, range) {
                merged.append(written[w])
                w += 1
            }
            // What lies before it was merged already: only a splice of this stage can overlap it there.
            if let last = merged.last, last.splice.range.upperBound > range.lowerBound {
                return "two edits overlap at byte \(range.lowerBound)"
            }
            if edits[new.edit].markup == nil {
                while w < written.count && written[w].splice.range.lowerBound < max(range.upperBound, range.lowerBound + 1) && !range.isEmpty {
                    let old = written[w].splice.range
                    guard edits[written[w].edit].markup == nil, range.lowerBound <= old.lowerBound, old.upperBound <= range.upperBound else {
                        return "an edit at byte \(range.lowerBound) cuts an earlier stage's edit at byte \(old.lowerBound)"
                    }
                    absorbed[new.edit].append(written[w].splice)
                    w += 1
                }
            }
            merged.append(new)
        }
        merged += written[w...]
        written = merged
        return nil
    }

    /// Whether `a` lies wholly before `b` (an insertion at `b`'s start lies before it).
    private static func before(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.upperBound <= b.lowerBound
    }

    /// The raw bytes an edit's stage saw in place of what its splices cover:
    /// its own splices' bytes, less what the splices it absorbed saved.
    func bytesSeen(by edit: Int) -> Int {
        edits[edit].bytesRemoved - absorbed[edit].reduce(0) { $0 + $1.range.count - $1.replacement.count }
    }

    /// The records, each absorbing edit credited with what it saved from the text it saw.
    var records: [EditRecord] {
        edits.indices.map { index in
            guard !absorbed[index].isEmpty else { return edits[index].record }
            var record = edits[index].record
            record.bytesBefore = bytesSeen(by: index)
            return record
        }
    }
}
