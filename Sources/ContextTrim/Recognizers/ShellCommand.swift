/// Reads a shell command the way a person skimming a log would: which file it
/// prints (`cat`, `sed -n`, `head`, `tail`, `nl`, `bat`, behind `bash -lc`
/// wrappers and `cd x &&`), which listing (`find`, `ls -R`, `tree`,
/// `rg --files`, `git ls-files`, `grep -rl`), or which search (`rg`,
/// `grep -rn`, `git grep`), or terminal output (`TerminalCommand`: a build,
/// a test run, an install). Anything else may print a file's bytes as they
/// are (`git diff`, `cat a b`, `awk`, `jq . f.json`), where every byte may
/// matter for an edit; it, and anything it cannot read, is `.verbatim`, and
/// its output is left alone.
enum ShellCommand {
    /// What a command's output is, and the directory a `cd` moved it to.
    struct Output: Equatable {
        var kind: ContentKind
        var directory: String?
    }

    static func output(of command: String) -> Output {
        tokenize(command).flatMap(analyze) ?? verbatim
    }

    static func output(ofArguments argv: [String]) -> Output {
        analyze(argv.map { .word($0) }) ?? verbatim
    }

    private static let verbatim = Output(kind: .verbatim, directory: nil)

    enum Token: Equatable {
        case word(String)
        case separator
        case pipe
        /// `<`, `<<`, `<<<`: a command reads a file or text given on its standard input.
        case inputRedirect
    }

    // MARK: - Words

    /// Splits a command line into words and operators, honoring quotes and
    /// backslashes. Redirections are dropped; substitutions and unbalanced
    /// quotes make the command unreadable (nil). Works on UTF-8 bytes: every
    /// character with a meaning to the shell is ASCII.
    static func tokenize(_ command: String) -> [Token]? {
        let bytes = Array(command.utf8)
        var tokens: [Token] = []
        var word: [UInt8]?
        var i = 0
        func flush() {
            if let current = word { tokens.append(.word(String(decoding: current, as: UTF8.self))) }
            word = nil
        }
        func next() -> UInt8? { i < bytes.count ? bytes[i] : nil }
        func append(_ part: some Sequence<UInt8>) {
            if word == nil { word = [] }
            word!.append(contentsOf: part)
        }
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                flush()
            case UInt8(ascii: "\n"), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"):
                flush()
                tokens.append(.separator)
            case UInt8(ascii: "'"):
                guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "'")) else { return nil }
                append(bytes[i..<close])
                i = close + 1
            case UInt8(ascii: "\""):
                var text: [UInt8] = []
                var closed = false
                while i < bytes.count {
                    let d = bytes[i]
                    i += 1
                    if d == UInt8(ascii: "\"") { closed = true; break }
                    if d == UInt8(ascii: "`") || (d == UInt8(ascii: "$") && next() == UInt8(ascii: "(")) { return nil }
                    if d == UInt8(ascii: "\\"), let escaped = next(), Array("$`\"\\\n".utf8).contains(escaped) {
                        text.append(escaped)
                        i += 1
                    } else {
                        text.append(d)
                    }
                }
                guard closed else { return nil }
                append(text)
            case UInt8(ascii: "\\"):
                guard let escaped = next() else { return nil }
                append(CollectionOfOne(escaped))
                i += 1
            case UInt8(ascii: "|"):
                flush()
                if next() == UInt8(ascii: "|") {
                    i += 1
                    tokens.append(.separator)
                } else {
                    tokens.append(.pipe)
                }
            case UInt8(ascii: "&"):
                flush()
                if next() == UInt8(ascii: "&") { i += 1 }
                tokens.append(.separator)
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                // Process substitution (`tee >(cat a.txt)`) runs a command of its own.
                guard next() != UInt8(ascii: "(") else { return nil }
                if let current = word, current.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { word = nil }
                flush()
                if c == UInt8(ascii: "<") { tokens.append(.inputRedirect) }
                while let d = next(), d == UInt8(ascii: ">") || d == UInt8(ascii: "&") || d == UInt8(ascii: "|") { i += 1 }
                while let d = next(), (d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9")) || d == UInt8(ascii: "-") { i += 1 }
                while next() == UInt8(ascii: " ") { i += 1 }
                if let d = next(), d == UInt8(ascii: ">") || d == UInt8(ascii: "<"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "(") { return nil }
                // The redirection's target word goes with it.
                while let d = next(), !Array(" ;|&\n".utf8).contains(d) { i += 1 }
            case UInt8(ascii: "`"):
                return nil
            case UInt8(ascii: "$") where next() == UInt8(ascii: "("):
                return nil
            case UInt8(ascii: "#") where word == nil:
                flush()
                return tokens
            default:
                append(CollectionOfOne(c))
            }
        }
        flush()
        return tokens
    }

    // MARK: - Commands

    private static let shells: Set<String> = ["bash", "sh", "zsh", "dash"]
    private static let prefixes: Set<String> = ["env", "command", "sudo", "nice", "time"]

    private static func analyze(_ tokens: [Token]) -> Output? {
        // An editor set to a program of the command's choosing (`GIT_EDITOR=cat
        // git add -e`, `git -c core.editor=cat commit`) prints what it edits.
        guard !tokens.contains(where: setsAnEditor) else { return nil }
        var commands: [[[String]]] = [[]]
        // Which of them read a file or text on a standard input (`| cat < a.py`).
        var redirected = [false]
        var stage: [String] = []
        for token in tokens {
            switch token {
            case .word(let word): stage.append(word)
            case .pipe:
                commands[commands.count - 1].append(stage)
                stage = []
            case .separator:
                commands[commands.count - 1].append(stage)
                stage = []
                commands.append([])
                redirected.append(false)
            case .inputRedirect:
                redirected[redirected.count - 1] = true
            }
        }
        commands[commands.count - 1].append(stage)
        let pipelines = zip(commands, redirected).map { ($0.map(stripPrefixes), $1) }.filter { !$0.0.allSatisfy(\.isEmpty) }

        // One file, listing or search, beside nothing but `cd`s; or only terminal output.
        var directory: String?
        var result: Output?
        var printsTerminalOutput = false
        for (pipeline, readsRedirect) in pipelines {
            let first = pipeline[0]
            if first.first == "cd" {
                guard pipeline.count == 1, first.count <= 2 else { return nil }
                directory = join(directory, first.count == 2 ? first[1] : "~")
                continue
            }
            let output: Output
            if let shell = first.first.map(basename), shells.contains(shell), pipeline.count == 1 {
                guard let script = scriptArgument(first), let inner = tokenize(script).flatMap(analyze) else { return nil }
                output = Output(kind: inner.kind, directory: join(directory, inner.directory))
            } else if let kind = classify(pipeline) {
                // A search of its standard input (`rg x < build.log`) names no files.
                if case .search = kind, tokens.contains(.inputRedirect) { return nil }
                output = Output(kind: kind, directory: directory)
            } else {
                guard !readsRedirect, TerminalCommand.printsTerminalOutput(pipeline) else { return nil }
                output = Output(kind: .commandOutput, directory: directory)
            }
            if output.kind == .commandOutput {
                printsTerminalOutput = true
            } else {
                guard result == nil else { return nil }
                result = output
            }
        }
        guard let result else { return printsTerminalOutput ? Output(kind: .commandOutput, directory: directory) : nil }
        return printsTerminalOutput ? nil : result
    }

    private static func setsAnEditor(_ token: Token) -> Bool {
        guard case .word(let word) = token, let equals = word.firstIndex(of: "=") else { return false }
        let name = word[..<equals].uppercased()
        return name.hasSuffix("EDITOR") || name == "VISUAL"
    }

    /// `git [-C dir] [-c key=value] [--git-dir dir] [--flag] SUBCOMMAND ...`'s subcommand.
    static func gitSubcommand(_ words: [String]) -> String? {
        gitSubcommandIndex(words).map { words[$0] }
    }

    /// Where `gitSubcommand` stands in `words`.
    static func gitSubcommandIndex(_ words: [String]) -> Int? {
        var index = 1
        while index < words.count {
            let word = words[index]
            if ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--super-prefix"].contains(word) { index += 2; continue }
            if word.hasPrefix("-") { index += 1; continue }
            return index
        }
        return nil
    }

    /// Drops `VAR=value` assignments and wrappers like `env`, `timeout 10`.
    private static func stripPrefixes(_ words: [String]) -> [String] {
        var rest = words[...]
        while let first = rest.first {
            if first.contains("=") && !first.hasPrefix("-") && !first.hasPrefix("=") {
                rest = rest.dropFirst()
            } else if prefixes.contains(first) {
                rest = rest.dropFirst()
            } else if first == "timeout" {
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        return Array(rest)
    }

    /// The script of `bash -lc SCRIPT` (any flag cluster with `c`).
    private static func scriptArgument(_ words: [String]) -> String? {
        guard let flag = words.firstIndex(where: { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("c") }),
              flag + 1 < words.count else { return nil }
        return words[flag + 1]
    }

    private static let fileReaders: Set<String> = ["cat", "bat", "batcat", "nl", "head", "tail", "less", "more", "sed"]
    private static let fileFilters: Set<String> = ["head", "tail", "nl", "sed", "cat"]
    private static let listingFilters: Set<String> = ["head", "tail", "sort", "grep", "uniq"]
    /// The options of each reader and filter that take the next word as their value.
    static let optionsWithValues: [String: Set<String>] = [
        "head": ["-n", "-c", "--lines", "--bytes"],
        "tail": ["-n", "-c", "--lines", "--bytes"],
        "grep": grepOptionsWithValues, "egrep": grepOptionsWithValues, "fgrep": grepOptionsWithValues,
        "rg": grepOptionsWithValues.union(["-g", "--glob", "-t", "--type", "-T", "--type-not", "-M", "--max-columns", "-r", "--replace", "-j", "--color", "--colors"]),
        "awk": ["-F", "-v", "-f"], "gawk": ["-F", "-v", "-f"], "mawk": ["-F", "-v", "-f"],
        "jq": ["--indent", "-L", "-f", "--from-file"],
        "sort": ["-k", "--key", "-t", "--field-separator", "-o", "--output", "-S", "--buffer-size", "-T"],
        "uniq": ["-f", "-s", "-w", "--skip-fields", "--skip-chars", "--check-chars"],
        "cut": ["-d", "--delimiter", "-f", "--fields", "-c", "--characters", "-b", "--bytes"],
        "column": ["-s", "-c", "-o", "--separator", "--output-separator"],
        "nl": ["-b", "-d", "-f", "-h", "-i", "-l", "-n", "-s", "-v", "-w"],
        "bat": ["-r", "--line-range", "-l", "--language", "--style", "--theme", "-H", "--highlight-line", "--tabs"],
        "batcat": ["-r", "--line-range", "-l", "--language", "--style", "--theme", "-H", "--highlight-line", "--tabs"],
        "sed": ["-e", "-f", "-l"],
        "tree": ["-L", "-P", "-I", "-o", "-H", "-T", "--charset", "--filelimit", "--sort"],
    ]
    private static let grepOptionsWithValues: Set<String> = [
        "-e", "-f", "-A", "-B", "-C", "-m", "--regexp", "--file", "--after-context", "--before-context", "--context", "--max-count",
    ]

    private static func classify(_ pipeline: [[String]]) -> ContentKind? {
        let first = pipeline[0]
        guard let program = first.first.map(basename) else { return nil }
        let rest = pipeline.dropFirst()
        if fileReaders.contains(program), let path = fileOperand(first, program: program) {
            guard rest.allSatisfy({ isFileFilter($0) }) else { return nil }
            return .file(path: path)
        }
        guard let kind = listingKind(first, program: program) else { return nil }
        guard rest.allSatisfy({ $0.first.map(basename).map(listingFilters.contains) ?? false }) else { return nil }
        return kind
    }

    /// The one file a reader prints; nil when it reads none, several, or
    /// stdin. `sed` counts as a reader only with `-n` (a view, not an edit).
    private static func fileOperand(_ words: [String], program: String) -> String? {
        let parsed = operands(words, program: program)
        guard program != "sed" || (parsed.quiet && parsed.printsLines), parsed.operands.count == 1, parsed.operands[0] != "-" else { return nil }
        return parsed.operands[0]
    }

    /// A later pipeline stage that still shows lines of the file as they are.
    private static func isFileFilter(_ words: [String]) -> Bool {
        guard let program = words.first.map(basename), fileFilters.contains(program) else { return false }
        let parsed = operands(words, program: program)
        return (program != "sed" || (parsed.quiet && parsed.printsLines)) && parsed.operands.isEmpty
    }

    /// A command's operands (its options and their values, and a `sed`
    /// script, left out); whether `sed` was given `-n`, and whether its script
    /// only prints lines by number (`10,40p`, `5p`, `20,$p`): a view of the
    /// file, not an edit of it.
    private static func operands(_ words: [String], program: String) -> (operands: [String], quiet: Bool, printsLines: Bool) {
        let valued = optionsWithValues[program] ?? []
        var operands: [String] = []
        var quiet = false
        var scriptGiven = false
        var scripts: [String] = []
        var optionsEnded = false
        var index = 1
        while index < words.count {
            let word = words[index]
            index += 1
            if !optionsEnded && word == "--" { optionsEnded = true; continue }
            if !optionsEnded && word.hasPrefix("-") && word.count > 1 {
                if program == "sed" && word == "-n" { quiet = true }
                if program == "sed" && (word == "-e" || word == "-f") {
                    scriptGiven = true
                    if word == "-e" && index < words.count { scripts.append(words[index]) }
                }
                if valued.contains(word) { index += 1 }
                continue
            }
            operands.append(word)
        }
        if program == "sed" && !scriptGiven, let script = operands.first {
            scripts.append(script)
            operands.removeFirst()
        }
        let printsLines = !scripts.isEmpty && scripts.allSatisfy(isLinePrint)
        return (operands, quiet, printsLines)
    }

    /// `N p`, `N,M p`, `N,$ p` (and `;`-separated lists of them).
    private static func isLinePrint(_ script: String) -> Bool {
        script.split(separator: ";").allSatisfy { part in
            let command = part.filter { $0 != " " }
            guard command.hasSuffix("p") else { return false }
            return command.dropLast().allSatisfy { $0.isNumber || $0 == "," || $0 == "$" } && command.count > 1
        }
    }

    private static func listingKind(_ words: [String], program: String) -> ContentKind? {
        let arguments = words.dropFirst()
        switch program {
        case "find":
            let actions: Set<String> = ["-exec", "-execdir", "-printf", "-fprintf", "-ls", "-print0", "-delete", "-ok"]
            guard !arguments.contains(where: actions.contains) else { return nil }
            return .listing(.paths, base: nil)
        case "ls":
            guard arguments.contains(where: { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("R") }),
                  !arguments.contains(where: { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("l") }) else { return nil }
            return .listing(.lsRecursive, base: nil)
        case "tree":
            guard !arguments.contains(where: { $0.hasPrefix("-") && $0.contains("f") && !$0.hasPrefix("--") }) else { return nil }
            let operands = operands(words, program: program).operands
            return .listing(.tree, base: operands.count == 1 ? operands[0] : nil)
        case "rg", "ripgrep", "grep", "egrep", "fgrep":
            return SearchCommand.kind(words, program: program)
        case "fd", "fdfind":
            return .listing(.paths, base: nil)
        case "git":
            if gitSubcommand(words) == "ls-files" { return .listing(.paths, base: nil) }
            return gitSubcommand(words) == "grep" ? SearchCommand.kind(words, program: "git grep") : nil
        default:
            return nil
        }
    }

    /// `-3p`, `-vv`, `-rn`: single-dash options run together, one of them a letter in `letters`.
    static func isShortOptionCluster(_ word: String, holdingAnyOf letters: String) -> Bool {
        word.hasPrefix("-") && !word.hasPrefix("--") && word.dropFirst().contains(where: letters.contains)
    }

    static func basename(_ word: String) -> String {
        word.split(separator: "/").last.map(String.init) ?? word
    }

    /// `path` seen from `directory` (itself relative or absolute), or `path`.
    static func join(_ directory: String?, _ path: String?) -> String? {
        guard let path else { return directory }
        guard let directory, !path.hasPrefix("/"), !path.hasPrefix("~") else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}
