/// Function tools of any agent that name a file in their arguments
/// (`file_path`, `path`, `filename`, `target_file`, …) and whose name says
/// they read it (`read_file`, `view`, `open_file`, `cat`, `ReadFile`, …), and
/// shell tools with a `command` or `cmd` argument (`bash`, `execute_bash`,
/// `run_terminal_cmd`) whose output reports no failure.
public struct GenericToolRecognizer: Recognizer {
    public init() {}

    public var name: String { "generic-tool" }

    /// Tools an agent-specific recognizer reads better; the generic one
    /// leaves them alone rather than read them twice.
    static let agentTools = ClaudeCodeRecognizer.tools.union(CodexRecognizer.tools)

    public func mayRecognize(_ segment: Segment, call: ToolCall?, raw: ArraySlice<UInt8>) -> Bool {
        guard segment.kind == .toolResult, !segment.isError, let call else { return false }
        return !Self.agentTools.contains(call.name)
    }

    static let pathArguments = ["file_path", "path", "filename", "target_file", "file", "filepath",
                                "absolute_path", "relative_path", "relative_workspace_path"]
    /// The first word of a reading tool's name.
    static let readingVerbs: Set<String> = ["read", "view", "open", "cat", "show", "load"]
    /// Words that make a tool about a file's metadata or a review, not its text.
    static let otherPurposes: Set<String> = ["info", "stat", "stats", "metadata", "comment", "review", "upload", "download", "list", "write", "edit"]
    static let shellTools: Set<String> = ["bash", "shell", "execute_bash", "run_command", "run_terminal_cmd",
                                          "execute_command", "terminal", "exec", "run_shell_command"]

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        guard let call = context.call, mayRecognize(context.segment, call: call, raw: []) else { return [] }
        let whole = 0..<context.text.count
        if Self.shellTools.contains(call.name.lowercased()), let command = call.string("command") ?? call.string("cmd") {
            let output = ShellCommand.output(of: command)
            if output.kind.isPrintedAsIs { return whole.isEmpty ? [] : [ContentRegion(kind: output.kind, range: whole, recognizer: name)] }
            guard let end = Self.successfulOutputEnd(context.text) else { return [] }
            return [ContentRegion(kind: output.kind, range: 0..<end, directory: output.directory, recognizer: name)]
        }
        guard Self.namesReading(call.name) || call.string("command") == "view",
              let path = Self.pathArguments.lazy.compactMap({ call.string($0) }).first else { return [] }
        return [ContentRegion(kind: .file(path: path), range: whole, recognizer: name)]
    }

    /// Whether a tool name reads a file: its first word is a reading verb
    /// (`read_file`, `ReadFile`, `view`) or it is `get_file`-like, and no word
    /// says it is about something else (`get_file_info`, `view_review`).
    static func namesReading(_ name: String) -> Bool {
        let words = Self.words(of: name)
        guard let first = words.first, !words.contains(where: otherPurposes.contains) else { return false }
        return readingVerbs.contains(first) || (first == "get" && words.contains("file"))
    }

    /// The lowercase words of `snake_case`, `kebab-case` and `camelCase` names.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in name {
            if character == "_" || character == "-" || character == "." || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase && !current.isEmpty && !(current.last?.isUppercase ?? false) {
                words.append(current)
                current = String(character).lowercased()
            } else {
                current += character.lowercased()
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Where a shell tool's own output ends, before a harness's exit-code
    /// trailer (OpenHands' `[Command finished with exit code N]`); nil when
    /// the trailer reports a failure.
    static func successfulOutputEnd(_ text: [UInt8]) -> Int? {
        guard let trailer = text.offset(of: "[Command finished with exit code ") else { return text.count }
        guard text.hasPrefix("[Command finished with exit code 0]", at: trailer) else { return nil }
        var end = trailer
        while end > 0 && text[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        return end
    }
}
