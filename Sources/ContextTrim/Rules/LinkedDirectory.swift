/// A directory that requests name by a path through a symbolic link, and the
/// real path the link leads to: a workspace at `~/ws` that is the monorepo's
/// `/src/mono/packages/web`. Its repository's rules see the real path, so the
/// paths below it are placed there before they are matched.
public struct LinkedDirectory: Sendable, Equatable {
    /// The directory as requests name it, absolute and normalized.
    public let path: String
    /// Where it really is.
    public let realPath: String

    public init(path: String, realPath: String) {
        self.path = PathResolver.normalize(path)
        self.realPath = PathResolver.normalize(realPath)
    }

    /// `directory` and its real path, when a link makes them differ.
    init?(_ directory: String) {
        guard directory.hasPrefix("/"), let real = GitRepository.realPath(directory) else { return nil }
        self.init(path: directory, realPath: real)
        guard path != realPath else { return nil }
    }

    /// `path` (absolute, normalized) with this directory's name for itself
    /// replaced by its real path; any other path unchanged.
    func placing(_ absolute: String) -> String {
        if absolute == path { return realPath }
        guard let below = PathResolver.relative(absolute, to: path) else { return absolute }
        return realPath == "/" ? "/" + below : realPath + "/" + below
    }
}
