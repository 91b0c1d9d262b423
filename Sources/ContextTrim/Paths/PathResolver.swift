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
/// directory and repository root of one request.
public struct PathResolver: Sendable {
    public let workingDirectory: String?
    public let repositoryRoot: String?

    public init(workingDirectory: String?, repositoryRoot: String?) {
        self.workingDirectory = workingDirectory.map(Self.normalize)
        self.repositoryRoot = repositoryRoot.map(Self.normalize)
    }

    /// Resolves `path`, which is relative to `directory` (itself absolute or
    /// relative to the working directory) when it is relative.
    public func resolve(_ path: String, from directory: String? = nil) -> ResolvedPath {
        var joined = path
        if !joined.hasPrefix("/") && !joined.hasPrefix("~") {
            if let directory { joined = ShellCommand.join(directory, joined) ?? joined }
            if !joined.hasPrefix("/"), let workingDirectory { joined = workingDirectory + "/" + joined }
        }
        let normalized = Self.normalize(joined)
        let display = workingDirectory.flatMap { Self.relative(normalized, to: $0) } ?? normalized
        guard normalized.hasPrefix("/") else {
            return ResolvedPath(rulePath: Self.strippingHome(normalized), display: display, inRepository: repositoryRoot != nil && !normalized.hasPrefix("~"))
        }
        if let root = repositoryRoot, let inRoot = Self.relative(normalized, to: root) {
            return ResolvedPath(rulePath: inRoot, display: display, inRepository: true)
        }
        if let cwd = workingDirectory, let inCwd = Self.relative(normalized, to: cwd) {
            return ResolvedPath(rulePath: inCwd, display: display, inRepository: repositoryRoot != nil)
        }
        return ResolvedPath(rulePath: String(normalized.dropFirst()), display: display, inRepository: false)
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
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == ".." && absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
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
