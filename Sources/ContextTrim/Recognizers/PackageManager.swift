extension CommandRunner {
    /// What a package manager runs: `pnpm -r exec cat a.txt` runs `cat`,
    /// `yarn run prettier a.ts` and `yarn prettier a.ts` a package's
    /// program, `npm test` a project's script. Its global options come
    /// before the subcommand; one it does not know may take a value that
    /// would be read as the subcommand, so it makes the command unknown.
    struct PackageManager {
        /// Options before the subcommand, or before a script's name, that take no value.
        var flags: Set<String>
        /// Options that take the next word (or their `=value`) as their value.
        var optionsWithValues: Set<String>
        /// Subcommands that run the command after their options (`exec`,
        /// `dlx`; `tool run` for two words).
        var commandRunners: Set<String>
        /// Subcommands that run a script, or a package's program, by name (`run`).
        var scriptRunners: Set<String> = []
        /// Whether a bare `NAME` that is none of its own commands runs a
        /// script or a package's program by that name (`yarn jest`).
        var runsNames = false
        /// Its own commands, which run nothing of the project's.
        var ownCommands: Set<String> = []
        /// Subcommands whose output it cannot judge (`bun build` prints the
        /// bundle, `npm explore` runs a shell).
        var unknownCommands: Set<String> = []

        func run(_ arguments: ArraySlice<String>) -> Run? {
            guard var rest = skippingOptions(arguments) else { return .unknown }
            guard let subcommand = rest.popFirst() else { return nil }
            if commandRunners.contains(subcommand) { return CommandRunner.command(after: rest) }
            if let next = rest.first, commandRunners.contains("\(subcommand) \(next)") { return CommandRunner.command(after: rest.dropFirst()) }
            if unknownCommands.contains(subcommand) { return .unknown }
            if scriptRunners.contains(subcommand) {
                // `npm run` alone lists the scripts.
                guard let named = skippingOptions(rest) else { return .unknown }
                return named.first.map { Self.script(named: $0, arguments: named.dropFirst()) }
            }
            guard runsNames else { return nil }
            // `yarn workspace web build` runs `build` in the workspace web;
            // `yarn workspaces foreach ...` and `run ...` run in each.
            if subcommand == "workspace" { return rest.isEmpty ? nil : run(rest.dropFirst()) }
            if subcommand == "workspaces" { return ["info", "list"].contains(rest.first) ? nil : .unknown }
            return ownCommands.contains(subcommand) ? nil : Self.script(named: subcommand, arguments: rest)
        }

        /// `words` after the options it knows; nil at one it does not.
        private func skippingOptions(_ words: ArraySlice<String>) -> ArraySlice<String>? {
            CommandRunner.skippingOptions(words, flags: flags, withValues: optionsWithValues)
        }

        /// A script or program run by name: a file (`bun run src/index.ts`)
        /// or a script every project has (`build`, `test:unit`) is the
        /// project's; any other name may be a package's program
        /// (`yarn run prettier a.ts`) and is judged as that command.
        private static func script(named name: String, arguments: ArraySlice<String>) -> Run {
            let file = name.contains("/") || name.split(separator: ".").count > 1
            if file || commonScripts.contains(String(name.prefix { $0 != ":" })) { return .script }
            return .command([name] + arguments)
        }

        private static let commonScripts: Set<String> = [
            "test", "start", "build", "dev", "lint", "typecheck", "check", "serve", "preview", "watch", "compile", "ci", "e2e",
        ]

        private static let javaScriptOwnCommands: Set<String> = [
            "install", "i", "add", "a", "remove", "rm", "upgrade", "up", "update", "outdated", "why", "list", "ls", "info", "audit",
            "init", "create", "link", "unlink", "publish", "pack", "cache", "dedupe", "prune", "store", "import",
            "rebuild", "pm", "config", "version", "licenses", "patch",
        ]

        static let named: [String: PackageManager] = [
            "npm": PackageManager(
                flags: [
                    "-s", "--silent", "-q", "--quiet", "-d", "-dd", "--verbose", "-y", "--yes", "-ws", "--workspaces",
                    "--include-workspace-root", "--if-present", "--ignore-scripts", "--no-audit", "--no-fund", "--offline",
                    "--prefer-offline", "--prefer-online", "--color", "--no-color", "-g", "--global", "--foreground-scripts",
                    "--legacy-peer-deps", "--force", "--dry-run", "--json",
                ],
                optionsWithValues: ["--prefix", "-C", "-w", "--workspace", "--loglevel", "--registry", "--cache", "--userconfig"],
                commandRunners: ["exec", "x"], scriptRunners: ["run", "run-script", "rum", "urn"], unknownCommands: ["explore"]),
            "pnpm": PackageManager(
                flags: [
                    "-r", "--recursive", "-s", "--silent", "-w", "--workspace-root", "--parallel", "--stream", "--aggregate-output",
                    "--no-bail", "--bail", "--if-present", "--color", "--no-color", "-g", "--global", "--sort", "--no-sort", "--reverse",
                    "--include-workspace-root", "--frozen-lockfile", "--prefer-offline", "--offline",
                ],
                optionsWithValues: [
                    "--filter", "-F", "-C", "--dir", "--reporter", "--loglevel", "--workspace-concurrency", "--filter-prod",
                    "--test-pattern", "--changed-files-ignore-pattern", "--resume-from",
                ],
                commandRunners: ["exec", "dlx"], scriptRunners: ["run"], runsNames: true, ownCommands: javaScriptOwnCommands),
            "yarn": PackageManager(
                flags: [
                    "-s", "--silent", "--verbose", "--offline", "--frozen-lockfile", "--immutable", "--ignore-engines", "--no-progress",
                    "--non-interactive", "--prefer-offline", "--json",
                ],
                optionsWithValues: ["--cwd", "--modules-folder", "--cache-folder", "--mutex", "--network-timeout", "--registry"],
                commandRunners: ["exec", "dlx"], scriptRunners: ["run"], runsNames: true, ownCommands: javaScriptOwnCommands),
            "bun": PackageManager(
                flags: ["--bun", "--silent", "--watch", "--hot", "--smol", "--no-install", "--revision"],
                optionsWithValues: ["--cwd", "--env-file", "--config", "-r", "--preload"],
                commandRunners: ["x"], scriptRunners: ["run"], runsNames: true, ownCommands: javaScriptOwnCommands,
                unknownCommands: ["build", "exec", "eval", "repl"]),
            "uv": PackageManager(
                flags: [
                    "-q", "--quiet", "-v", "--verbose", "--no-cache", "-n", "--offline", "--native-tls", "--no-progress", "--preview",
                    "--no-preview", "--frozen", "--locked", "--isolated", "--no-config", "--no-python-downloads", "--managed-python",
                    "--no-managed-python",
                ],
                optionsWithValues: ["--project", "--directory", "--cache-dir", "--config-file", "--color", "--python-preference"],
                commandRunners: ["run", "tool run"]),
            "poetry": PackageManager(
                flags: ["-q", "--quiet", "-v", "-vv", "-vvv", "--verbose", "-n", "--no-interaction", "--no-ansi", "--ansi", "--no-plugins", "--no-cache"],
                optionsWithValues: ["-C", "--directory", "-P", "--project"],
                commandRunners: ["run"]),
            "pipenv": PackageManager(
                flags: ["-v", "--verbose", "-q", "--quiet", "--bare", "--clear", "--site-packages"],
                optionsWithValues: ["--python"],
                commandRunners: ["run"]),
            "pdm": PackageManager(
                flags: ["-v", "--verbose", "-q", "--quiet", "-I", "--ignore-python"],
                optionsWithValues: ["-p", "--project"],
                commandRunners: ["run"]),
            "bundle": PackageManager(flags: ["--verbose", "--no-color"], optionsWithValues: [], commandRunners: ["exec"]),
        ]
    }
}
