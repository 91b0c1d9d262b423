/// Anthropic Messages (`POST /v1/messages`): top-level `system`, `messages`
/// whose content is a string or typed blocks, `tool_use` / `tool_result`.
public struct AnthropicMessagesAdapter: FormatAdapter {
    public init() {}

    public var format: WireFormat { .anthropicMessages }

    /// Block types only Anthropic Messages has.
    private static let distinctiveBlocks = ["tool_use", "tool_result", "thinking", "redacted_thinking"]

    public func score(_ root: JSONValue) -> Int {
        guard let messages = root["messages"], messages.kind == .array else { return 0 }
        var score = 1
        if root["system"] != nil { score += 4 }
        if root["anthropic_version"] != nil { score += 4 }
        if root["model"]?.string?.hasPrefix("claude") == true { score += 1 }
        // Anthropic tools declare an `input_schema`; OpenAI's wrap a `function`.
        if root["tools"]?.children.contains(where: { $0["input_schema"] != nil }) == true { score += 4 }
        for message in messages.children {
            guard let content = message["content"], content.kind == .array else { continue }
            for block in content.children {
                guard let type = block["type"] else { continue }
                if Self.distinctiveBlocks.contains(where: type.stringEquals) || (type.stringEquals("image") && block["source"] != nil) {
                    score += 4
                }
            }
        }
        return score
    }

    public func conversation(of document: JSONDocument) -> Conversation {
        var builder = ConversationBuilder()
        let root = document.root
        if let system = root["system"] {
            if system.kind == .string {
                builder.add(.instructions, role: .system, message: nil, location: "system", text: system)
            } else {
                for (index, block) in system.children.enumerated() {
                    builder.add(.instructions, role: .system, message: nil, location: "system[\(index)]", text: block["text"])
                }
            }
        }
        for (index, message) in (root["messages"]?.children.array ?? []).enumerated() {
            let role: Role = message["role"]?.string == "assistant" ? .assistant : .user
            let location = "messages[\(index)].content"
            guard let content = message["content"] else { continue }
            if content.kind == .string {
                builder.add(.text, role: role, message: index, location: location, text: content)
                continue
            }
            for (blockIndex, block) in content.children.enumerated() {
                addBlock(block, role: role, message: index, location: "\(location)[\(blockIndex)]", to: &builder)
            }
        }
        return builder.build(format, document)
    }

    private func addBlock(_ block: JSONValue, role: Role, message: Int, location: String, to builder: inout ConversationBuilder) {
        switch block["type"]?.string ?? "" {
        case "text":
            builder.add(.text, role: role, message: message, location: location + ".text", text: block["text"])
        case "tool_use", "server_tool_use", "mcp_tool_use":
            let call = ToolCall(id: block["id"]?.string ?? "", name: block["name"]?.string ?? "",
                                arguments: block["input"], rawInput: nil)
            builder.addCall(call, role: role, message: message, location: location)
        case "tool_result":
            let callID = block["tool_use_id"]?.string
            let isError = block["is_error"]?.bool ?? false
            guard let content = block["content"] else { return }
            if content.kind == .string {
                builder.add(.toolResult, role: .tool, message: message, location: location + ".content",
                            text: content, callID: callID, isError: isError)
                return
            }
            for (index, part) in content.children.enumerated() {
                let partLocation = location + ".content[\(index)]"
                if part["type"]?.string == "text" {
                    builder.add(.toolResult, role: .tool, message: message, location: partLocation + ".text",
                                text: part["text"], callID: callID, isError: isError)
                } else {
                    builder.add(.other, role: .tool, message: message, location: partLocation, callID: callID)
                }
            }
        case "thinking", "redacted_thinking":
            builder.add(.thinking, role: role, message: message, location: location)
        default:
            builder.add(.other, role: role, message: message, location: location)
        }
    }
}
