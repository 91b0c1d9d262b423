/// Which shell commands print terminal output: what a build, a test run, an
/// install, a download or a status report shows, which the terminal
/// transforms may render, strip and collapse. A list of the programs known
/// to do so, not of those known not to: a command off it (an interpreter's
/// one-liner, a loop, `find -exec cat`, `gh pr diff`, `docker exec`) may
/// print a file's bytes, where every byte matters for an edit, and is left
/// verbatim. So is a listed program asked to print source or a diff
/// (`cargo fmt --check`, `gcc -E`, `ruff format --diff`), and a pipeline
/// whose later stage reads a file of its own (`npm test | cat - notes.txt`).
enum TerminalCommand {
    /// Whether a pipeline prints terminal output: its first command does,
    /// and every later stage only filters or counts the lines before it.
    static func printsTerminalOutput(_ pipeline: [[String]]) -> Bool {
        guard let first = pipeline.first, printsTerminalOutput(command: first) else { return false }
        return pipeline.dropFirst().allSatisfy(LineFilter.readsOnlyItsInput)
    }

    /// One command's words, its program first.
    static func printsTerminalOutput(command words: [String]) -> Bool {
        guard let program = words.first.map(ShellCommand.basename) else { return false }
        let arguments = Array(words.dropFirst())
        guard !printsSource(program, arguments) else { return false }
        switch CommandRunner.run(words) {
        case .command(let inner)?: return printsTerminalOutput(command: inner)
        case .script?: return true
        case .unknown?: return false
        case nil: break
        }
        switch program {
        case "git": return GitCommand.printsAReport(words)
        case "docker", "podman": return ContainerCommand.printsTerminalOutput(arguments)
        case "curl", "wget": return Download.printsTerminalOutput(program, arguments)
        default: return programs.contains(program)
        }
    }

    /// Builders, test runners, package managers, linters, downloads, and
    /// commands that report on the system or change files without printing
    /// them. Formatters that print the formatted file by default (`black -`,
    /// `prettier FILE`, `esbuild FILE`, `rollup FILE`) are not on it.
    private static let programs: Set<String> = [
        "npm", "yarn", "pnpm", "pytest", "py.test", "tox", "nox", "unittest", "coverage", "venv", "build", "cargo", "rustc",
        "rustup", "go", "make", "gmake", "cmake", "ctest", "ninja", "meson", "bazel", "gradle", "gradlew", "mvn", "mvnw", "ant",
        "sbt", "dotnet", "msbuild", "swift", "swiftc", "xcodebuild", "tsc", "eslint", "jest", "vitest", "mocha", "playwright",
        "cypress", "rspec", "bundle", "rake", "pip", "pip3", "uv", "poetry", "pipenv", "pdm", "conda", "mamba", "apt", "apt-get",
        "brew", "terraform", "mypy", "ruff", "flake8", "pylint", "golangci-lint", "shellcheck", "pre-commit", "lerna", "nx",
        "turbo", "next", "vite", "webpack", "flutter", "dart", "mix", "stack", "cabal", "zig", "gcc", "g++", "clang", "clang++",
        "cc", "c++", "javac", "bun", "ls", "du", "df", "ps", "top", "free", "uptime", "which", "whereis", "pwd", "whoami", "id", "uname",
        "hostname", "date", "sleep", "mkdir", "rmdir", "rm", "cp", "mv", "ln", "touch", "chmod", "chown", "kill", "pkill", "ping",
        "echo", "printf", "true", "false", "export", "source", ".", "set", "unset", "ulimit",
    ]

    /// Options and subcommands with which a program prints source, a
    /// preprocessed or formatted file, or a diff, rather than a report.
    private static func printsSource(_ program: String, _ arguments: [String]) -> Bool {
        // `cargo +nightly fmt`: a toolchain comes before the subcommand.
        let subcommand = arguments.first { !$0.hasPrefix("-") && !$0.hasPrefix("+") }
        if let subcommand, sourceSubcommands.contains(subcommand) || (program == "go" && subcommand == "doc") { return true }
        if zip(arguments, arguments.dropFirst()).contains(where: { $0 == "-o" && ["-", "/dev/stdout"].contains($1) }) { return true }
        return arguments.contains { argument in
            sourceOptions.contains(argument) || sourceOptionPrefixes.contains { argument.hasPrefix($0) }
        }
    }

    /// `cargo fmt`, `ruff format`, `swift format`, `terraform fmt`,
    /// `deno fmt`, `brew cat`, `cargo expand`.
    private static let sourceSubcommands: Set<String> = ["fmt", "format", "cat", "expand"]

    /// Diffs of what a formatter or linter would change, the preprocessor
    /// (`gcc -E`; `cmake -E cat`), the compilers' dumps of a program.
    private static let sourceOptions: Set<String> = ["--diff", "-diff", "--show-diff-on-failure", "-E", "--check-diff"]
    private static let sourceOptionPrefixes = ["--diff=", "-Zunpretty", "--pretty", "-dump-", "-print-ast", "-emit-ir", "-emit-sil", "-emit-assembly"]
}
