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

    /// The first working directory stated in the segments, and where.
    static func find(in segments: [Segment]) -> (path: String, from: Int)? {
        for segment in segments where segment.kind == .instructions || segment.kind == .text || segment.kind == .toolResult {
            guard let text = segment.text?.decodedBytes else { continue }
            if let path = find(in: text) { return (path, segment.index) }
        }
        return nil
    }

    static func find(in text: [UInt8]) -> String? {
        for marker in markers {
            guard let found = ByteSearch.firstOffset(of: marker.prefix, in: text) else { continue }
            let start = found + marker.prefix.count
            guard start < text.count, text[start] == UInt8(ascii: "/") else { continue }
            var end = start
            while end < text.count && text[end] != marker.terminator && text[end] != UInt8(ascii: "\n") { end += 1 }
            var path = String(decoding: text[start..<end], as: UTF8.self)
            while path.count > 1 && (path.hasSuffix("/") || path.hasSuffix(" ")) { path.removeLast() }
            return path
        }
        return nil
    }
}
