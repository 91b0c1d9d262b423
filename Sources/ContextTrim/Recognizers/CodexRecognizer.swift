/// Codex CLI's shell tools: `exec_command` (`cmd`), `shell` (an argv),
/// `shell_command` (a string) and `local_shell` calls, whose outputs start
/// with a header (`Chunk ID:` … or `Exit code:` …) that ends at `Output:`.
/// The command says which file or listing the output is; a non-zero exit
/// means the output is an error, and it is left alone. `apply_patch` and other
/// custom tools pass through.
public struct CodexRecognizer: Recognizer {
    public init() {}

    public var name: String { "codex" }

    static let tools: Set<String> = ["exec_command", "shell", "shell_command", "local_shell"]

    public func mayRecognize(_ segment: Segment, call: ToolCall?, raw: ArraySlice<UInt8>) -> Bool {
        segment.kind == .toolResult && call.map { Self.tools.contains($0.name) } == true
    }

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        guard context.segment.kind == .toolResult, let call = context.call else { return [] }
        let output: ShellCommand.Output?
        let workdir: String?
        switch call.name {
        case "exec_command":
            output = call.string("cmd").map(ShellCommand.output(of:))
            workdir = call.string("workdir")
        case "shell":
            output = call.strings("command").map(ShellCommand.output(ofArguments:))
            workdir = call.string("workdir")
        case "shell_command":
            output = call.string("command").map(ShellCommand.output(of:))
            workdir = call.string("workdir")
        case "local_shell":
            output = call.strings("command").map(ShellCommand.output(ofArguments:))
            workdir = call.string("working_directory")
        default:
            return []
        }
        guard let output else { return [] }
        let range = output.kind.isPrintedAsIs ? Self.printed(context.text) : Self.outputBody(context.text)
        guard let body = range else { return [] }
        return [ContentRegion(kind: output.kind, range: body, directory: ShellCommand.join(workdir, output.directory), recognizer: name)]
    }

    /// How far into an output Codex's header can reach.
    static let headerLimit = 512

    /// What follows the `Output:` line of the header, whatever the exit code.
    static func printed(_ text: [UInt8]) -> Range<Int>? {
        guard let marker = text.offset(of: "Output:\n", to: min(text.count, headerLimit)),
              marker == 0 || text[marker - 1] == UInt8(ascii: "\n"), marker + 8 < text.count else { return nil }
        return marker + 8..<text.count
    }

    /// The command's own output after Codex's header; nil when the header
    /// reports a failure or is missing.
    static func outputBody(_ text: [UInt8]) -> Range<Int>? {
        // The header is a few short lines: look for its end near the start.
        guard let marker = text.offset(of: "Output:\n", to: min(text.count, headerLimit)),
              marker == 0 || text[marker - 1] == UInt8(ascii: "\n") else { return nil }
        let start = marker + 8
        let header = text.string(0..<start)
        for line in header.split(separator: "\n") {
            if line.hasPrefix("Exit code: ") && line != "Exit code: 0" { return nil }
            if line.hasPrefix("Process exited with code ") && line != "Process exited with code 0" { return nil }
        }
        return start..<text.count
    }
}
