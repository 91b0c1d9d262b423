/// Function tools of any agent that name a file in their arguments
/// (`file_path`, `path`, `filename`, `target_file`, …) and whose name says
/// they read it (`read_file`, `view`, `open`, `cat`, …), and shell tools with a
/// `command` or `cmd` argument (`bash`, `execute_bash`, `run_terminal_cmd`).
public struct GenericToolRecognizer: Recognizer {
    public init() {}

    public var name: String { "generic-tool" }

    static let pathArguments = ["file_path", "path", "filename", "target_file", "file", "filepath",
                                "absolute_path", "relative_path", "relative_workspace_path"]
    static let readingVerbs = ["read", "view", "open", "cat", "show", "get_file", "load", "fetch_file"]
    static let shellTools: Set<String> = ["bash", "shell", "execute_bash", "run_command", "run_terminal_cmd",
                                          "execute_command", "terminal", "exec", "run_shell_command"]

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        guard context.segment.kind == .toolResult, !context.segment.isError, let call = context.call else { return [] }
        let name = call.name.lowercased()
        let whole = 0..<context.text.count
        if Self.shellTools.contains(name), let command = call.string("command") ?? call.string("cmd"),
           let output = ShellCommand.output(of: command) {
            return [ContentRegion(kind: output.kind, range: whole, directory: output.directory, recognizer: self.name)]
        }
        guard Self.readingVerbs.contains(where: name.contains) || call.string("command") == "view",
              let path = Self.pathArguments.lazy.compactMap({ call.string($0) }).first else { return [] }
        return [ContentRegion(kind: .file(path: path), range: whole, recognizer: self.name)]
    }
}
