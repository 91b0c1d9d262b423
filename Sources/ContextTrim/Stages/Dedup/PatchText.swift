/// The text a patch the model sent puts in files (Codex's `apply_patch`):
/// an added file's lines, and each changed hunk's lines as they read after
/// it, without their `+` or ` ` marks. A later read of the file shows them
/// again, so they are first copies Dedup may point at.
///
/// The format is Codex's: `*** Begin Patch`, then `*** Add File: P` with
/// `+` lines, `*** Update File: P` (and `*** Move to: Q`) with `@@` hunks
/// of ` `, `-` and `+` lines, `*** Delete File: P`, up to `*** End Patch`.
struct PatchText {
    /// The file the text goes to, as the patch names it.
    let path: String
    /// The hunk's number in its file (1, 2, ...), or nil for an added file.
    let hunk: Int?
    /// Its lines, joined by line feeds.
    let text: [UInt8]

    static func texts(of patch: String) -> [PatchText] {
        var texts: [PatchText] = []
        var path: String?
        var hunk: Int?
        var lines: [Substring] = []
        func close() {
            if let path, !lines.isEmpty { texts.append(PatchText(path: path, hunk: hunk, text: Array(lines.joined(separator: "\n").utf8))) }
            lines = []
        }
        // On line feeds (a Character would hold "\r\n" whole), a CR before one dropped.
        for bytes in patch.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = Substring(bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes)
            if line == "*** End of File" { continue }
            if line.hasPrefix("*** ") {
                close()
                if let added = line.value(after: "*** Add File: ") {
                    (path, hunk) = (added, nil)
                } else if let updated = line.value(after: "*** Update File: ") {
                    (path, hunk) = (updated, 1)
                } else if let moved = line.value(after: "*** Move to: ") {
                    path = moved
                } else {
                    (path, hunk) = (nil, nil)
                }
            } else if line.hasPrefix("@@") {
                // The first hunk may have no `@@`; context lines after another `@@` narrow the same place.
                if !lines.isEmpty {
                    close()
                    hunk = hunk.map { $0 + 1 }
                }
            } else if path != nil, let mark = line.first, mark == "+" || (mark == " " && hunk != nil) {
                lines.append(line.dropFirst())
            } else if line.isEmpty && hunk != nil && path != nil {
                // A blank context line some models send without its space.
                lines.append(line)
            }
        }
        close()
        return texts
    }
}

private extension Substring {
    func value(after prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)).trimmingSpaces : nil
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
