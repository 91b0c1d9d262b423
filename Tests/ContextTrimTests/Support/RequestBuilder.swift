import Foundation
@testable import ContextTrim

/// Small request bodies for unit tests, built from plain values.
enum RequestBuilder {
    static func json(_ object: Any) -> [UInt8] {
        [UInt8](try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// An Anthropic request whose system prompt states `cwd`, with one tool
    /// call answered by `result`.
    static func anthropicToolResult(cwd: String = "/home/dev/app", tool: String, input: [String: Any], result: String, isError: Bool = false) -> [UInt8] {
        json([
            "model": "claude-sonnet-4-5",
            "system": [["type": "text", "text": "<env>\nWorking directory: \(cwd)\n</env>"]],
            "messages": [
                ["role": "user", "content": "go"],
                ["role": "assistant", "content": [["type": "tool_use", "id": "toolu_1", "name": tool, "input": input]]],
                ["role": "user", "content": [["type": "tool_result", "tool_use_id": "toolu_1", "content": result, "is_error": isError]]],
            ],
        ])
    }

    /// An OpenAI chat request with one function call answered by `result`.
    static func chatToolResult(system: String = "You are a helpful agent.", tool: String, arguments: [String: Any], result: String) -> [UInt8] {
        let argumentText = String(decoding: json(arguments), as: UTF8.self)
        return json([
            "model": "gpt-4.1",
            "messages": [
                ["role": "system", "content": system],
                ["role": "user", "content": "go"],
                ["role": "assistant", "content": NSNull(), "tool_calls": [["id": "call_1", "type": "function", "function": ["name": tool, "arguments": argumentText]]]],
                ["role": "tool", "tool_call_id": "call_1", "content": result],
            ],
        ])
    }

    /// A chat request whose user turns are the given texts (Cline, Aider,
    /// SWE-agent put results in user text).
    static func chatUserTexts(system: String = "You are a helpful agent.", _ texts: [(role: String, text: String)]) -> [UInt8] {
        json(["model": "gpt-4.1", "messages": [["role": "system", "content": system]] + texts.map { ["role": $0.role, "content": $0.text] }])
    }

    /// A Codex Responses request with one function call answered by `output`.
    static func codexCall(name: String, arguments: [String: Any], output: String) -> [UInt8] {
        json([
            "model": "gpt-5-codex",
            "instructions": "You are Codex.",
            "input": [
                ["type": "message", "role": "user", "content": [["type": "input_text", "text": "<environment_context>\n  <cwd>/home/dev/ledger</cwd>\n</environment_context>"]]],
                ["type": "function_call", "name": name, "arguments": String(decoding: json(arguments), as: UTF8.self), "call_id": "call_1"],
                ["type": "function_call_output", "call_id": "call_1", "output": output],
            ],
        ])
    }
}

/// Runs the default trimmer and returns the output text and report.
func trimmed(_ input: [UInt8]) -> (text: String, report: TrimReport) {
    let result = defaultTrimmer().trim(input)
    return (String(decoding: result.output, as: UTF8.self), result.report)
}

/// The decoded text of the last tool result or message of a trimmed request.
func lastText(_ output: String) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
    if let input = object["input"] as? [[String: Any]] {
        return input.last!["output"] as! String
    }
    let messages = object["messages"] as! [[String: Any]]
    let last = messages.last!
    if let text = last["content"] as? String { return text }
    let block = (last["content"] as! [[String: Any]]).last!
    return (block["content"] as? String) ?? (block["text"] as! String)
}

func numbered(_ lines: [String], gutter: (Int) -> String) -> String {
    lines.enumerated().map { gutter($0.offset + 1) + $0.element }.joined(separator: "\n")
}

let sampleLines = (1...40).map { "const value\($0) = require('./module\($0)');" }
