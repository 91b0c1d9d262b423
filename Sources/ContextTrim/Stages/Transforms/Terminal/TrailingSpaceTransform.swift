/// Drops the spaces and tabs at the ends of the lines of command output
/// (padded table columns, `top`, progress bars' erased tails): a terminal
/// shows nothing there.
public struct TrailingSpaceTransform: CommandOutputTransform {
    public init() {}

    public var name: String { "trailing-spaces" }
    public var action: String { "dropped-trailing-spaces" }

    public func changes(in text: [UInt8], region: ContentRegion) -> [TextChange] {
        text.lineRanges(in: region.range).compactMap { line in
            guard !TerminalEscape.isUnrendered(text, line) else { return nil }
            let end = text.withoutCarriageReturn(line).upperBound
            var start = end
            while start > line.lowerBound && (text[start - 1] == UInt8(ascii: " ") || text[start - 1] == UInt8(ascii: "\t")) { start -= 1 }
            return start < end ? TextChange(range: start..<end, replacement: []) : nil
        }
    }
}
