/// The command a runner or an interpreter runs: `npx jest` runs `jest`,
/// `uv run python -c ...` runs a one-liner, `python -m pytest` runs
/// `pytest`, `python retry.py` a script. What it runs, not the runner,
/// decides whether its output is terminal output.
enum CommandRunner {
    enum Run: Equatable {
        /// Another command, judged on its own (`npx prettier a.ts` is `prettier a.ts`).
        case command([String])
        /// A script file or a project's script (`python retry.py`, `bun run build`).
        case script
        /// A one-liner, a REPL, standard input, or options it cannot follow (`python -c`, `deno eval`).
        case unknown
    }

    /// What `words` runs; nil when its program is no runner.
    static func run(_ words: [String]) -> Run? {
        guard let program = words.first.map(ShellCommand.basename) else { return nil }
        let arguments = Array(words.dropFirst())
        let subcommand = arguments.first
        switch program {
        case "python", "python3", "node", "ruby", "perl", "php", "deno", "bun", "tsx", "ts-node":
            return interpreted(program, arguments)
        case "npx", "bunx", "pnpx", "uvx":
            return command(after: arguments[...])
        case "npm" where subcommand == "exec" || subcommand == "x",
             "pnpm" where subcommand == "exec" || subcommand == "dlx",
             "yarn" where subcommand == "exec" || subcommand == "dlx",
             "bundle" where subcommand == "exec",
             "poetry" where subcommand == "run", "pipenv" where subcommand == "run", "pdm" where subcommand == "run",
             "uv" where subcommand == "run":
            return command(after: arguments.dropFirst())
        case "uv" where subcommand == "tool" && arguments.dropFirst().first == "run":
            return command(after: arguments.dropFirst(2))
        case "conda" where subcommand == "run", "mamba" where subcommand == "run":
            return .unknown
        case "yarn", "pnpm":
            // `yarn prettier a.ts` runs a package's program; `yarn build` a script.
            guard let subcommand, !subcommand.hasPrefix("-"), !packageManagerCommands.contains(subcommand) else { return nil }
            return .command(Array(arguments))
        default:
            return nil
        }
    }

    /// The command after a runner's own options; options that take a value
    /// skip it, so that `npx -p eslint cat a.txt` runs `cat`, and one that
    /// runs a shell string (`npx -c '...'`) is not followed.
    private static func command(after words: ArraySlice<String>) -> Run {
        var rest = words
        while let word = rest.first, word.hasPrefix("-") {
            if word == "--" { rest = rest.dropFirst(); break }
            if ["-c", "--call"].contains(word) { return .unknown }
            rest = rest.dropFirst(runnerOptionsWithValues.contains(word) ? 2 : 1)
        }
        return rest.isEmpty ? .unknown : .command(Array(rest))
    }

    private static let runnerOptionsWithValues: Set<String> = [
        "-p", "--package", "--with", "--with-requirements", "--python", "--project", "--directory", "--env-file", "--extra",
        "--group", "--index", "--from", "--node-options", "--filter", "-w", "--workspace",
    ]

    /// An interpreter runs a script file, a module (`python -m pytest`), or
    /// its own script command (`bun run build`, `deno test`); anything else
    /// (`-c`, `-e`, `-p`, `eval`, standard input) is a one-liner.
    private static func interpreted(_ program: String, _ arguments: [String]) -> Run {
        var rest = arguments[...]
        while let word = rest.first, interpreterFlags.contains(word) || interpreterOptionsWithValues.contains(word) {
            rest = rest.dropFirst(interpreterOptionsWithValues.contains(word) ? 2 : 1)
        }
        guard let first = rest.first else { return .unknown }
        if first == "-m" { return rest.count > 1 ? .command(Array(rest.dropFirst())) : .unknown }
        if program == "deno" || program == "bun" {
            if first == "x" { return command(after: rest.dropFirst()) }
            if ["eval", "repl"].contains(first) { return .unknown }
        }
        return first.hasPrefix("-") ? .unknown : .script
    }

    private static let interpreterFlags: Set<String> = ["-u", "-B", "-O", "-OO", "-s", "-S", "-I", "-q"]
    private static let interpreterOptionsWithValues: Set<String> = ["-W", "-X"]

    /// yarn's and pnpm's own commands, and the scripts every project has.
    private static let packageManagerCommands: Set<String> = [
        "install", "i", "add", "remove", "rm", "upgrade", "up", "update", "outdated", "why", "list", "ls", "info", "audit", "run",
        "test", "start", "init", "link", "unlink", "publish", "pack", "cache", "workspace", "workspaces", "dedupe", "prune",
        "store", "import", "rebuild", "build", "dev", "lint", "typecheck", "check", "serve", "preview", "watch", "compile", "ci",
    ]
}
