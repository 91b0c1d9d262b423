import Synchronization

/// The repositories a configuration has found at agents' working
/// directories, found and read once each, shared by every request (the proxy
/// serves many from one configuration).
final class RepositorySnapshots: Sendable {
    private let byDirectory = Mutex<[String: RepositoryRules?]>([:])

    /// The rules of the repository that holds `directory`, if any.
    func rules(at directory: String) -> RepositoryRules? {
        if let known = byDirectory.withLock({ $0[directory] }) { return known }
        let found = GitRepository.discover(from: directory).map { RepositoryRules(root: $0.root, gitDirectory: $0.gitDirectory, linkedDirectory: $0.linked) }
        byDirectory.withLock { $0[directory] = found }
        return found
    }
}
