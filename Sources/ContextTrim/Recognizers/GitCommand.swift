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
        case "status": return !arguments.contains { $0 == "--verbose" || ShellCommand.isShortOptionCluster($0, holdingAnyOf: "v") }
        case "commit": return !arguments.contains { ["--verbose", "--patch", "--interactive"].contains($0) || ShellCommand.isShortOptionCluster($0, holdingAnyOf: "vp") }
        case "add", "checkout", "reset", "restore": return !arguments.contains { ["--patch", "--interactive"].contains($0) || ShellCommand.isShortOptionCluster($0, holdingAnyOf: "pi") }
        default: return true
        }
    }

    private static let reports: Set<String> = [
        "status", "fetch", "pull", "push", "clone", "commit", "checkout", "switch", "branch", "add", "rm", "mv", "restore", "reset",
        "rebase", "merge", "cherry-pick", "revert", "tag", "init", "remote", "worktree", "shortlog", "describe", "rev-parse",
        "ls-remote", "gc", "prune", "log", "stash",
    ]

    /// Options of `git log` (and `git stash list`) that print each commit's
    /// patch: `-p`, `-U3`, `--cc`, `-m`, `--remerge-diff`, `-W`, `-L1,9:f`,
    /// `--word-diff`; in a cluster too (`-3p`).
    private static func showsPatches(_ arguments: ArraySlice<String>) -> Bool {
        arguments.contains { argument in
            patchOptions.contains(argument) || patchOptionPrefixes.contains { argument.hasPrefix($0) }
                || ShellCommand.isShortOptionCluster(argument, holdingAnyOf: "puUWcmL")
        }
    }

    private static let patchOptions: Set<String> = [
        "--patch", "--patch-with-stat", "--patch-with-raw", "--cc", "--remerge-diff", "--function-context", "--full-diff", "--ext-diff",
    ]
    private static let patchOptionPrefixes = ["--unified", "--diff-merges", "--word-diff", "--color-words", "--dd"]
}
