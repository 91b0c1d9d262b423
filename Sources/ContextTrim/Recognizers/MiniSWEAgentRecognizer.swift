/// mini-SWE-agent's observations: `<returncode>0</returncode>` then
/// `<output>…</output>` in a user message, answering the last fenced
/// `mswea_bash_command` (or `bash`) block of the assistant turn before it.
public struct MiniSWEAgentRecognizer: Recognizer {
    public init() {}

    public var name: String { "mini-swe-agent" }

    static let marker = Array("<returncode>0</returncode>".utf8)

    public func mayRecognize(_ segment: Segment, call: ToolCall?, raw: ArraySlice<UInt8>) -> Bool {
        segment.kind == .text && segment.role == .user && raw.starts(with: Self.marker)
    }

    public func regions(in context: RecognitionContext) -> [ContentRegion] {
        let segment = context.segment
        guard segment.kind == .text, segment.role == .user else { return [] }
        let text = context.text
        guard text.hasPrefix("<returncode>0</returncode>"),
              let open = text.offset(of: "<output>\n"), let close = text.lastOffset(of: "</output>"),
              open + 9 <= close,
              let command = lastCommand(before: segment, in: context.conversation) else { return [] }
        let output = ShellCommand.output(of: command)
        return [ContentRegion(kind: output.kind, range: open + 9..<close, directory: output.directory, recognizer: name)]
    }

    private func lastCommand(before segment: Segment, in conversation: Conversation) -> String? {
        for previous in conversation.segments[..<segment.index].reversed() where previous.role == .assistant && previous.kind == .text {
            guard let text = previous.text?.decodedBytes else { return nil }
            for fence in ["```mswea_bash_command\n", "```bash\n"] {
                if let start = text.lastOffset(of: fence), let end = text.offset(of: "\n```", from: start + fence.utf8.count) {
                    return text.string(start + fence.utf8.count..<end)
                }
            }
            return nil
        }
        return nil
    }
}
