/// Collapses a run of three or more identical lines of command output
/// (a retry loop, a repeated warning) into its first line and a count:
/// `[ctxtrim: the line above repeats 6 more times]`. Only where the stub is
/// shorter than the lines it stands for.
public struct RepeatedLinesTransform: CommandOutputTransform {
    public init() {}

    public var name: String { "repeated-lines" }
    public var action: String { "collapsed-repeats" }

    public func changes(in text: [UInt8], region: ContentRegion) -> [TextChange] {
        let lines = text.lineRanges(in: region.range)
        var changes: [TextChange] = []
        var first = 0
        while first < lines.count {
            var last = first
            while last + 1 < lines.count && !lines[first].isEmpty && text[lines[last + 1]].elementsEqual(text[lines[first]]) { last += 1 }
            if last - first >= 2 {
                // A CRLF line keeps its CR after the stub.
                let repeats = lines[first + 1].lowerBound..<text.withoutCarriageReturn(lines[last]).upperBound
                let stub = Stub.repeatedLine(times: last - first)
                if stub.utf8.count < repeats.count { changes.append(TextChange(range: repeats, replacement: Array(stub.utf8))) }
            }
            first = last + 1
        }
        return changes
    }
}
