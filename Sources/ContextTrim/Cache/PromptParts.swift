/// The parts of a request's prompt in the order the provider reads them, as
/// prompt caching sees them: one walk that the cache simulation, the marker
/// planner, the OpenAI cache key and the prefix-health report share, so they
/// always agree on what the prompt and its stable prefix are.
enum PromptParts {
    /// One part: a tool definition, a system block, a message's content
    /// block (or its string content), a system message, the instructions.
    struct Part {
        let value: JSONValue
        /// `tools`, `system`, `messages` or `instructions`.
        let list: String
        /// Its index in the list, if the list is an array.
        let index: Int?
        /// Its index in the message's content, for a content block.
        let block: Int?
        /// The message's role, for a message's content.
        let role: JSONValue?
        /// Whether it is a message's content (rather than a whole message).
        var isContent = false

        var isTool: Bool { list == "tools" }
        /// The message it belongs to, if any.
        var message: Int? { list == "messages" ? index : nil }

        /// Where it stands: `tools[2]`, `system`, `messages[3].content[1]`.
        var location: String {
            let head = index.map { "\(list)[\($0)]" } ?? list
            guard isContent else { return head }
            return head + ".content" + (block.map { "[\($0)]" } ?? "")
        }
    }

    /// Anthropic Messages: the tools, the system blocks (or the system
    /// string), then each message's content blocks (or its string content).
    static func anthropic(_ root: JSONValue) -> [Part] {
        var parts = tools(root)
        if let system = root["system"] {
            if system.kind == .array {
                parts += system.children.enumerated().map { Part(value: $1, list: "system", index: $0, block: nil, role: nil) }
            } else {
                parts.append(Part(value: system, list: "system", index: nil, block: nil, role: nil))
            }
        }
        for (index, message) in (root["messages"]?.children.array ?? []).enumerated() {
            guard let content = message["content"] else { continue }
            let role = message["role"]
            if content.kind == .array {
                parts += content.children.enumerated().map { Part(value: $1, list: "messages", index: index, block: $0, role: role, isContent: true) }
            } else {
                parts.append(Part(value: content, list: "messages", index: index, block: nil, role: role, isContent: true))
            }
        }
        return parts
    }

    /// Every part of the prompt in `format`, in the order the provider reads
    /// it: Anthropic's as `anthropic`; Chat's tools, then each message whole;
    /// Responses' tools, the instructions, then each input item (or the
    /// input string).
    static func all(_ root: JSONValue, format: WireFormat) -> [Part] {
        switch format {
        case .anthropicMessages:
            return anthropic(root)
        case .openAIChat:
            return tools(root) + each(root["messages"], list: "messages")
        case .openAIResponses:
            var parts = tools(root)
            if let instructions = root["instructions"] { parts.append(Part(value: instructions, list: "instructions", index: nil, block: nil, role: nil)) }
            if let input = root["input"] {
                parts += input.kind == .array ? each(input, list: "input") : [Part(value: input, list: "input", index: nil, block: nil, role: nil)]
            }
            return parts
        }
    }

    /// The stable prefix, which every request of a session should send the
    /// same: the tools, then the system blocks (Anthropic), the leading
    /// system and developer messages (Chat), or the instructions (Responses).
    static func stable(_ root: JSONValue, format: WireFormat) -> [Part] {
        switch format {
        case .anthropicMessages:
            return anthropic(root).filter { $0.message == nil }
        case .openAIChat:
            var parts = tools(root)
            for (index, message) in (root["messages"]?.children.array ?? []).enumerated() {
                guard let role = message["role"], role.stringEquals("system") || role.stringEquals("developer") else { break }
                parts.append(Part(value: message, list: "messages", index: index, block: nil, role: nil))
            }
            return parts
        case .openAIResponses:
            return tools(root) + (root["instructions"].map { [Part(value: $0, list: "instructions", index: nil, block: nil, role: nil)] } ?? [])
        }
    }

    private static func tools(_ root: JSONValue) -> [Part] {
        each(root["tools"], list: "tools")
    }

    private static func each(_ container: JSONValue?, list: String) -> [Part] {
        guard let container, container.kind == .array else { return [] }
        return container.children.enumerated().map { Part(value: $1, list: list, index: $0, block: nil, role: nil) }
    }
}
