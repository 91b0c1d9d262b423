/// curl's and wget's output: a transfer's progress and an API's answer are
/// terminal output; a file fetched to standard output (a raw source file,
/// `file://`, anything whose name has an extension) may be the bytes an edit
/// will quote and stays verbatim.
enum Download {
    static func printsTerminalOutput(_ program: String, _ arguments: [String]) -> Bool {
        let tool = program == "curl" ? Tool.curl : Tool.wget
        let parsed = tool.parse(arguments)
        if parsed.headersOnly || parsed.output.map({ $0 != "-" && $0 != "/dev/stdout" }) ?? tool.savesByDefault { return true }
        return !parsed.addresses.isEmpty && parsed.addresses.allSatisfy(isAnAPIAnswer)
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
            outputLetter: "o", remoteNameLetter: "O", headersLetter: "I", savesByDefault: false)

        static let wget = Tool(
            shortOptionsWithValues: Set("OoaeiPtTwQUBDlAR"),
            longOptionsWithValues: [
                "--output-file", "--append-output", "--directory-prefix", "--tries", "--timeout", "--wait", "--post-data",
                "--post-file", "--header", "--user-agent", "--user", "--password", "--input-file", "--level", "--accept", "--reject",
                "--execute",
            ],
            outputLetter: "O", remoteNameLetter: nil, headersLetter: nil, savesByDefault: true)

        /// Where the body goes (nil: the default), whether only the headers
        /// are fetched, and the addresses fetched. A short option that takes
        /// a value ends its cluster (`-XPOST`, `-sSLo FILE`).
        func parse(_ arguments: [String]) -> (output: String?, headersOnly: Bool, addresses: [String]) {
            var output: String?
            var headersOnly = false
            var addresses: [String] = []
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
                    case "--output", "--output-document": output = value(attached: attached)
                    case "--remote-name", "--remote-name-all": output = "(the remote name)"
                    case "--head": headersOnly = true
                    case "--url": addresses.append(value(attached: attached))
                    default: if longOptionsWithValues.contains(name) { _ = value(attached: attached) }
                    }
                } else if argument.hasPrefix("-") && argument.count > 1 {
                    for (offset, letter) in argument.dropFirst().enumerated() {
                        if letter == headersLetter { headersOnly = true }
                        if letter == remoteNameLetter { output = "(the remote name)" }
                        guard shortOptionsWithValues.contains(letter) else { continue }
                        let given = value(attached: argument.dropFirst(offset + 2))
                        if letter == outputLetter { output = given }
                        break
                    }
                } else {
                    addresses.append(argument)
                }
                index += 1
            }
            return (output, headersOnly, addresses)
        }
    }

    /// An http(s) address (the scheme may be left out) that names no file:
    /// no raw-file host or `/raw/` path, and no extension on its last
    /// segment but a web page's.
    private static func isAnAPIAnswer(_ address: String) -> Bool {
        let lowered = address.lowercased()
        let scheme = lowered.range(of: "://")
        guard scheme.map({ ["http", "https"].contains(lowered[..<$0.lowerBound]) }) ?? true else { return false }
        let location = lowered[(scheme?.upperBound ?? lowered.startIndex)...].prefix { $0 != "?" && $0 != "#" }
        let host = location.prefix { $0 != "/" }
        guard !rawFileHosts.contains(String(host.prefix { $0 != ":" })), !location.contains("/raw/") else { return false }
        guard let name = location.dropFirst(host.count).split(separator: "/").last, let dot = name.lastIndex(of: ".") else { return true }
        return webPageExtensions.contains(String(name[name.index(after: dot)...]))
    }

    private static let rawFileHosts: Set<String> = ["raw.githubusercontent.com", "gist.githubusercontent.com", "raw.github.com"]
    private static let webPageExtensions: Set<String> = ["html", "htm", "php", "asp", "aspx", "jsp", "cgi"]
}
