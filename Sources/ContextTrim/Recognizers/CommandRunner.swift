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
        switch program {
        case "python", "python3", "node", "ruby", "perl", "php", "deno", "tsx", "ts-node":
            return interpreted(program, arguments)
        case "npx", "bunx", "pnpx", "uvx":
            return command(after: arguments[...])
        case "conda" where arguments.first == "run", "mamba" where arguments.first == "run":
            return .unknown
        case "rustup" where arguments.first == "run":
            // `rustup run TOOLCHAIN COMMAND...`
            return arguments.count > 2 ? command(after: arguments.dropFirst(2)) : .unknown
        case "swift" where arguments.first == "run":
            return productRun(arguments.dropFirst())
        case "go" where arguments.first == "run":
            return goRun(arguments.dropFirst())
        case "go" where arguments.first == "tool" || arguments.contains(where: runsThroughAProgram):
            // `go test -exec PROGRAM` runs the test binary through PROGRAM.
            return .unknown
        default:
            return PackageManager.named[program]?.run(arguments[...])
        }
    }

    /// `swift run [PRODUCT [ARGUMENTS]]`: the product may be a dependency's
    /// program (`swift run swift-format format a.swift`), so it is judged as
    /// a command; with none named it is the package's own.
    private static func productRun(_ words: ArraySlice<String>) -> Run {
        var rest = words
        while let word = rest.first, word.hasPrefix("-") {
            rest = rest.dropFirst(swiftRunOptionsWithValues.contains(word) ? 2 : 1)
        }
        return rest.isEmpty ? .script : .command(Array(rest))
    }

    private static let swiftRunOptionsWithValues: Set<String> = [
        "-c", "--configuration", "--package-path", "--scratch-path", "--build-path", "-Xswiftc", "-Xcc", "-Xlinker", "-Xcxx",
        "--sdk", "--triple", "--swift-sdk", "-j", "--jobs",
    ]

    /// `go run PACKAGE`: the project's own package or files are a script; a
    /// module fetched by path (`golang.org/x/tools/cmd/goimports@latest`)
    /// or a program run through `-exec` is unknown.
    private static func goRun(_ words: ArraySlice<String>) -> Run {
        var rest = words
        while let word = rest.first, word.hasPrefix("-") {
            // go's flags take one dash or two.
            let name = word.hasPrefix("--") ? String(word.dropFirst()) : word
            if runsThroughAProgram(word) { return .unknown }
            rest = rest.dropFirst(!name.contains("=") && goOptionsWithValues.contains(name) ? 2 : 1)
        }
        guard let package = rest.first else { return .unknown }
        let remote = package.contains("@") || (package.contains("/") && !package.hasPrefix(".") && package.prefix { $0 != "/" }.contains("."))
        return remote ? .unknown : .script
    }

    /// go's `-exec` and `-toolexec`, with one dash or two, `=value` or not.
    private static func runsThroughAProgram(_ word: String) -> Bool {
        let name = (word.hasPrefix("--") ? word.dropFirst() : word[...]).prefix { $0 != "=" }
        return name == "-exec" || name == "-toolexec"
    }

    private static let goOptionsWithValues: Set<String> = [
        "-C", "-tags", "-ldflags", "-gcflags", "-asmflags", "-mod", "-modfile", "-overlay", "-pgo", "-p", "-pkgdir", "-buildmode",
        "-compiler", "-gccgoflags", "-installsuffix",
    ]

    /// The command after a runner's own options; options that take a value
    /// skip it, so that `npx -p eslint cat a.txt` runs `cat`. An option it
    /// does not know may take a value that would be read as the command, and
    /// one that runs a shell string (`npx -c '...'`) is not followed: both
    /// make it unknown.
    static func command(after words: ArraySlice<String>) -> Run {
        guard var rest = skippingOptions(words, flags: runnerFlags, withValues: runnerOptionsWithValues, endingAt: "--") else { return .unknown }
        if rest.first == "--" { rest = rest.dropFirst() }
        return rest.isEmpty ? .unknown : .command(Array(rest))
    }

    /// `words` after the leading options in `flags` and `withValues` (which
    /// take the next word, or their `=value`), stopping at `end` if given;
    /// nil at an option it does not know.
    static func skippingOptions(_ words: ArraySlice<String>, flags: Set<String>, withValues: Set<String>,
                                endingAt end: String? = nil) -> ArraySlice<String>? {
        var rest = words
        while let word = rest.first, word.hasPrefix("-"), word != end {
            let name = String(word.prefix { $0 != "=" })
            if flags.contains(word) || (name != word && (flags.contains(name) || withValues.contains(name))) {
                rest = rest.dropFirst()
            } else if withValues.contains(word) {
                rest = rest.dropFirst(2)
            } else {
                return nil
            }
        }
        return rest
    }

    private static let runnerOptionsWithValues: Set<String> = [
        "-p", "--package", "--with", "--with-editable", "--with-requirements", "--python", "--project", "--directory", "--env-file",
        "--extra", "--group", "--index", "--from", "--node-options", "--filter", "-w", "--workspace", "--prefix", "--cwd",
    ]

    /// npx's, uv run's, pnpm exec's and bundle exec's options that take no value.
    private static let runnerFlags: Set<String> = [
        "-y", "--yes", "--no", "--no-install", "--ignore-existing", "-q", "--quiet", "-s", "--silent", "--frozen", "--locked",
        "--no-sync", "--isolated", "--offline", "--no-project", "--all-extras", "--no-dev", "--active", "--no-cache", "-r",
        "--recursive", "--parallel", "--workspace-root", "--keep-file-descriptors", "--no-color", "--verbose", "-v", "--bun",
        "--reverse", "--no-bail", "--if-present", "--report-summary", "--exact",
    ]

    /// An interpreter runs a script file, a module (`python -m pytest`), or
    /// its own script command (`deno run main.ts`, `deno test`); anything else
    /// (`-c`, `-e`, `-p`, `eval`, standard input) is a one-liner.
    private static func interpreted(_ program: String, _ arguments: [String]) -> Run {
        var rest = arguments[...]
        while let word = rest.first, interpreterFlags.contains(word) || interpreterOptionsWithValues.contains(word) {
            rest = rest.dropFirst(interpreterOptionsWithValues.contains(word) ? 2 : 1)
        }
        guard let first = rest.first else { return .unknown }
        if first == "-m" { return rest.count > 1 ? .command(Array(rest.dropFirst())) : .unknown }
        if program == "deno", ["eval", "repl"].contains(first) { return .unknown }
        return first.hasPrefix("-") ? .unknown : .script
    }

    private static let interpreterFlags: Set<String> = ["-u", "-B", "-O", "-OO", "-s", "-S", "-I", "-q"]
    private static let interpreterOptionsWithValues: Set<String> = ["-W", "-X"]
}
