/// Where the proxy sends each provider's requests: by default Anthropic's
/// and OpenAI's own APIs, so that one proxy serves Claude Code and Codex at
/// once; or one base URL for everything (OpenRouter, LiteLLM, a company
/// gateway, a local mock).
public struct Upstreams: Sendable, Equatable {
    public var anthropic: UpstreamURL
    public var openAI: UpstreamURL

    public static let anthropicDefault = UpstreamURL(validated: "https://api.anthropic.com")
    public static let openAIDefault = UpstreamURL(validated: "https://api.openai.com")

    public init(anthropic: UpstreamURL = Self.anthropicDefault, openAI: UpstreamURL = Self.openAIDefault) {
        self.anthropic = anthropic
        self.openAI = openAI
    }

    /// Everything to one place.
    public init(all upstream: UpstreamURL) {
        self.init(anthropic: upstream, openAI: upstream)
    }

    public func base(for provider: APIRoute.Provider) -> UpstreamURL {
        provider == .anthropic ? anthropic : openAI
    }

    /// The URL a request for `pathAndQuery` (as the client sent it, from
    /// its leading slash) goes to: the base's own path, then the request's.
    public func url(for provider: APIRoute.Provider, pathAndQuery: String) -> String {
        base(for: provider).string + (pathAndQuery.hasPrefix("/") ? pathAndQuery : "/" + pathAndQuery)
    }
}

/// An upstream base URL: `http` or `https`, a host, an optional port and
/// path prefix, no query; kept without a trailing slash.
public struct UpstreamURL: Sendable, Equatable, CustomStringConvertible {
    public let string: String

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws {
        let lower = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: lower.hasPrefix) else {
            throw Invalid(description: "upstream URL '\(text)' must start with http:// or https://")
        }
        let rest = text.dropFirst(scheme.count)
        let host = rest.prefix { $0 != "/" && $0 != ":" }
        guard !host.isEmpty, !text.contains("?"), !text.contains("#"), !text.contains(" ") else {
            throw Invalid(description: "upstream URL '\(text)' needs a host, and takes no query, fragment or spaces")
        }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        string = String(trimmed)
    }

    init(validated string: String) {
        self.string = string
    }

    public var description: String { string }
}
