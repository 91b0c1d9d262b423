/// Removes the escape sequences of command output (SGR colours, cursor
/// moves, erasing, OSC titles and links): a terminal interprets them and
/// shows none, so the model reads the text the user saw. Only in command
/// output, never in a file, where every byte may matter for an edit.
public struct AnsiEscapeTransform: CommandOutputTransform {
    public init() {}

    public var name: String { "ansi" }
    public var action: String { "removed-escapes" }

    public func changes(in text: [UInt8], region: ContentRegion) -> [TextChange] {
        var changes: [TextChange] = []
        var unrendered = TerminalEscape.unrenderedLines(text, in: region.range)[...]
        var i = region.range.lowerBound
        while i < region.range.upperBound {
            while let line = unrendered.first, line.upperBound <= i { unrendered = unrendered.dropFirst() }
            if let line = unrendered.first, line.contains(i) {
                i = line.upperBound
                continue
            }
            guard text[i] == TerminalEscape.escape else {
                i += 1
                continue
            }
            // A lone ESC before a sequence goes too: removing only the sequence would leave the two to form a new one.
            guard let sequence = TerminalEscape.sequence(in: text, at: i, before: region.range.upperBound) else {
                if i + 1 < region.range.upperBound && text[i + 1] == TerminalEscape.escape {
                    changes.append(TextChange(range: i..<i + 1, replacement: []))
                }
                i += 1
                continue
            }
            // Adjacent sequences (`ESC[1mESC[31m`) are one change.
            if let last = changes.last, last.range.upperBound == i {
                changes[changes.count - 1] = TextChange(range: last.range.lowerBound..<i + sequence.length, replacement: [])
            } else {
                changes.append(TextChange(range: i..<i + sequence.length, replacement: []))
            }
            i += sequence.length
        }
        return changes
    }
}
