/// Finds the agent's working directory where each agent states it.
enum WorkingDirectory {
    /// The markers agents put before (and after) an absolute working directory:
    /// Claude Code's `<env>` block, Codex's `<environment_context>`, Cline's
    /// system prompt and environment details, SWE-agent's observation footer.
    static let markers: [(prefix: [UInt8], terminator: UInt8)] = [
        (Array("Working directory: ".utf8), UInt8(ascii: "\n")),
        (Array("<cwd>".utf8), UInt8(ascii: "<")),
        (Array("Current Working Directory (".utf8), UInt8(ascii: ")")),
        (Array("Current Working Directory: ".utf8), UInt8(ascii: "\n")),
        (Array("(Current directory: ".utf8), UInt8(ascii: ")")),
    ]

    /// The first working directory stated in the segments, and where. Only
    /// the harness states it (instructions, user turns, tool output); an
    /// assistant merely quoting a directory does not count.
    static func find(in segments: [Segment]) -> (path: String, from: Int)? {
        for segment in segments where segment.kind == .instructions || segment.mayHoldToolOutput {
            guard let text = segment.text?.decodedBytes else { continue }
            if let path = find(in: text) { return (path, segment.index) }
        }
        return nil
    }

    /// The directory after the earliest marker in `text` that is followed by
    /// an absolute path, outside any SWE-agent demonstration (whose
    /// directory is the demo's, not the agent's).
    static func find(in text: [UInt8]) -> String? {
        let demonstrations = demonstrationRanges(in: text)
        var earliest: (offset: Int, path: String)?
        for marker in markers {
            var from = 0
            while let found = ByteSearch.firstOffset(of: marker.prefix, in: text, from: from, to: earliest?.offset) {
                from = found + 1
                if demonstrations.contains(where: { $0.contains(found) }) { continue }
                let start = found + marker.prefix.count
                guard start < text.count, text[start] == UInt8(ascii: "/") else { continue }
                var end = start
                while end < text.count && text[end] != marker.terminator && text[end] != UInt8(ascii: "\n") { end += 1 }
                var path = String(decoding: text[start..<end], as: UTF8.self)
                while path.count > 1 && (path.hasSuffix("/") || path.hasSuffix(" ")) { path.removeLast() }
                earliest = (found, path)
                break
            }
        }
        return earliest?.path
    }

    /// SWE-agent's `--- DEMONSTRATION ---` … `--- END OF DEMONSTRATION ---` spans.
    static func demonstrationRanges(in text: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var from = 0
        while let start = text.offset(of: "--- DEMONSTRATION ---", from: from) {
            let end = text.offset(of: "--- END OF DEMONSTRATION ---", from: start) ?? text.count
            ranges.append(start..<end)
            from = end
        }
        return ranges
    }
}
