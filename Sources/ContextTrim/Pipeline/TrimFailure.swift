/// Why the trimmer passed a request through unchanged.
public enum TrimFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is not RFC 8259 JSON.
    case invalidJSON(JSONError)
    /// The body is JSON, but not an object; the offset of its first byte.
    case notAnObject(JSONKind, at: Int)
    /// The body is an object of no known wire format.
    case unrecognizedFormat
    /// The trimmed output failed its own check (a bug in a stage): the
    /// original goes out instead.
    case invalidOutput(String)

    public var description: String {
        switch self {
        case .invalidJSON(let error): return error.description
        case .notAnObject(let kind, let offset): return "the request body at byte \(offset) is a JSON \(kind), not an object"
        case .unrecognizedFormat: return "the request body is not Anthropic Messages, OpenAI Chat Completions or OpenAI Responses"
        case .invalidOutput(let reason): return "the trimmed output failed its check (\(reason)); passing the original through"
        }
    }
}
