/// curl's and wget's output: a transfer's progress and an API's answer are
/// terminal output; a file fetched to standard output (a raw source file,
/// `file://`, anything whose name has an extension, a raw-media `Accept`)
/// may be the bytes an edit will quote and stays verbatim.
enum Download {
    static func printsTerminalOutput(_ program: String, _ arguments: [String]) -> Bool {
        let tool = program == "curl" ? Tool.curl : Tool.wget
        guard let parsed = tool.parse(arguments) else { return false }
        if parsed.headersOnly { return true }
        // curl pairs its outputs with the addresses in turn and prints the
        // rest; wget's one output takes them all.
        let printed = parsed.addresses.indices.filter { index in
            let output = tool.savesByDefault ? parsed.outputs.last : (index < parsed.outputs.count ? parsed.outputs[index] : parsed.allSaved)
            return output.map(isStandardOutput) ?? !tool.savesByDefault
        }
        return printed.allSatisfy { isAnAPIAnswer(parsed.addresses[$0]) && !parsed.asksForRawMedia }
            && !(printed.isEmpty && parsed.addresses.isEmpty)
    }

    /// Where a program's own output shows: `-`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/1`.
    private static func isStandardOutput(_ path: String) -> Bool {
        ["-", "/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2", "/proc/self/fd/1", "/proc/self/fd/2", "/dev/tty"].contains(path)
    }

    /// What a downloader's options are: which take a value, which letter
    /// names the output file, which fetches only the headers.
    private struct Tool {
        var shortOptionsWithValues: Set<Character>
        var longOptionsWithValues: Set<String>
        var outputLetter: Character
        /// curl's `-O` (save under the remote name) and `-I` (headers only).
        var remoteNameLetter: Character?
        var headersLetter: Character?
        /// Options whose effect it cannot follow: options or addresses read
        /// from a file (curl's `-K`, wget's `-i`), commands (wget's `-e`),
        /// curl's `-:` (`--next`, which starts the options over).
        var unknownLetters: Set<Character>
        var unknownLongOptions: Set<String>
        var writeOutLetter: Character?
        var savesByDefault: Bool

        static let curl = Tool(
            shortOptionsWithValues: Set("AbcCdDeEFHKmoPQrTuUwxXyYz"),
            longOptionsWithValues: [
                "--data", "--data-raw", "--data-binary", "--data-urlencode", "--data-ascii", "--json", "--header", "--user", "--request",
                "--user-agent", "--cookie", "--cookie-jar", "--write-out", "--max-time", "--connect-timeout", "--retry", "--retry-delay",
                "--cacert", "--cert", "--key", "--form", "--proxy", "--referer", "--resolve", "--config", "--limit-rate", "--range",
                "--interface", "--dns-servers", "--oauth2-bearer", "--upload-file", "--variable", "--aws-sigv4", "--unix-socket",
                "--noproxy", "--dump-header", "--trace", "--trace-ascii", "--stderr",
            ],
            outputLetter: "o", remoteNameLetter: "O", headersLetter: "I", unknownLetters: ["K", ":"],
            unknownLongOptions: ["--config", "--next"], writeOutLetter: "w", savesByDefault: false)

        static let wget = Tool(
            shortOptionsWithValues: Set("OoaeiPtTwQUBDlAR"),
            longOptionsWithValues: [
                "--output-file", "--append-output", "--directory-prefix", "--tries", "--timeout", "--wait", "--post-data",
                "--post-file", "--header", "--user-agent", "--user", "--password", "--input-file", "--level", "--accept", "--reject",
                "--execute",
            ],
            outputLetter: "O", remoteNameLetter: nil, headersLetter: nil, unknownLetters: ["i", "e"],
            unknownLongOptions: ["--input-file", "--execute"], writeOutLetter: nil, savesByDefault: true)

        /// What a command line asks: where each body goes, whether only the
        /// headers are fetched, the addresses, and whether a header asks for
        /// a file's raw bytes (GitHub's `application/vnd.github.raw`).
        struct Parsed {
            /// Each output option's file in turn (`-O`: the remote name).
            var outputs: [String] = []
            /// curl's `--remote-name-all`: the file for addresses past the outputs.
            var allSaved: String?
            var headersOnly = false
            var addresses: [String] = []
            var asksForRawMedia = false
        }

        /// A short option that takes a value ends its cluster (`-XPOST`,
        /// `-sSLo FILE`). Nil for an option whose effect it cannot follow.
        func parse(_ arguments: [String]) -> Parsed? {
            var parsed = Parsed()
            var index = 0
            func value(attached: Substring) -> String {
                guard attached.isEmpty else { return String(attached) }
                index += 1
                return index < arguments.count ? arguments[index] : ""
            }
            while index < arguments.count {
                let argument = arguments[index]
                if argument.hasPrefix("--") {
                    let equals = argument.firstIndex(of: "=")
                    let name = equals.map { String(argument[..<$0]) } ?? argument
                    let attached = equals.map { argument[argument.index(after: $0)...] } ?? ""
                    switch name {
                    case "--output", "--output-document": parsed.outputs.append(value(attached: attached))
                    case "--remote-name": parsed.outputs.append(remoteName)
                    case "--remote-name-all": parsed.allSaved = remoteName
                    case "--head": parsed.headersOnly = true
                    case "--url": parsed.addresses.append(value(attached: attached))
                    case _ where unknownLongOptions.contains(name) || name.hasPrefix("--expand-"): return nil
                    case "--write-out": if value(attached: attached).hasPrefix("@") { return nil }
                    case "--header": parsed.asksForRawMedia = parsed.asksForRawMedia || Self.asksForRawMedia(value(attached: attached))
                    default: if longOptionsWithValues.contains(name) { _ = value(attached: attached) }
                    }
                } else if argument.hasPrefix("-") && argument.count > 1 {
                    for (offset, letter) in argument.dropFirst().enumerated() {
                        if letter == headersLetter { parsed.headersOnly = true }
                        if letter == remoteNameLetter { parsed.outputs.append(remoteName) }
                        if unknownLetters.contains(letter) { return nil }
                        guard shortOptionsWithValues.contains(letter) else { continue }
                        let given = value(attached: argument.dropFirst(offset + 2))
                        if letter == outputLetter { parsed.outputs.append(given) }
                        // curl's `-w @FILE` prints the file.
                        if letter == writeOutLetter && given.hasPrefix("@") { return nil }
                        if letter == "H" { parsed.asksForRawMedia = parsed.asksForRawMedia || Self.asksForRawMedia(given) }
                        break
                    }
                } else {
                    parsed.addresses.append(argument)
                }
                index += 1
            }
            return parsed
        }

        private var remoteName: String { "(the remote name)" }

        /// An `Accept` of raw media returns a file's bytes from an API
        /// (GitHub's contents API), and of a diff or patch a diff of them.
        private static func asksForRawMedia(_ header: String) -> Bool {
            let lowered = header.lowercased()
            return lowered.hasPrefix("accept") && ["raw", "diff", "patch"].contains { lowered.contains($0) }
        }
    }

    /// An http(s) address (the scheme may be left out) that names no file:
    /// no raw-file host, `/raw/` path, `raw` last segment or `raw=` query,
    /// no extension on its last segment but a web page's, and not this
    /// machine's (a local server may serve the workspace as it is).
    private static func isAnAPIAnswer(_ address: String) -> Bool {
        let lowered = address.lowercased()
        guard !lowered.hasPrefix("file:") else { return false }
        let scheme = lowered.range(of: "://")
        guard scheme.map({ ["http", "https"].contains(lowered[..<$0.lowerBound]) }) ?? true else { return false }
        let rest = lowered[(scheme?.upperBound ?? lowered.startIndex)...]
        let location = rest.prefix { $0 != "?" && $0 != "#" }
        let host = location.prefix { $0 != "/" }
        guard !isLocal(host), !rawFileHosts.contains(String(host.prefix { $0 != ":" })), !location.contains("/raw/"),
              !rest.dropFirst(location.count).contains("raw=") else { return false }
        guard let name = location.dropFirst(host.count).split(separator: "/").last else { return true }
        guard name != "raw" else { return false }
        guard let dot = name.lastIndex(of: ".") else { return true }
        return webPageExtensions.contains(String(name[name.index(after: dot)...]))
    }

    private static func isLocal(_ host: Substring) -> Bool {
        let name = host.hasPrefix("[") ? host.prefix { $0 != "]" } + "]" : host.prefix { $0 != ":" }
        return name == "localhost" || name.hasSuffix(".localhost") || name.hasPrefix("127.") || name == "0.0.0.0" || name == "[::1]"
    }

    private static let rawFileHosts: Set<String> = ["raw.githubusercontent.com", "gist.githubusercontent.com", "raw.github.com"]
    private static let webPageExtensions: Set<String> = ["html", "htm", "php", "asp", "aspx", "jsp", "cgi"]
}
