/// docker's and podman's reports: builds, pulls, container lists, logs.
/// What runs inside a container (`exec`, `run`, `compose exec`) or copies
/// out of one (`cp`) may print any file's bytes and stays verbatim, as does
/// `compose config`, which prints the compose file.
enum ContainerCommand {
    static func printsTerminalOutput(_ arguments: [String]) -> Bool {
        guard !arguments.contains(where: printsFiles.contains),
              let (subcommand, rest) = subcommand(arguments[...], optionsWithValues: globalOptionsWithValues) else { return false }
        guard subcommand == "compose" else { return subcommands.contains(subcommand) }
        return self.subcommand(rest, optionsWithValues: composeOptionsWithValues).map { composeSubcommands.contains($0.name) } ?? false
    }

    /// The first word that is neither an option nor an option's value, and the words after it.
    private static func subcommand(_ words: ArraySlice<String>, optionsWithValues: Set<String>) -> (name: String, rest: ArraySlice<String>)? {
        var rest = words
        while let word = rest.first, word.hasPrefix("-") {
            rest = rest.dropFirst(optionsWithValues.contains(word) ? 2 : 1)
        }
        return rest.first.map { ($0, rest.dropFirst()) }
    }

    /// Checked anywhere on the line, so that an option's value the parse did
    /// not know of (`docker --tlsverify=0 exec`) cannot hide one.
    private static let printsFiles: Set<String> = ["exec", "run", "cp", "config", "export", "save", "attach", "debug"]

    private static let globalOptionsWithValues: Set<String> = [
        "-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey", "--url", "--connection",
    ]
    private static let composeOptionsWithValues: Set<String> = [
        "-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--ansi", "--progress", "--parallel",
    ]

    private static let subcommands: Set<String> = [
        "build", "pull", "push", "images", "image", "ps", "login", "tag", "rmi", "rm", "stop", "start", "restart", "network",
        "volume", "system", "version", "info", "logs",
    ]
    private static let composeSubcommands: Set<String> = [
        "build", "pull", "push", "up", "down", "ps", "logs", "start", "stop", "restart", "images", "ls", "version", "create", "rm",
        "kill", "top", "pause", "unpause",
    ]
}
