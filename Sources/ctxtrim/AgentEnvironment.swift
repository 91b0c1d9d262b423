/// What `ctxtrim proxy --print-env` prints: for each agent and SDK, the
/// setting that points it at the proxy, in the form that client wants.
/// Anthropic clients append `/v1/messages` to a bare host; OpenAI clients
/// append `/chat/completions` or `/responses` to a base that ends in `/v1`.
enum AgentEnvironment {
    /// The base URL clients use: a wildcard listen address is reached on loopback.
    static func baseURL(host: String, port: Int) -> String {
        let reachable = ["0.0.0.0", "::", "[::]", ""].contains(host) ? "127.0.0.1" : host
        let bracketed = reachable.contains(":") && !reachable.hasPrefix("[") ? "[\(reachable)]" : reachable
        return "http://\(bracketed):\(port)"
    }

    static func text(baseURL base: String) -> String {
        let v1 = base + "/v1"
        return """
        # ctxtrim proxy at \(base): what to set in each client.
        # Keys pass through unchanged (X-Api-Key or Authorization: Bearer); the proxy keeps none.

        # Claude Code (in the shell, or the "env" block of ~/.claude/settings.json)
        export ANTHROPIC_BASE_URL=\(base)
        # Keep MCP tool search on: with a base URL that is not Anthropic's own, Claude Code
        # turns it off and sends every tool definition on every request, more tokens than
        # trimming saves.
        export ENABLE_TOOL_SEARCH=true

        # Codex CLI (the built-in provider, with OPENAI_API_KEY)
        export OPENAI_BASE_URL=\(v1)
        # or in ~/.codex/config.toml (the ids openai, ollama and lmstudio are reserved):
        #   model_provider = "ctxtrim"
        #
        #   [model_providers.ctxtrim]
        #   name = "ctxtrim"
        #   base_url = "\(v1)"
        #   env_key = "OPENAI_API_KEY"
        #   wire_api = "responses"

        # Cline (Settings > API Provider)
        #   "OpenAI Compatible": Base URL \(v1)
        #   "Anthropic", with "Use custom base URL": \(base)

        # Aider
        export OPENAI_API_BASE=\(v1)    # with --model openai/<model>
        export ANTHROPIC_API_BASE=\(base)    # Anthropic models, through litellm

        # OpenAI SDKs (Python, Node): OpenAI(base_url="\(v1)")
        export OPENAI_BASE_URL=\(v1)

        # Anthropic SDKs (Python, TypeScript): Anthropic(base_url="\(base)")
        export ANTHROPIC_BASE_URL=\(base)

        """
    }
}
