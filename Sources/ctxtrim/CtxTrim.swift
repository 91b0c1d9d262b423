import ArgumentParser

@main
struct CtxTrim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctxtrim",
        abstract: "Trims coding agents' LLM requests without changing what the model can know.",
        discussion: """
        Exit codes:
          0   output written (trimmed, or unchanged because nothing matched)
          1   input is not valid JSON: passed through unchanged
          2   input is JSON but not a request ContextTrim understands: passed through unchanged
          3   the trimmed output failed its own check: the original was passed through
          64  usage error
          74  input could not be read or output could not be written
        """,
        subcommands: [FilterCommand.self, ProxyCommand.self, RulesCommand.self, CacheCommand.self, AuditCommand.self]
    )
}
