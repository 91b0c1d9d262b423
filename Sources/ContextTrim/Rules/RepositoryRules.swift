import Foundation
import Synchronization

/// A repository's own ignore rules: `.git/info/exclude`, the `.gitignore` of
/// every directory (read when a path below it is first asked about, as git
/// reads them while walking), and the `.ctxtrimignore` at its root.
///
/// The user's global git configuration (`core.excludesFile`) is deliberately
/// not read, so that results do not depend on the machine.
public final class RepositoryRules: Sendable {
    /// The repository's working directory, absolute, without trailing slash.
    public let root: String
    /// The directory it was found from, when requests name it through a
    /// symbolic link: their paths are placed at its real path.
    public let linkedDirectory: LinkedDirectory?
    let exclude: RuleSource?
    let ctxtrimignore: RuleSource?
    private let gitignores = Mutex<[String: RuleSource?]>([:])

    /// Reads the rules of the repository whose working directory is `root`.
    /// `gitDirectory` is where its `info/exclude` lives (`root/.git` for an
    /// ordinary repository).
    public init(root: String, gitDirectory: String? = nil, linkedDirectory: LinkedDirectory? = nil) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.linkedDirectory = linkedDirectory
        let gitDirectory = gitDirectory ?? self.root + "/.git"
        exclude = Self.read(gitDirectory + "/info/exclude", name: ".git/info/exclude", layer: .repositoryExclude, base: "")
        ctxtrimignore = Self.read(self.root + "/.ctxtrimignore", name: ".ctxtrimignore", layer: .ctxtrimignore, base: "")
    }

    /// The sources that apply to `path`, lowest precedence first: the
    /// exclude file, the `.gitignore` of the root and of each ancestor
    /// directory from the top down, then `.ctxtrimignore`.
    func sources(for path: RulePath) -> [RuleSource] {
        var result: [RuleSource] = []
        if let exclude { result.append(exclude) }
        for directory in [""] + path.ancestors.map({ $0.string + "/" }) {
            if let source = gitignore(in: directory) { result.append(source) }
        }
        if let ctxtrimignore { result.append(ctxtrimignore) }
        return result
    }

    private func gitignore(in directory: String) -> RuleSource? {
        if let cached = gitignores.withLock({ $0[directory] }) { return cached }
        let source = Self.read(root + "/" + directory + ".gitignore", name: directory + ".gitignore", layer: .gitignore, base: directory)
        gitignores.withLock { $0[directory] = source }
        return source
    }

    private static func read(_ path: String, name: String, layer: RuleSource.Layer, base: String) -> RuleSource? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return RuleSource(name: name, layer: layer, base: base, text: String(decoding: data, as: UTF8.self))
    }
}
