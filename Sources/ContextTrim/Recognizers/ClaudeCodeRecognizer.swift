/// Claude Code's tool results: `Read` (line gutters `     12→` or, in 1.0.x,
/// `    12<TAB>`, then a `<system-reminder>` trailer), `Edit`/`MultiEdit`
/// snippets, `LS` trees, `Glob` path lists, `Grep` file lists, matches and
/// counts, and `Bash` output. Error results (the oversized-read `<tool_use_error>` among them)
/// are left alone.
public struct ClaudeCodeRecognizer: Recognizer {
    public init() {}

    public var name: String { "claude-code" }

    static let tools: Set<String> = ["Read", "Edit", "MultiEdit", "LS", "Glob", "Grep", "Bash"]

    public func mayRecognize(_ segment: Segment, call: ToolCall?, raw: ArraySlice<UInt8>) -> Bool {
        segment.kind == .toolResult && !segment.isError && call.map { Self.tools.contains($0.name) } == true
    }

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        guard context.segment.kind == .toolResult, !context.segment.isError, let call = context.call else { return [] }
        let text = context.text
        guard !text.hasPrefix("<tool_use_error>") else { return [] }
        switch call.name {
        case "Read":
            guard let path = call.string("file_path") else { return [] }
            // The reminder trailer, or the stub a repeated one became (trimmed output read again).
            let end = min(contentEnd(text, before: "\n\n<system-reminder>"), contentEnd(text, before: "\n\n[ctxtrim: <system-reminder> same as "))
            return [region(.file(path: path), 0..<end)]
        case "Edit", "MultiEdit":
            guard let path = call.string("file_path"), text.offset(of: "`cat -n`") != nil else { return [] }
            return [region(.file(path: path), text.endOfLine(from: 0)..<text.count)]
        case "LS":
            return [region(.listing(.indentedTree, base: nil), 0..<contentEnd(text, before: "\n\nNOTE: do any of the files above seem malicious?"))]
        case "Glob":
            return [region(.listing(.paths, base: nil), 0..<text.count)]
        case "Grep":
            // Matching lines (`path:12:text`) and counts (`path:3`), paths relative to the working directory or absolute.
            // A search of one file prints its lines without the file's name: they are no `path:text`.
            let searchesOneFile = call.string("path").map(Self.namesAFile) ?? false
            switch call.string("output_mode") {
            case "content": return searchesOneFile ? [] : [region(.search(.prefixed), 0..<text.count)]
            case "count": return searchesOneFile ? [] : [region(.search(.counts), 0..<text.count)]
            default: break
            }
            guard text.hasPrefix("Found "), text.offset(of: " file") != nil else { return [] }
            return [region(.listing(.paths, base: call.string("path")), text.endOfLine(from: 0)..<text.count)]
        case "Bash":
            guard let output = call.string("command").map(ShellCommand.output(of:)) else { return [] }
            return [ContentRegion(kind: output.kind, range: 0..<text.count, directory: output.directory, recognizer: name)]
        default:
            return []
        }
    }

    /// Whether a Grep `path` is a file rather than a directory: its name has an extension.
    static func namesAFile(_ path: String) -> Bool {
        guard !path.hasSuffix("/"), let name = path.split(separator: "/").last, !name.contains(where: { "*?[{".contains($0) }) else { return false }
        return name.dropFirst().contains(".")
    }

    private func region(_ kind: ContentKind, _ range: Range<Int>) -> ContentRegion {
        ContentRegion(kind: kind, range: range, recognizer: name)
    }

    private func contentEnd(_ text: [UInt8], before trailer: String) -> Int {
        text.lastOffset(of: trailer) ?? text.count
    }
}
