/// git's reports (status, history, branches, fetch and push progress) as
/// against what prints a patch or a file's bytes (`diff`, `show`,
/// `log -p`, `status -v`, `add -p`, `stash show`), which stays verbatim.
enum GitCommand {
    /// Whether `git ...` prints a report. Plain `git` prints its usage.
    static func printsAReport(_ words: [String]) -> Bool {
        guard let index = ShellCommand.gitSubcommandIndex(words) else { return true }
        let subcommand = words[index]
        let arguments = words[(index + 1)...]
        guard reports.contains(subcommand) else { return false }
        switch subcommand {
        case "log": return !showsPatches(arguments)
        case "stash": return !arguments.contains("show") && !showsPatches(arguments)
        case "status": return !arguments.contains { abbreviates($0, ["--verbose"]) || ShellCommand.isShortOptionCluster($0, holdingAnyOf: "v") }
        // `commit -t FILE` shows the file in the editor, and `-F FILE` takes the message from it.
        case "commit":
            return !arguments.contains {
                abbreviates($0, ["--verbose", "--patch", "--interactive", "--template", "--file"]) || ShellCommand.isShortOptionCluster($0, holdingAnyOf: "vptF")
            }
        // `add -e` shows the patch in the editor.
        case "add", "checkout", "reset", "restore":
            return !arguments.contains { abbreviates($0, ["--patch", "--interactive", "--edit"]) || ShellCommand.isShortOptionCluster($0, holdingAnyOf: "pie") }
        // `rebase -x CMD` runs a command after each commit.
        case "rebase": return !arguments.contains { abbreviates($0, ["--exec"]) || ShellCommand.isShortOptionCluster($0, holdingAnyOf: "x") }
        default: return true
        }
    }

    private static let reports: Set<String> = [
        "status", "fetch", "pull", "push", "clone", "commit", "checkout", "switch", "branch", "add", "rm", "mv", "restore", "reset",
        "rebase", "merge", "cherry-pick", "revert", "tag", "init", "remote", "worktree", "shortlog", "describe", "rev-parse",
        "ls-remote", "gc", "prune", "log", "stash",
    ]

    /// Options of `git log` (and `git stash list`) that print each commit's
    /// patch or its lines: `-p`, `-U3`, `--cc`, `-m`, `--remerge-diff`, `-W`,
    /// `-L1,9:f`, `--word-diff`, `--binary`, `--check`; in a cluster too
    /// (`-3p`). `--color` is an option of its own, not `--color-words` cut short.
    private static func showsPatches(_ arguments: ArraySlice<String>) -> Bool {
        arguments.contains { argument in
            (abbreviates(argument, patchOptions) && argument.prefix { $0 != "=" } != "--color")
                || ShellCommand.isShortOptionCluster(argument, holdingAnyOf: "puUWcmL")
        }
    }

    private static let patchOptions = [
        "--patch", "--patch-with-stat", "--patch-with-raw", "--cc", "--remerge-diff", "--function-context", "--full-diff", "--ext-diff",
        "--binary", "--check", "--unified", "--diff-merges", "--word-diff", "--word-diff-regex", "--color-words", "--dd",
    ]

    /// Whether `argument` is one of the long `options` or, as git accepts,
    /// the start of one (`--pat` for `--patch`), with or without `=value`.
    private static func abbreviates(_ argument: String, _ options: [String]) -> Bool {
        let name = argument.prefix { $0 != "=" }
        return name.count > 2 && name.hasPrefix("--") && options.contains { $0.hasPrefix(name) }
    }
}
