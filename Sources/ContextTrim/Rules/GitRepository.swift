import CLibgit2

/// Finds the git repository that holds a directory, through libgit2, with
/// every global, XDG and system git configuration shut out.
public enum GitRepository {
    /// The working directory and git directory of the repository that
    /// contains `directory`, or nil when it is in none (or is bare).
    public static func discover(from directory: String) -> (root: String, gitDirectory: String)? {
        Libgit2.ensureInitialized()
        var repository: OpaquePointer?
        guard git_repository_open_ext(&repository, directory, 0, nil) == 0, let repository else { return nil }
        defer { git_repository_free(repository) }
        guard let workdir = git_repository_workdir(repository), let common = git_repository_commondir(repository) else { return nil }
        return (trimmingSlash(String(cString: workdir)), trimmingSlash(String(cString: common)))
    }

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}

/// One-time libgit2 set-up shared by everything that calls it.
public enum Libgit2 {
    private static let initialized: Bool = {
        git_libgit2_init()
        for level in [GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL] {
            _ = ctxtrim_git_clear_config_search_path(level)
        }
        return true
    }()

    /// Initializes libgit2 and empties its configuration search paths, once.
    public static func ensureInitialized() {
        _ = initialized
    }
}
