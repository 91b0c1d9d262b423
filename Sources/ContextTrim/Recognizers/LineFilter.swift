/// A later stage of a pipeline that only picks, counts, orders or lays out
/// the lines the stage before it printed (`| tail -50`, `| grep -v warn`,
/// `| jq .`). One that reads a file of its own (`| cat - notes.txt`,
/// `| head a.txt`, `| grep -r x`, a sed `r` command, an awk `getline`)
/// would splice that file's bytes into the output, so it is none.
enum LineFilter {
    static func readsOnlyItsInput(_ words: [String]) -> Bool {
        guard let program = words.first.map(ShellCommand.basename), let scripts = scriptCounts[program] else { return false }
        let valued = ShellCommand.optionsWithValues[program] ?? []
        var operands: [String] = []
        var scriptGiven = false
        var optionsEnded = false
        var index = 1
        while index < words.count {
            let word = words[index]
            index += 1
            guard optionsEnded || !word.hasPrefix("-") || word == "-" else {
                if word == "--" { optionsEnded = true; continue }
                if readsFiles.contains(word) || (program.hasSuffix("grep") && ShellCommand.isShortOptionCluster(word, holdingAnyOf: "rR")) { return false }
                // A sed or awk program read from a file cannot be checked.
                if ["sed", "awk", "gawk", "mawk"].contains(program) && ["-f", "--file"].contains(word) { return false }
                if scriptOptions.contains(word) { scriptGiven = true }
                if program == "jq" && ["--arg", "--argjson"].contains(word) { index += 2; continue }
                if valued.contains(word) {
                    if program == "sed" && word == "-e", index < words.count, !SedScript.onlyEditsLines(words[index]) { return false }
                    index += 1
                }
                continue
            }
            if word != "-" { operands.append(word) }
        }
        let allowed = scriptGiven ? 0 : scripts
        guard program == "tee" || operands.count <= allowed else { return false }
        guard let script = operands.first, allowed > 0 else { return true }
        switch program {
        case "sed": return SedScript.onlyEditsLines(script)
        case "awk", "gawk", "mawk": return !["getline", "system", "|", "ARGV"].contains { script.contains($0) }
        default: return true
        }
    }

    /// How many operands each filter takes as its script rather than as
    /// files to read (`grep PATTERN`, `tr SET1 SET2`); `tee`'s are files it writes.
    private static let scriptCounts: [String: Int] = [
        "grep": 1, "egrep": 1, "fgrep": 1, "rg": 1, "sed": 1, "awk": 1, "gawk": 1, "mawk": 1, "jq": 1, "tr": 2,
        "head": 0, "tail": 0, "sort": 0, "uniq": 0, "wc": 0, "cut": 0, "cat": 0, "nl": 0, "column": 0, "less": 0, "more": 0, "tee": 0,
    ]

    /// Options that give the script, so that every operand is a file (`tail
    /// -f` and `cut -f` mean other things, but take no operands either).
    private static let scriptOptions: Set<String> = ["-e", "-f", "--regexp", "--file", "--expression", "--from-file"]

    /// Options that read a file into the output (`jq --rawfile`, `sort --files0-from`).
    private static let readsFiles: Set<String> = [
        "--recursive", "--dereference-recursive", "--rawfile", "--slurpfile", "--argfile", "--files0-from",
    ]
}
