/// OpenAI Responses (`POST /v1/responses`), as Codex CLI sends it:
/// `instructions`, and `input` items (messages, reasoning, function and
/// custom tool calls with their outputs, local shell calls).
public struct OpenAIResponsesAdapter: FormatAdapter {
    public init() {}

    public var format: WireFormat { .openAIResponses }

    public func score(_ root: JSONValue) -> Int {
        guard let input = root["input"], root["messages"] == nil else { return 0 }
        var score = 2
        if root["instructions"] != nil { score += 4 }
        if input.kind == .array {
            for item in input.children where item["type"] != nil { score += 1 }
        }
        return score
    }

    public func conversation(of document: JSONDocument) -> Conversation {
        var builder = ConversationBuilder()
        let root = document.root
        if let instructions = root["instructions"] {
            builder.add(.instructions, role: .system, message: nil, location: "instructions", text: instructions)
        }
        guard let input = root["input"] else { return builder.build(format, document) }
        if input.kind == .string {
            builder.add(.text, role: .user, message: 0, location: "input", text: input)
            return builder.build(format, document)
        }
        for (index, item) in input.children.enumerated() {
            addItem(item, index: index, to: &builder)
        }
        return builder.build(format, document)
    }

    private func addItem(_ item: JSONValue, index: Int, to builder: inout ConversationBuilder) {
        let location = "input[\(index)]"
        let callID = item["call_id"]?.string ?? ""
        switch item["type"]?.string ?? "message" {
        case "message":
            let role = Role(rawValue: item["role"]?.string ?? "user") ?? .user
            let kind: SegmentKind = role == .system || role == .developer ? .instructions : .text
            addContent(item["content"], kind: kind, role: role, index: index, location: location + ".content", callID: nil, to: &builder)
        case "function_call":
            let call = ToolCall(id: callID, name: item["name"]?.string ?? "", arguments: parseArgumentString(item["arguments"]), rawInput: nil)
            builder.addCall(call, role: .assistant, message: index, location: location)
        case "custom_tool_call":
            let call = ToolCall(id: callID, name: item["name"]?.string ?? "", arguments: nil, rawInput: item["input"]?.string)
            builder.addCall(call, role: .assistant, message: index, location: location)
        case "local_shell_call":
            let call = ToolCall(id: callID, name: "local_shell", arguments: item["action"], rawInput: nil)
            builder.addCall(call, role: .assistant, message: index, location: location)
        case "function_call_output", "custom_tool_call_output", "local_shell_call_output":
            addContent(item["output"], kind: .toolResult, role: .tool, index: index, location: location + ".output", callID: callID, to: &builder)
        case "reasoning":
            builder.add(.thinking, role: .assistant, message: index, location: location)
        default:
            builder.add(.other, role: .user, message: index, location: location)
        }
    }

    private func addContent(_ content: JSONValue?, kind: SegmentKind, role: Role, index: Int, location: String,
                            callID: String?, to builder: inout ConversationBuilder) {
        guard let content else { return }
        if content.kind == .string {
            builder.add(kind, role: role, message: index, location: location, text: content, callID: callID)
            return
        }
        for (partIndex, part) in content.children.enumerated() {
            let partLocation = "\(location)[\(partIndex)]"
            switch part["type"]?.string ?? "" {
            case "input_text", "output_text", "text":
                builder.add(kind, role: role, message: index, location: partLocation + ".text", text: part["text"], callID: callID)
            default:
                builder.add(.other, role: role, message: index, location: partLocation, callID: callID)
            }
        }
    }
}
