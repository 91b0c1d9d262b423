import ContextTrim
import HTTPTypes

/// What a request's path says about it: which provider's API it belongs to
/// (so that it goes to the right upstream and its errors take that API's
/// shape) and, for the three request bodies ContextTrim trims, their wire
/// format. The path decides the format, never the body's shape, so an
/// Anthropic-looking body sent to an OpenAI endpoint is trimmed as OpenAI
/// Chat and never given `cache_control`.
public struct APIRoute: Sendable, Equatable {
    /// The API family a request belongs to.
    public enum Provider: String, Sendable, CaseIterable {
        case anthropic
        case openAI = "openai"
    }

    public let provider: Provider
    /// The format of the body to trim: set only for `POST` to a messages,
    /// chat completions or responses endpoint, under any path prefix.
    public let format: WireFormat?

    /// The endpoints whose bodies are trimmed, by the end of their path.
    static let trimmedEndpoints: [(suffix: String, provider: Provider, format: WireFormat)] = [
        ("/v1/messages", .anthropic, .anthropicMessages),
        ("/v1/chat/completions", .openAI, .openAIChat),
        ("/v1/responses", .openAI, .openAIResponses),
    ]

    /// Path parts only Anthropic's API has; `/v1/models` and the like are
    /// told apart by the `anthropic-version` header every Anthropic client sends.
    static let anthropicPaths = ["/v1/messages", "/v1/complete"]

    public init(method: HTTPRequest.Method, path: String, headers: HTTPFields) {
        let path = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if method == .post, let endpoint = Self.trimmedEndpoints.first(where: { path.hasSuffix($0.suffix) }) {
            provider = endpoint.provider
            format = endpoint.format
            return
        }
        format = nil
        let anthropic = Self.anthropicPaths.contains { path.contains($0) }
            || headers[HTTPField.Name("anthropic-version")!] != nil || headers[HTTPField.Name("x-api-key")!] != nil
        provider = anthropic ? .anthropic : .openAI
    }
}
