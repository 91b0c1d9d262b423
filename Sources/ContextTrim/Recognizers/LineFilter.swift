/// A later stage of a pipeline that only picks, counts, orders or lays out
/// the lines the stage before it printed (`| tail -50`, `| grep -v warn`,
/// `| jq .`). One that reads a file of its own (`| cat - notes.txt`,
/// `| head a.txt`, `| grep -r x`, a sed `r` command, an awk `getline`)
/// would splice that file's bytes into the output, so it is none.
enum LineFilter {
    static func readsOnlyItsInput(_ words: [String]) -> Bool {
        guard let program = words.first.map(ShellCommand.basename), let scripts = scriptCounts[program] else { return false }
        let arguments = words.dropFirst()
        let parsed: Parsed?
        switch program {
        case "sed": parsed = sedOptions(arguments)
        case "awk", "gawk", "mawk": parsed = awkOptions(arguments)
        default: parsed = options(arguments, program: program)
        }
        guard let parsed else { return false }
        let allowed = parsed.scriptGiven ? 0 : scripts
        guard program == "tee" || parsed.operands.count <= allowed else { return false }
        guard let script = parsed.operands.first, allowed > 0 else { return true }
        switch program {
        case "sed": return SedScript.onlyEditsLines(script)
        case "awk", "gawk", "mawk": return awkOnlyReadsItsInput(script)
        case "jq": return !["import", "include"].contains { script.contains($0) }
        default: return true
        }
    }

    /// A filter's operands (`-` is its input, not one), and whether an
    /// option gave the script; nil when an option reads a file into the output.
    private struct Parsed {
        var operands: [String] = []
        var scriptGiven = false
    }

    /// Walks a filter's words: every word but `-` that is no option (or
    /// comes after `--`) is an operand, and each option goes to `option`,
    /// which takes its value from `rest` and returns false where the option
    /// makes the filter read a file, or is one it does not know.
    private static func parse(
        _ arguments: ArraySlice<String>, option: (_ word: String, _ rest: inout ArraySlice<String>, _ parsed: inout Parsed) -> Bool
    ) -> Parsed? {
        var parsed = Parsed()
        var rest = arguments
        while let word = rest.popFirst() {
            if word == "--" {
                parsed.operands += rest.filter { $0 != "-" }
                break
            }
            if word.hasPrefix("-"), word != "-" {
                guard option(word, &rest, &parsed) else { return nil }
            } else if word != "-" {
                parsed.operands.append(word)
            }
        }
        return parsed
    }

    /// Options are matched by name, their `=value` apart (`--files0-from=list`),
    /// and long ones also cut short, as GNU getopt takes them (`--rec`).
    private static func options(_ arguments: ArraySlice<String>, program: String) -> Parsed? {
        let valued = ShellCommand.optionsWithValues[program] ?? []
        return parse(arguments) { word, rest, parsed in
            let name = word.hasPrefix("--") ? String(word.prefix { $0 != "=" }) : word
            // jq and rg take long options only whole (jq's `--arg` is no `--argfile`).
            let wholeOnly = program == "jq" || program == "rg"
            let abbreviates = { (option: String) in name == option || (!wholeOnly && name.count > 2 && name.hasPrefix("--") && option.hasPrefix(name)) }
            if readsFiles.contains(where: abbreviates) || (program == "jq" && ["-f", "--from-file"].contains(name))
                // grep's `-r` and `-d recurse` search directories.
                || (program.hasSuffix("grep") && (ShellCommand.isShortOptionCluster(word, holdingAnyOf: "rRd") || abbreviates("--directories"))) {
                return false
            }
            if scriptOptions.contains(name) { parsed.scriptGiven = true }
            if program == "jq" && ["--arg", "--argjson"].contains(word) {
                rest = rest.dropFirst(2)
            } else if valued.contains(word) {
                rest = rest.dropFirst()
            }
            return true
        }
    }

    /// sed's options, each known: a script given with `-e` (in any of its
    /// spellings: `-e S`, `-eS`, `-ne S`, `--expression=S`) is read like the
    /// first operand's; a script file (`-f`, `--file`), in-place editing and
    /// any option it does not know make it none.
    private static func sedOptions(_ arguments: ArraySlice<String>) -> Parsed? {
        parse(arguments) { word, rest, parsed in
            func script(_ attached: Substring?) -> Bool {
                let given = attached.map(String.init) ?? rest.popFirst()
                parsed.scriptGiven = true
                return given.map(SedScript.onlyEditsLines) ?? false
            }
            if word.hasPrefix("--") {
                let name = word.prefix { $0 != "=" }
                let value = name.count < word.count ? word.dropFirst(name.count + 1) : nil
                switch name {
                case "--expression": return script(value)
                case "--line-length": if value == nil { rest = rest.dropFirst() }
                default: return sedLongFlags.contains(String(name))
                }
                return true
            }
            for (offset, letter) in word.dropFirst().enumerated() {
                let attached = word.dropFirst(offset + 2)
                if letter == "e" { return script(attached.isEmpty ? nil : attached) }
                if letter == "l" {
                    if attached.isEmpty { rest = rest.dropFirst() }
                    return true
                }
                guard sedFlags.contains(letter) else { return false }
            }
            return true
        }
    }

    /// `-n`, `-E`/`-r`, `-s`, `-u`, `-z`.
    private static let sedFlags = Set("nErsuz")
    private static let sedLongFlags: Set<String> = [
        "--quiet", "--silent", "--regexp-extended", "--separate", "--unbuffered", "--null-data", "--posix", "--debug", "--sandbox",
    ]

    /// awk's `-F` and `-v`, joined to their value or not; every other option
    /// (a program file, gawk's `--source`, `-E`, `--include`) makes it none.
    private static func awkOptions(_ arguments: ArraySlice<String>) -> Parsed? {
        parse(arguments) { word, rest, _ in
            guard ["-F", "-v"].contains(word.prefix(2)) else { return false }
            if word.count == 2 { rest = rest.dropFirst() }
            return true
        }
    }

    /// An awk program that reads no file: no `getline`, `system`, pipes,
    /// `ARGV` (which could add files to read), gawk's `@` (an indirect call,
    /// `@include`) or `SYMTAB` (which reaches any variable by name).
    private static func awkOnlyReadsItsInput(_ script: String) -> Bool {
        !["getline", "system", "|", "ARGV", "@", "SYMTAB"].contains { script.contains($0) }
    }

    /// How many operands each filter takes as its script rather than as
    /// files to read (`grep PATTERN`, `tr SET1 SET2`); `tee`'s are files it writes.
    private static let scriptCounts: [String: Int] = [
        "grep": 1, "egrep": 1, "fgrep": 1, "rg": 1, "sed": 1, "awk": 1, "gawk": 1, "mawk": 1, "jq": 1, "tr": 2,
        "head": 0, "tail": 0, "sort": 0, "uniq": 0, "wc": 0, "cut": 0, "cat": 0, "nl": 0, "column": 0, "less": 0, "more": 0, "tee": 0,
    ]

    /// Options that give the script, so that every operand is a file (`tail
    /// -f` and `cut -f` mean other things, but take no operands either).
    private static let scriptOptions: Set<String> = ["-e", "-f", "--regexp", "--file", "--from-file"]

    /// Options that read a file into the output (`jq --rawfile`, `sort
    /// --files0-from`); a jq program read from a file (`-f`) cannot be
    /// checked for an `import` of data.
    private static let readsFiles: Set<String> = [
        "--recursive", "--dereference-recursive", "--rawfile", "--slurpfile", "--argfile", "--files0-from",
    ]
}
