import CLibgit2Loader

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the git repository that holds a directory, through libgit2, with
/// every global, XDG and system git configuration shut out.
///
/// libgit2 is loaded only when a directory may be in a repository (it or an
/// ancestor holds a `.git`), so that a run that uses none pays nothing for
/// it (`CLibgit2Loader`). When it cannot be loaded, no repository is found
/// and `loadFailure` says why, for the front ends to report.
public enum GitRepository {
    /// The working directory and git directory of the repository that
    /// contains `directory`, or nil when it is in none (or is bare); and
    /// `directory` where a symbolic link leads, when one does: libgit2's
    /// paths are real ones.
    public static func discover(from directory: String) -> (root: String, gitDirectory: String, linked: LinkedDirectory?)? {
        guard mayBeInRepository(directory), ctxtrim_libgit2_load() == nil else { return nil }
        var repository: OpaquePointer?
        guard ctxtrim_git_repository_open_ext(&repository, directory, 0, nil) == 0, let repository else { return nil }
        defer { ctxtrim_git_repository_free(repository) }
        guard let workdir = ctxtrim_git_repository_workdir(repository), let common = ctxtrim_git_repository_commondir(repository) else { return nil }
        return (trimmingSlash(String(cString: workdir)), trimmingSlash(String(cString: common)), LinkedDirectory(directory))
    }

    /// Why libgit2 could not be loaded, once a discovery tried and failed.
    public static var loadFailure: String? {
        ctxtrim_libgit2_failure().map { String(cString: $0) }
    }

    /// What a front end says, once, when libgit2 could not be loaded: the
    /// run went on (fail open), finding no repository, so that a workspace
    /// named in a request got none of its own rules, and a `--repo`
    /// directory was taken as its repository's root.
    public static var unappliedRulesWarning: String? {
        loadFailure.map {
            "libgit2 could not be loaded (\($0)); no repository was found, so a workspace's own ignore rules were not applied (a --repo directory is taken as its repository's root)"
        }
    }

    /// Whether `directory` or an ancestor holds a `.git` (a directory, or a
    /// worktree's file), or is inside one: where libgit2 may find a repository.
    static func mayBeInRepository(_ directory: String) -> Bool {
        // A relative path's ancestors are the process's: libgit2 decides.
        guard directory.hasPrefix("/") else { return true }
        // The ancestors libgit2 walks are those of the real path: a workspace
        // reached through a symbolic link is in its target's repository. A
        // directory that is not there is in none.
        guard var path = realPath(directory) else { return false }
        while true {
            if path.hasSuffix("/.git") || path.contains("/.git/") { return true }
            var status = stat()
            if lstat((path == "/" ? "" : path) + "/.git", &status) == 0 { return true }
            guard let slash = path.lastIndex(of: "/"), path != "/" else { return false }
            path = slash == path.startIndex ? "/" : String(path[..<slash])
        }
    }

    /// Where `path` leads through every symbolic link; nil when it is not there.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
