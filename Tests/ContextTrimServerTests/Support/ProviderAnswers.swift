/// What each API answers, as its SDK parses it: a JSON body, or the
/// server-sent events of a stream, carrying `text`.
enum ProviderAnswers {
    static func json(path: String, text: String) -> String {
        if path.hasSuffix("/messages") {
            return #"{"id":"msg_mock","type":"message","role":"assistant","model":"claude-mock","content":[{"type":"text","text":"\#(text)"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":3}}"#
        }
        if path.hasSuffix("/responses") {
            return #"{"id":"resp_mock","object":"response","created_at":1,"status":"completed","model":"gpt-mock","output":[\#(responsesMessage(text))],"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"usage":{"input_tokens":10,"output_tokens":3,"total_tokens":13,"input_tokens_details":{"cached_tokens":0},"output_tokens_details":{"reasoning_tokens":0}}}"#
        }
        return #"{"id":"chatcmpl-mock","object":"chat.completion","created":1,"model":"gpt-mock","choices":[{"index":0,"message":{"role":"assistant","content":"\#(text)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}}"#
    }

    static func events(path: String, text: String) -> [String] {
        let words = text.split(separator: " ").map { String($0) + " " }
        if path.hasSuffix("/messages") {
            return [event("message_start", #"{"type":"message_start","message":{"id":"msg_mock","type":"message","role":"assistant","model":"claude-mock","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#),
                    event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)]
                + words.map { event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#($0)"}}"#) }
                + [event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                   event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}"#),
                   event("message_stop", #"{"type":"message_stop"}"#)]
        }
        if path.hasSuffix("/responses") {
            let response = #"{"id":"resp_mock","object":"response","created_at":1,"status":"in_progress","model":"gpt-mock","output":[],"parallel_tool_calls":true,"tool_choice":"auto","tools":[]}"#
            let done = #"{"id":"resp_mock","object":"response","created_at":1,"status":"completed","model":"gpt-mock","output":[\#(responsesMessage(text))],"parallel_tool_calls":true,"tool_choice":"auto","tools":[]}"#
            var sequence = 0
            func next() -> Int { defer { sequence += 1 }; return sequence }
            return [event("response.created", #"{"type":"response.created","sequence_number":\#(next()),"response":\#(response)}"#)]
                + words.map { event("response.output_text.delta", #"{"type":"response.output_text.delta","sequence_number":\#(next()),"item_id":"msg_mock","output_index":0,"content_index":0,"delta":"\#($0)","logprobs":[]}"#) }
                + [event("response.completed", #"{"type":"response.completed","sequence_number":\#(next()),"response":\#(done)}"#)]
        }
        return words.map { #"data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1,"model":"gpt-mock","choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"# + "\n\n" }
            + [#"data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1,"model":"gpt-mock","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n", "data: [DONE]\n\n"]
    }

    private static func responsesMessage(_ text: String) -> String {
        #"{"type":"message","id":"msg_mock","status":"completed","role":"assistant","content":[{"type":"output_text","text":"\#(text)","annotations":[]}]}"#
    }

    private static func event(_ name: String, _ data: String) -> String {
        "event: \(name)\ndata: \(data)\n\n"
    }
}
