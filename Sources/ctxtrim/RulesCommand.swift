import ArgumentParser
import ContextTrim
import Foundation

/// `ctxtrim rules`: inspect the ignore rules in force.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Show which rule decides a path, or list the rule sources.",
        subcommands: [Check.self, List.self]
    )

    /// `ctxtrim rules check PATH…`, like `git check-ignore -v -n`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Print the rule that decides each path: SOURCE:LINE:PATTERN<TAB>PATH, or ::<TAB>PATH when none does.",
            discussion: "Paths are relative to the current directory (or absolute), and are matched against the repository that holds it, if any; a trailing slash marks a directory. Exits 0 when at least one path is ignored, 1 when none is."
        )

        @Argument(help: "The paths to check.")
        var paths: [String]

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let ruleSet = try rules.configuration().rules(workingDirectory: FileManager.default.currentDirectoryPath)
            if let warning = GitRepository.unappliedRulesWarning { StandardStreams.warn(warning) }
            let resolver = PathResolver(workingDirectory: FileManager.default.currentDirectoryPath, repositoryRoot: ruleSet.repository?.root,
                                        linkedDirectory: ruleSet.repository?.linkedDirectory)
            var anyIgnored = false
            for path in paths {
                let isDirectory = path.hasSuffix("/")
                let resolved = resolver.resolve(path)
                let decision = ruleSet.decision(for: resolved.rulePath, isDirectory: isDirectory, inRepository: resolved.inRepository)
                if let decision {
                    anyIgnored = anyIgnored || decision.isIgnored
                    print("\(decision.sourceName):\(decision.rule.line):\(decision.rule.text)\t\(path)")
                } else {
                    print("::\t\(path)")
                }
            }
            if !anyIgnored { throw ExitCode(1) }
        }
    }

    /// `ctxtrim rules list`: the sources in precedence order.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the active rule sources, lowest precedence first (secrets apart: nothing re-includes what they drop)."
        )

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let ruleSet = try rules.configuration().rules(workingDirectory: FileManager.default.currentDirectoryPath)
            if let warning = GitRepository.unappliedRulesWarning { StandardStreams.warn(warning) }
            for source in ruleSet.sources() {
                let count = source.rules.count
                print("\(source.layer)\t\(source.name)\t\(count) \(count == 1 ? "rule" : "rules")")
            }
            if let repository = ruleSet.repository {
                print("gitignore\t\(repository.root)/**/.gitignore\tread per directory, deeper files winning")
            }
        }
    }
}
