import ArgumentParser
import AsyncHTTPClient
import ContextTrim
import ContextTrimServer
import ContextTrimTokens
import Hummingbird
import Logging

/// `ctxtrim proxy`: the local proxy agents point their base URL at.
struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Serve the Anthropic and OpenAI APIs on a local port, trimming requests on their way upstream.",
        discussion: """
        POST bodies of .../v1/messages, .../v1/chat/completions and .../v1/responses (under any path prefix) are trimmed as `ctxtrim filter` trims them; everything else is forwarded byte for byte, and answers stream back as they arrive. With no upstream option, Anthropic paths go to https://api.anthropic.com and OpenAI paths to https://api.openai.com. GET /healthz answers ok; GET /metrics serves Prometheus text. `ctxtrim proxy --print-env` prints what to set in each agent.
        """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed on start).")
    var port = 8787

    @Option(help: ArgumentHelp("Send every request to this base URL (OpenRouter, LiteLLM, a gateway, a mock).", valueName: "url"))
    var upstream: String?

    @Option(name: .customLong("anthropic-upstream"), help: ArgumentHelp("Where Anthropic requests go.", valueName: "url"))
    var anthropicUpstream: String?

    @Option(name: .customLong("openai-upstream"), help: ArgumentHelp("Where OpenAI requests go.", valueName: "url"))
    var openAIUpstream: String?

    @Option(name: .customLong("upstream-timeout"), help: ArgumentHelp("The longest the upstream may stay silent, before its first byte and between reads, before the proxy answers 504 (or ends the stream).", valueName: "seconds"))
    var upstreamTimeout: Double = 600

    @Option(name: .customLong("max-body-bytes"), help: ArgumentHelp("The largest request body accepted; larger ones are answered 413.", valueName: "bytes"))
    var maxBodyBytes: Int = 64 << 20

    @Option(name: .customLong("max-concurrent"), help: ArgumentHelp("The most requests in flight at once; more are answered 503.", valueName: "n"))
    var maxConcurrent: Int = 64

    @Option(help: ArgumentHelp("trim: forward trimmed bodies; audit: forward the originals and only report what trimming would save.", valueName: "trim|audit"))
    var mode: TrimMode = .trim

    @Option(name: .customLong("audit-log"), help: ArgumentHelp("Append one JSON line per API request to this file: the report and the prompt's shape (hashes and token counts), never its text; ctxtrim audit FILE totals and prices it.", valueName: "file"))
    var auditLog: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical. No level logs a request body or an API key.", valueName: "level"))
    var logLevel: Logger.Level = .info

    @Flag(inversion: .prefixedNo, help: "Count tokens (o200k_base) for x-ctxtrim-tokens-saved and the token metrics, on one thread of their own, skipping counts the thread cannot keep up with.")
    var countTokens = true

    @Flag(name: .customLong("print-env"), help: "Print what to set in Claude Code, Codex CLI, Cline, Aider and the SDKs to use this proxy, and exit.")
    var printEnv = false

    @OptionGroup var rules: RuleOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard upstreamTimeout > 0 else { throw ValidationError("--upstream-timeout takes a number of seconds above 0") }
        guard maxBodyBytes > 0, maxConcurrent > 0 else { throw ValidationError("--max-body-bytes and --max-concurrent take a number above 0") }
        if upstream != nil && (anthropicUpstream != nil || openAIUpstream != nil) {
            throw ValidationError("--upstream sends everything to one place; give it alone, or --anthropic-upstream and --openai-upstream")
        }
        _ = try upstreams()
        if auditLog != nil && !countTokens { throw ValidationError("--audit-log needs token counts; drop --no-count-tokens") }
    }

    func run() async throws {
        if printEnv {
            print(AgentEnvironment.text(baseURL: AgentEnvironment.baseURL(host: host, port: port)), terminator: "")
            return
        }
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = { var logger = Logger(label: "ctxtrim.proxy"); logger.logLevel = level; return logger }()

        let configuration = TrimProxy.Configuration(
            host: host, port: port, upstreams: try upstreams(), upstreamTimeout: .milliseconds(Int64(upstreamTimeout * 1000)),
            maxBodyBytes: maxBodyBytes, maxConcurrent: maxConcurrent, mode: mode, trim: try rules.configuration(),
            auditLog: try auditLog.map { path in
                do { return try AuditLog(path: path) } catch { throw ValidationError("\(error)") }
            })
        var counter: TokenCounter?
        if countTokens {
            do {
                counter = try TokenCounter.o200k()
            } catch {
                logger.warning("no token counts: \(error)")
            }
        }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: UpstreamForwarder.clientConfiguration(
            timeout: configuration.upstreamTimeout, maxConcurrent: maxConcurrent))
        let upstreams = configuration.upstreams
        let (mode, host) = (mode, host)
        let application = TrimProxy.application(configuration, client: client, tokenCounter: counter,
                                                 metrics: .prometheus(), logger: logger) { port in
            logger.notice("listening", metadata: ["address": "http://\(host):\(port)", "anthropic": "\(upstreams.anthropic)",
                                                  "openai": "\(upstreams.openAI)", "mode": "\(mode.rawValue)"])
        }
        do {
            try await application.runService()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func upstreams() throws -> Upstreams {
        do {
            if let upstream { return Upstreams(all: try UpstreamURL(upstream)) }
            return Upstreams(anthropic: try anthropicUpstream.map(UpstreamURL.init) ?? Upstreams.anthropicDefault,
                             openAI: try openAIUpstream.map(UpstreamURL.init) ?? Upstreams.openAIDefault)
        } catch let invalid as UpstreamURL.Invalid {
            throw ValidationError(invalid.description)
        }
    }
}

extension TrimMode: ExpressibleByArgument {}

extension Logger.Level: @retroactive ExpressibleByArgument {}
