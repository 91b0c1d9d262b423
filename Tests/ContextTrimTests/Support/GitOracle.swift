import CLibgit2
import Foundation
@testable import ContextTrim

/// A throwaway repository on disk in which libgit2 answers whether paths are
/// ignored: the oracle ContextTrim's own matcher must agree with.
final class GitOracle {
    let root: URL
    private var repository: OpaquePointer?

    /// libgit2 (linked into the tests) set up as the product sets it up: no
    /// global, XDG, system or program-data configuration is read.
    private static let initializeLibgit2: Void = {
        git_libgit2_init()
        for level in [GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL] {
            _ = ctxtrim_git_clear_config_search_path(level)
        }
    }()

    /// `ignoreFiles` maps a path inside the repository (`.gitignore`,
    /// `src/.gitignore`, `.git/info/exclude`) to its text; `paths` are created
    /// as files, or as directories when they end in a slash.
    init(ignoreFiles: [String: String], paths: [String]) throws {
        Self.initializeLibgit2
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        guard git_repository_init(&repository, root.path, 0) == 0 else { throw OracleError.libgit2(Self.lastError) }
        for path in paths {
            let url = root.appendingPathComponent(path)
            if path.hasSuffix("/") {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } else {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("x".utf8).write(to: url)
            }
        }
        for (path, text) in ignoreFiles {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    deinit {
        git_repository_free(repository)
        try? FileManager.default.removeItem(at: root)
    }

    /// libgit2's verdict for `path` (relative; a trailing slash marks a directory).
    func isIgnored(_ path: String) throws -> Bool {
        var ignored: Int32 = 0
        guard git_ignore_path_is_ignored(&ignored, repository, path) == 0 else { throw OracleError.libgit2(Self.lastError) }
        return ignored == 1
    }

    /// Git's own verdict (`git check-ignore`), with every configuration file
    /// but the repository's shut out: the referee where libgit2 departs from git.
    func gitIgnores(_ path: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "check-ignore", "-q", path]
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus <= 1 else { throw OracleError.git(process.terminationStatus) }
        return process.terminationStatus == 0
    }

    /// ContextTrim's verdict with the repository's rules only.
    func contextTrimIgnores(_ path: String) -> Bool {
        let rules = RuleSet(secrets: [], sources: [], repository: RepositoryRules(root: root.path))
        let isDirectory = path.hasSuffix("/")
        let trimmed = isDirectory ? String(path.dropLast()) : path
        return rules.decision(for: trimmed, isDirectory: isDirectory)?.isIgnored ?? false
    }

    private static var lastError: String {
        git_error_last().map { String(cString: $0.pointee.message) } ?? "unknown libgit2 error"
    }

    enum OracleError: Error {
        case libgit2(String)
        case git(Int32)
    }
}
