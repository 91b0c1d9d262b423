import Foundation
import Testing
@testable import ContextTrim

@Suite("rule layers")
struct RuleSetTests {
    func source(_ name: String, _ layer: RuleSource.Layer, _ text: String, base: String = "") -> RuleSource {
        RuleSource(name: name, layer: layer, base: base, text: text)
    }

    @Test("each decision names its rule, file and line")
    func provenance() throws {
        let rules = RuleSet(secrets: [], sources: [source("rules/dependencies.ignore", .defaults, "# deps\n\nnode_modules/\nvendor/\n")])
        let decision = try #require(rules.decision(for: "web/node_modules/react/index.js", isDirectory: false))
        #expect(decision.isIgnored)
        #expect(decision.rule.text == "node_modules/")
        #expect(decision.rule.line == 3)
        #expect(decision.sourceName == "rules/dependencies.ignore")
        #expect(decision.matchedPath == "web/node_modules")
        #expect(decision.citation == #""node_modules/" at rules/dependencies.ignore:3"#)
        #expect(rules.decision(for: "src/app.ts", isDirectory: false) == nil)
    }

    @Test("a later layer overrides an earlier one")
    func precedence() {
        let rules = RuleSet(secrets: [], sources: [
            source("defaults", .defaults, "vendor/\n*.lock\n"),
            source("mine.ignore", .user, "!Cargo.lock\n"),
        ])
        #expect(rules.decision(for: "yarn.lock", isDirectory: false)?.isIgnored == true)
        #expect(rules.decision(for: "Cargo.lock", isDirectory: false)?.isIgnored == false)
        #expect(rules.decision(for: "Cargo.lock", isDirectory: false)?.sourceName == "mine.ignore")
    }

    @Test("secrets cannot be re-included by any other layer")
    func secrets() {
        let rules = RuleSet(secrets: [source("rules/secrets.ignore", .secrets, ".env\n.env.*\n!.env.example\n")],
                            sources: [source("mine.ignore", .user, "!.env\n!.env.local\n")])
        #expect(rules.decision(for: ".env", isDirectory: false)?.isIgnored == true)
        #expect(rules.decision(for: "config/.env.local", isDirectory: false)?.sourceName == "rules/secrets.ignore")
        #expect(rules.decision(for: ".env.example", isDirectory: false)?.isIgnored != true)
        let off = RuleSet(secrets: [], sources: [source("mine.ignore", .user, "!.env\n")])
        #expect(off.decision(for: ".env", isDirectory: false)?.isIgnored == false)
    }

    @Test("a nested file's patterns apply only below its directory")
    func nestedBase() {
        let rules = RuleSet(secrets: [], sources: [source("src/.gitignore", .gitignore, "*.gen\n/local.txt\n", base: "src/")])
        #expect(rules.decision(for: "src/a.gen", isDirectory: false)?.isIgnored == true)
        #expect(rules.decision(for: "a.gen", isDirectory: false) == nil)
        #expect(rules.decision(for: "src/local.txt", isDirectory: false)?.isIgnored == true)
        #expect(rules.decision(for: "src/x/local.txt", isDirectory: false) == nil)
    }

    @Test("comments, blank lines and CRLF line ends are handled as git does")
    func parsing() {
        let source = source("x", .user, "# comment\r\n\r\n\\#literal\r\n*.o   \r\n!\r\n/\r\n")
        #expect(source.rules.map(\.text) == ["\\#literal", "*.o"])
        #expect(source.rules.map(\.line) == [3, 4])
    }
}

@Suite("repository rules")
struct RepositoryRulesTests {
    @Test("a .ctxtrimignore re-includes what a default drops; .gitignore files add their own")
    func repository() throws {
        let oracle = try GitOracle(ignoreFiles: [".ctxtrimignore": "!vendor/\n", ".gitignore": "generated/\n", "pkg/.gitignore": "*.snap\n"],
                                   paths: ["vendor/lib/a.go", "generated/x.ts", "pkg/a.snap", "a.snap"])
        let rules = RuleSet(secrets: [DefaultRules.secrets], sources: DefaultRules.sources(), repository: RepositoryRules(root: oracle.root.path))
        #expect(rules.decision(for: "vendor/lib/a.go", isDirectory: false)?.isIgnored == false)
        #expect(rules.decision(for: "vendor/lib/a.go", isDirectory: false)?.sourceName == ".ctxtrimignore")
        #expect(rules.decision(for: "generated/x.ts", isDirectory: false)?.sourceName == ".gitignore")
        #expect(rules.decision(for: "pkg/a.snap", isDirectory: false)?.sourceName == "pkg/.gitignore")
        #expect(rules.decision(for: "a.snap", isDirectory: false) == nil)
        #expect(rules.decision(for: "node_modules/x.js", isDirectory: false)?.sourceName == "rules/dependencies.ignore")
        #expect(rules.decision(for: "generated/x.ts", isDirectory: false, inRepository: false) == nil)
    }

    @Test("a repository found at the working directory applies only from where that directory is stated")
    func repositoryFromStatedDirectory() throws {
        let oracle = try GitOracle(ignoreFiles: [".gitignore": "generated/\n"], paths: ["generated/a.ts"])
        let body = String(repeating: "export const generated = true;\n", count: 20)
        let input = RequestBuilder.chatUserTexts([
            ("user", "[read_file for 'generated/a.ts'] Result:\n" + body),
            ("assistant", "Let me look around."),
            ("user", "<environment_details>\n# Current Working Directory (\(oracle.root.path)) Files\nsrc/\n</environment_details>"),
            ("user", "[read_file for 'generated/b.ts'] Result:\n" + body),
        ])
        let result = Trimmer(configuration: TrimConfiguration(stages: [IgnoreRulesStage()])).trim(input)
        #expect(result.report.edits.map(\.path) == ["generated/b.ts"])
        #expect(result.report.edits.first?.rule?.source == ".gitignore")
    }

    @Test("a repository's ignore files are read once per configuration: editing them mid-session re-trims nothing")
    func repositorySnapshot() throws {
        let oracle = try GitOracle(ignoreFiles: [".gitignore": "generated/\n"], paths: ["generated/a.ts"])
        let body = String(repeating: "export const generated = true;\n", count: 20)
        let input = RequestBuilder.chatUserTexts([
            ("user", "<environment_details>\n# Current Working Directory (\(oracle.root.path)) Files\nsrc/\n</environment_details>"),
            ("user", "[read_file for 'generated/a.ts'] Result:\n" + body),
        ])
        let trimmer = Trimmer(configuration: TrimConfiguration(stages: [IgnoreRulesStage()]))
        let before = trimmer.trim(input)
        try Data("other/\n".utf8).write(to: oracle.root.appendingPathComponent(".gitignore"))
        let after = trimmer.trim(input)
        #expect(before.report.edits.map(\.path) == ["generated/a.ts"])
        let same = after.output == before.output
        #expect(same)
    }

    @Test("libgit2 finds the repository of a subdirectory")
    func discovery() throws {
        let oracle = try GitOracle(ignoreFiles: [:], paths: ["src/deep/file.txt"])
        let found = try #require(GitRepository.discover(from: oracle.root.path + "/src/deep"))
        #expect(URL(fileURLWithPath: found.root).resolvingSymlinksInPath().path == oracle.root.resolvingSymlinksInPath().path)
        #expect(GitRepository.discover(from: "/") == nil)
    }

    /// The link's own ancestors hold no `.git`: only the target's do.
    @Test("a workspace reached through a symbolic link is in its target's repository; a missing directory is in none")
    func discoveryThroughALink() throws {
        let oracle = try GitOracle(ignoreFiles: [:], paths: ["src/deep/file.txt"])
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-link-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        let link = outside.appendingPathComponent("workspace")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: oracle.root.appendingPathComponent("src"))
        #expect(GitRepository.mayBeInRepository(link.path + "/deep"))
        let found = try #require(GitRepository.discover(from: link.path + "/deep"))
        #expect(URL(fileURLWithPath: found.root).resolvingSymlinksInPath().path == oracle.root.resolvingSymlinksInPath().path)
        #expect(!GitRepository.mayBeInRepository(outside.path + "/missing"))
    }
}

@Suite("default rules")
struct DefaultRulesTests {
    @Test("every file in rules/ is compiled in, in the documented order")
    func complete() throws {
        let folder = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".ignore") }
        #expect(Set(files) == Set(DefaultRules.categories.map { "\($0.name).ignore" }))
        #expect(DefaultRules.categories.last?.name == DefaultRules.secretsCategory)
        for category in DefaultRules.categories {
            let onDisk = try Data(contentsOf: folder.appendingPathComponent("\(category.name).ignore"))
            #expect([UInt8](onDisk) == category.bytes, "\(category.name)")
        }
    }

    @Test("a category can be switched off; secrets only separately")
    func switching() {
        #expect(!DefaultRules.sources(excluding: ["lockfiles"]).contains { $0.name == "rules/lockfiles.ignore" })
        #expect(!DefaultRules.sources().contains { $0.name == "rules/secrets.ignore" })
        #expect(DefaultRules.secrets.layer == .secrets)
    }
}

@Suite("a workspace linked into a repository")
struct LinkedWorkspaceTests {
    /// The workspace is a link to `packages/web`: its own `.gitignore`
    /// applies, and the root's anchored `/generated/` does not (it is the
    /// root's `generated`, not the workspace's). Read by a Cline request from the link.
    @Test("the repository's rules apply at the real path of a workspace reached through a symbolic link")
    func linkedWorkspace() throws {
        let oracle = try GitOracle(
            ignoreFiles: [".gitignore": "/generated/\n", "packages/web/.gitignore": "secret.txt\n"],
            paths: ["packages/web/secret.txt", "packages/web/generated/out.js", "generated/root.js"])
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("ctxtrim-linked-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        let link = outside.appendingPathComponent("ws")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: oracle.root.appendingPathComponent("packages/web"))
        let body = String(repeating: "export const generated = true;\n", count: 20)
        let input = RequestBuilder.chatUserTexts([
            ("user", "<environment_details>\n# Current Working Directory (\(link.path)) Files\nsrc/\n</environment_details>"),
            ("user", "[read_file for 'secret.txt'] Result:\n" + body),
            ("user", "[read_file for 'generated/out.js'] Result:\n" + body),
            ("user", "[read_file for '\(link.path)/secret.txt'] Result:\n" + body),
        ])
        let result = Trimmer(configuration: TrimConfiguration(stages: [IgnoreRulesStage()])).trim(input)
        #expect(result.report.edits.map(\.path) == ["secret.txt", "secret.txt"])
        #expect(result.report.edits.allSatisfy { $0.rule?.source == "packages/web/.gitignore" })
    }
}
