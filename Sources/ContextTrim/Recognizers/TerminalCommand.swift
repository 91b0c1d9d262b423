/// Which shell commands print terminal output: what a build, a test run, an
/// install, a download or a status report shows, which the terminal
/// transforms may render, strip and collapse. A list of the programs known
/// to do so, not of those known not to: a command off it (an interpreter's
/// one-liner, a loop, `find -exec cat`, `gh pr diff`, `docker exec`) may
/// print a file's bytes, where every byte matters for an edit, and is left
/// verbatim.
enum TerminalCommand {
    /// Whether a pipeline prints terminal output: its first program is one
    /// of those, and every later stage only filters or counts lines.
    static func printsTerminalOutput(_ pipeline: [[String]]) -> Bool {
        guard let first = pipeline.first, let program = first.first.map(ShellCommand.basename) else { return false }
        let arguments = Array(first.dropFirst())
        let terminal: Bool
        switch program {
        case "git": terminal = ShellCommand.gitSubcommand(first).map { gitPrintsTerminalOutput($0, arguments) } ?? true
        case "docker", "podman": terminal = arguments.first { !$0.hasPrefix("-") }.map(dockerSubcommands.contains) ?? true
        case "python", "python3", "node", "ruby", "perl", "php", "deno", "bun": terminal = runsAScript(arguments)
        default: terminal = programs.contains(program)
        }
        return terminal && pipeline.dropFirst().allSatisfy { stage in stage.first.map(ShellCommand.basename).map(lineFilters.contains) ?? false }
    }

    /// Builders, test runners, package managers, linters, downloads, and
    /// commands that report on the system or change files without printing them.
    private static let programs: Set<String> = [
        "npm", "npx", "yarn", "pnpm", "bunx", "pytest", "py.test", "tox", "nox", "cargo", "rustc", "rustup", "go", "make", "gmake",
        "cmake", "ctest", "ninja", "meson", "bazel", "gradle", "gradlew", "mvn", "mvnw", "ant", "sbt", "dotnet", "msbuild", "swift",
        "swiftc", "xcodebuild", "tsc", "eslint", "jest", "vitest", "mocha", "playwright", "cypress", "rspec", "bundle", "rake",
        "pip", "pip3", "uv", "poetry", "pipenv", "conda", "mamba", "apt", "apt-get", "brew", "terraform", "mypy", "ruff", "flake8",
        "pylint", "black", "isort", "golangci-lint", "shellcheck", "pre-commit", "lerna", "nx", "turbo", "next", "vite", "webpack",
        "rollup", "esbuild", "flutter", "dart", "mix", "stack", "cabal", "zig", "gcc", "g++", "clang", "clang++", "cc", "c++",
        "javac", "ls", "du", "df", "ps", "top", "free", "uptime", "which", "whereis", "pwd", "whoami", "id", "uname", "hostname",
        "date", "sleep", "mkdir", "rmdir", "rm", "cp", "mv", "ln", "touch", "chmod", "chown", "kill", "pkill", "ping", "curl",
        "wget", "echo", "printf", "true", "false", "export", "source", ".", "set", "unset", "ulimit",
    ]

    /// Later stages that pick, count, order or lay out what the stage before
    /// them printed (`curl ... | jq .`).
    private static let lineFilters: Set<String> = ["grep", "egrep", "fgrep", "rg", "head", "tail", "sort", "uniq", "wc", "tee", "cut", "tr", "column",
                                                   "cat", "jq", "sed", "awk", "nl", "less", "more"]

    private static let dockerSubcommands: Set<String> = [
        "build", "pull", "push", "images", "image", "ps", "compose", "login", "tag", "rmi", "rm", "stop", "start", "restart",
        "network", "volume", "system", "version", "info", "logs",
    ]

    private static let gitSubcommands: Set<String> = [
        "status", "fetch", "pull", "push", "clone", "commit", "checkout", "switch", "branch", "add", "rm", "mv", "restore", "reset",
        "rebase", "merge", "cherry-pick", "revert", "tag", "init", "remote", "worktree", "shortlog", "describe", "rev-parse",
        "ls-remote", "gc", "prune", "log", "stash",
    ]

    /// git's reports, but a log with patches (`-p`, `-L`) and `stash show`.
    private static func gitPrintsTerminalOutput(_ subcommand: String, _ arguments: [String]) -> Bool {
        guard gitSubcommands.contains(subcommand) else { return false }
        switch subcommand {
        case "log": return !arguments.contains { ["-p", "-u", "--patch", "--unified"].contains($0) || $0.hasPrefix("-L") || $0.hasPrefix("--unified=") }
        case "stash": return !arguments.contains("show")
        default: return true
        }
    }

    /// An interpreter running a script file or a module (`python -m pytest`),
    /// not a one-liner (`-c`, `-e`, `-p`) or its standard input.
    private static func runsAScript(_ arguments: [String]) -> Bool {
        guard let first = arguments.first(where: { $0 != "-u" && $0 != "-B" }) else { return false }
        return first == "-m" || first == "run" || first == "test" || !first.hasPrefix("-")
    }
}
