/// Function tools of any agent that name a file in their arguments
/// (`file_path`, `path`, `filename`, `target_file`, …) and whose name says
/// they read it (`read_file`, `view`, `open`, `cat`, …), and shell tools with a
/// `command` or `cmd` argument (`bash`, `execute_bash`, `run_terminal_cmd`).
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
    static let readingVerbs = ["read", "view", "open", "cat", "show", "get_file", "load", "fetch_file"].map { Array($0.utf8) }
    static let shellTools: Set<String> = ["bash", "shell", "execute_bash", "run_command", "run_terminal_cmd",
                                          "execute_command", "terminal", "exec", "run_shell_command"]

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        guard let call = context.call, mayRecognize(context.segment, call: call, raw: []) else { return [] }
        let name = call.name.lowercased()
        let whole = 0..<context.text.count
        if Self.shellTools.contains(name), let command = call.string("command") ?? call.string("cmd"),
           let output = ShellCommand.output(of: command) {
            return [ContentRegion(kind: output.kind, range: whole, directory: output.directory, recognizer: self.name)]
        }
        let nameBytes = Array(name.utf8)
        guard Self.readingVerbs.contains(where: { ByteSearch.firstOffset(of: $0, in: nameBytes) != nil }) || call.string("command") == "view",
              let path = Self.pathArguments.lazy.compactMap({ call.string($0) }).first else { return [] }
        return [ContentRegion(kind: .file(path: path), range: whole, recognizer: self.name)]
    }
}
