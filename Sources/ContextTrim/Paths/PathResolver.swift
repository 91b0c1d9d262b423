/// A path from a request, resolved for matching and for display.
public struct ResolvedPath: Sendable, Equatable {
    /// What the rules match: relative to the repository root (or the working
    /// directory), or an absolute path outside both without its leading slash.
    public let rulePath: String
    /// What stubs print: relative to the working directory when below it,
    /// else as the agent wrote it, normalized.
    public let display: String
    /// Whether the repository's own rules apply to it.
    public let inRepository: Bool
}

/// Resolves the paths agents write (absolute, relative to their working
/// directory, relative to a tool's `workdir` or a `cd`) against the working
/// directory and repository root of one request. Paths display as the agent
/// sees them, and are matched where they really are in the repository: below
/// a directory reached through a symbolic link (`linkedDirectory`), at its
/// real path, as the tools that open them would.
public struct PathResolver: Sendable {
    public let workingDirectory: String?
    public let repositoryRoot: String?
    public let linkedDirectory: LinkedDirectory?
    /// The working directory where it really is.
    private let placedWorkingDirectory: String?

    public init(workingDirectory: String?, repositoryRoot: String?, linkedDirectory: LinkedDirectory? = nil) {
        self.workingDirectory = workingDirectory.map(Self.normalize)
        self.repositoryRoot = repositoryRoot.map(Self.normalize)
        self.linkedDirectory = linkedDirectory
        placedWorkingDirectory = self.workingDirectory.map { linkedDirectory?.placing($0) ?? $0 }
    }

    /// Resolves `path`, which is relative to `directory` (itself absolute or
    /// relative to the working directory) when it is relative.
    public func resolve(_ path: String, from directory: String? = nil) -> ResolvedPath {
        var joined = path
        if let directory, !Self.isRooted(joined) { joined = ShellCommand.join(directory, joined) ?? joined }
        // Where the path really is, when a link makes it differ from what it says.
        var placed: String?
        if !Self.isRooted(joined) {
            let relative = Self.normalize(joined)
            if relative != "." && relative != ".." && !relative.hasPrefix("../") {
                return resolveBelowWorkingDirectory(relative)
            }
            if let workingDirectory, let placedWorkingDirectory {
                // `..` from a linked working directory climbs from its real path.
                if linkedDirectory != nil { placed = Self.normalize(placedWorkingDirectory + "/" + joined) }
                joined = workingDirectory + "/" + joined
            }
        }
        let normalized = Self.normalize(joined)
        let display = workingDirectory.flatMap { Self.relative(normalized, to: $0) } ?? normalized
        guard normalized.hasPrefix("/") else {
            let escapes = normalized.hasPrefix("~") || normalized == ".." || normalized.hasPrefix("../")
            return ResolvedPath(rulePath: Self.strippingHome(normalized), display: display, inRepository: repositoryRoot != nil && !escapes)
        }
        let location = placed ?? linkedDirectory?.placing(normalized) ?? normalized
        if let root = repositoryRoot, let inRoot = Self.relative(location, to: root) {
            return ResolvedPath(rulePath: inRoot, display: display, inRepository: true)
        }
        if let cwd = placedWorkingDirectory, let inCwd = Self.relative(location, to: cwd) {
            return ResolvedPath(rulePath: inCwd, display: display, inRepository: repositoryRoot != nil)
        }
        return ResolvedPath(rulePath: String(location.dropFirst()), display: display, inRepository: false)
    }

    /// A normalized relative path that stays below the working directory:
    /// the common case, resolved without building the absolute path.
    private func resolveBelowWorkingDirectory(_ relative: String) -> ResolvedPath {
        guard let root = repositoryRoot else { return ResolvedPath(rulePath: relative, display: relative, inRepository: false) }
        if let workingDirectory = placedWorkingDirectory, workingDirectory != root, let inRoot = Self.relative(workingDirectory, to: root) {
            return ResolvedPath(rulePath: inRoot + "/" + relative, display: relative, inRepository: true)
        }
        return ResolvedPath(rulePath: relative, display: relative, inRepository: true)
    }

    private static func isRooted(_ path: String) -> Bool {
        path.utf8.first == UInt8(ascii: "/") || path.utf8.first == UInt8(ascii: "~")
    }

    /// `path` relative to `directory`, or nil when it is not below it.
    static func relative(_ path: String, to directory: String) -> String? {
        if directory == "/" { return path.count > 1 ? String(path.dropFirst()) : nil }
        guard path.hasPrefix(directory + "/") else { return nil }
        let rest = path.dropFirst(directory.count + 1)
        return rest.isEmpty ? nil : String(rest)
    }

    /// Collapses `//`, `.` and `..` components and drops a trailing slash.
    static func normalize(_ path: String) -> String {
        if isNormal(path) { return path }
        let bytes = Array(path.utf8)
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        let absolute = bytes.first == slash
        func isParent(_ part: Range<Int>) -> Bool { part.count == 2 && bytes[part.lowerBound] == dot && bytes[part.lowerBound + 1] == dot }
        var parts: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            while i < bytes.count && bytes[i] == slash { i += 1 }
            let start = i
            while i < bytes.count && bytes[i] != slash { i += 1 }
            let part = start..<i
            if part.isEmpty || (part.count == 1 && bytes[start] == dot) { continue }
            if isParent(part) {
                if let last = parts.last, !isParent(last) { parts.removeLast(); continue }
                if absolute { continue }
            }
            parts.append(part)
        }
        var output: [UInt8] = absolute ? [slash] : []
        for (index, part) in parts.enumerated() {
            if index > 0 { output.append(slash) }
            output.append(contentsOf: bytes[part])
        }
        return output.isEmpty ? "." : String(decoding: output, as: UTF8.self)
    }

    /// Whether `path` has nothing to collapse: no empty, `.` or `..`
    /// component and no trailing slash (the common case, checked in one pass).
    private static func isNormal(_ path: String) -> Bool {
        guard !path.isEmpty, path == "/" || !path.hasSuffix("/") else { return path == "/" }
        var length = 0
        var dots = 0
        var offset = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if offset > 0 && (length == 0 || (length <= 2 && dots == length)) { return false }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") && dots == length - 1 { dots += 1 }
            }
            offset += 1
        }
        return !(length <= 2 && dots == length)
    }

    private static func strippingHome(_ path: String) -> String {
        path.hasPrefix("~/") ? String(path.dropFirst(2)) : path
    }
}
