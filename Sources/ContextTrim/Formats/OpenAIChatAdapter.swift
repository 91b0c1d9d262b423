/// OpenAI Chat Completions (`POST /v1/chat/completions`), and every
/// OpenAI-compatible endpoint: `messages` with system/developer/user/assistant
/// /tool roles, `tool_calls` whose arguments are JSON strings.
public struct OpenAIChatAdapter: FormatAdapter {
    public init() {}

    public var format: WireFormat { .openAIChat }

    /// Roles a Chat Completions request has and an Anthropic one does not.
    private static let distinctiveRoles = ["system", "developer", "tool", "function"]

    public func score(_ root: JSONValue) -> Int {
        guard let messages = root["messages"], messages.kind == .array else { return 0 }
        var score = 1
        if root["max_completion_tokens"] != nil || root["functions"] != nil { score += 4 }
        if root["tool_choice"]?.kind == .string { score += 1 }
        if root["tools"]?.children.contains(where: { $0["function"] != nil }) == true { score += 4 }
        for message in messages.children {
            if let role = message["role"], Self.distinctiveRoles.contains(where: role.stringEquals) { score += 4 }
            if message["tool_calls"] != nil || message["tool_call_id"] != nil { score += 4 }
        }
        return score
    }

    public func conversation(of document: JSONDocument) -> Conversation {
        var builder = ConversationBuilder()
        for (index, message) in (document.root["messages"]?.children.array ?? []).enumerated() {
            let roleName = message["role"]?.string ?? "user"
            let role = Role(rawValue: roleName == "function" ? "tool" : roleName) ?? .user
            let location = "messages[\(index)].content"
            let kind: SegmentKind
            switch role {
            case .system, .developer: kind = .instructions
            case .tool: kind = .toolResult
            case .user, .assistant: kind = .text
            }
            let callID = message["tool_call_id"]?.string
            if let content = message["content"] {
                if content.kind == .string {
                    builder.add(kind, role: role, message: index, location: location, text: content, callID: callID)
                } else {
                    for (partIndex, part) in content.children.enumerated() {
                        let partLocation = "\(location)[\(partIndex)]"
                        if part["type"]?.string == "text" {
                            builder.add(kind, role: role, message: index, location: partLocation + ".text", text: part["text"], callID: callID)
                        } else {
                            builder.add(.other, role: role, message: index, location: partLocation, callID: callID)
                        }
                    }
                }
            }
            for (callIndex, call) in (message["tool_calls"]?.children.array ?? []).enumerated() {
                let function = call["function"]
                let toolCall = ToolCall(id: call["id"]?.string ?? "", name: function?["name"]?.string ?? "",
                                        arguments: parseArgumentString(function?["arguments"]), rawInput: nil)
                builder.addCall(toolCall, role: .assistant, message: index, location: "messages[\(index)].tool_calls[\(callIndex)]")
            }
        }
        return builder.build(format, document)
    }
}
