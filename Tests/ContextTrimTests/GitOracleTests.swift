import Foundation
import Testing
@testable import ContextTrim

/// ContextTrim's gitignore matcher must agree with libgit2 on every path.
@Suite("gitignore semantics agree with libgit2")
struct GitOracleTests {
    struct Scenario: CustomTestStringConvertible, Sendable {
        let name: String
        let ignoreFiles: [String: String]
        let paths: [String]
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "basename, anchored and directory-only patterns", ignoreFiles: [".gitignore": """
            *.log
            /root-only.txt
            docs/internal/
            cache/
            build
            """], paths: ["a.log", "src/b.log", "root-only.txt", "src/root-only.txt", "docs/internal/x.md",
                          "docs/internal/", "other/docs/internal/y.md", "cache/", "src/cache/z", "cache-file",
                          "build", "src/build/", "src/build/out.o", "logs.txt"]),
        Scenario(name: "negation and last match wins", ignoreFiles: [".gitignore": """
            *.txt
            !keep.txt
            src/*.txt
            !src/important.txt
            tmp/
            !tmp/
            """], paths: ["a.txt", "keep.txt", "src/keep.txt", "src/important.txt", "src/other.txt",
                          "deep/src/x.txt", "tmp/", "tmp/file"]),
        Scenario(name: "a file inside an excluded directory cannot be re-included", ignoreFiles: [".gitignore": """
            node_modules/
            !node_modules/keep.js
            vendor
            !vendor/lib/
            out/*
            !out/keep/
            """], paths: ["node_modules/keep.js", "node_modules/a/b.js", "vendor/lib/x.go", "vendor/", "out/drop.txt",
                          "out/keep/", "out/keep/k.txt"]),
        Scenario(name: "negations below an excluded directory (libgit2 bugs)", ignoreFiles: [
            ".gitignore": "d/\n!d/sub/*\n**/vendor/\n",
            "a/.gitignore": "!vendor\n",
        ], paths: ["d/sub/f.txt", "d/top.txt", "a/vendor/f.txt", "vendor/x.txt"]),
        Scenario(name: "double asterisks", ignoreFiles: [".gitignore": """
            **/generated
            logs/**
            a/**/z
            **/deep/**/leaf.txt
            x**y
            """], paths: ["generated", "src/generated/file.ts", "logs/a.txt", "logs/d/e.txt",
                          "a/z", "a/b/z", "a/b/c/z", "b/a/z", "deep/leaf.txt", "p/deep/q/r/leaf.txt",
                          "xay", "xa/by", "x/y"]),
        Scenario(name: "wildcards, classes and escapes", ignoreFiles: [".gitignore": """
            file?.c
            [abc]*.py
            [!x-z]*.rb
            *.[ch]pp
            \\#hash
            \\!bang
            [[:digit:]]*.dat
            space\\ 
            trailing   
            []x]y.txt
            [!]q]z.txt
            """], paths: ["]y.txt", "xy.txt", "ay.txt", "az.txt", "]z.txt", "file1.c", "file12.c", "a.py", "d.py", "b/cat.py", "a.rb", "y.rb", "m.cpp", "m.hpp",
                          "m.xpp", "#hash", "!bang", "1.dat", "x.dat", "space ", "trailing", "trailing  "]),
        Scenario(name: "a byte order mark before the first rule", ignoreFiles: [".gitignore": "\u{FEFF}first.txt\nsecond.txt\n"],
                 paths: ["first.txt", "second.txt"]),
        Scenario(name: "nested .gitignore files and info/exclude precedence", ignoreFiles: [
            ".git/info/exclude": "*.tmp\nsecret/\n",
            ".gitignore": "*.gen\n!*.tmp\n",
            "src/.gitignore": "!keep.gen\n/local.txt\nsecret/\n",
            "src/sub/.gitignore": "*.gen\n",
        ], paths: ["a.tmp", "a.gen", "src/a.gen", "src/keep.gen", "src/sub/keep.gen", "local.txt", "src/local.txt",
                   "src/x/local.txt", "secret/s", "src/secret/s", "src/sub/x.tmp"]),
    ]

    /// Paths on which libgit2 1.5 departs from git itself, by open libgit2
    /// issue. ContextTrim follows git there; the test checks that git agrees.
    static let libgit2Divergences: [String: String] = [
        "src/keep.gen": "libgit2#6461: a nested .gitignore's negation does not override a parent's rule",
        "d/sub/f.txt": "libgit2#7283: a negation re-includes a file below an intermediate directory of an excluded one",
        "a/vendor/f.txt": "libgit2#7284: a nested negation fails to re-include a directory a parent excluded",
    ]

    @Test("every path decides as libgit2 decides, or as git itself where libgit2 has a known bug", arguments: scenarios)
    func agrees(scenario: Scenario) throws {
        let oracle = try GitOracle(ignoreFiles: scenario.ignoreFiles, paths: scenario.paths)
        for path in scenario.paths {
            let libgit2 = try oracle.isIgnored(path)
            let ours = oracle.contextTrimIgnores(path)
            if let divergence = Self.libgit2Divergences[path] {
                #expect(libgit2 != ours, "\(path) no longer diverges (\(divergence)): drop it from the list")
                #expect(ours == (try oracle.gitIgnores(path)), "\(path): git itself disagrees with ContextTrim")
            } else {
                #expect(ours == libgit2, "\(path): libgit2 says ignored=\(libgit2)")
            }
        }
    }

    static let defaultRulePaths: [String] = [
        "node_modules/react/index.js", "web/node_modules/x.js", "node_modules/", "vendor/github.com/x/y.go",
        "src/vendor.ts", ".venv/lib/python3.11/site-packages/a.py", "venv/bin/activate", "Pods/Alamofire/a.swift",
        "bower_components/jquery/jquery.js", ".yarn/cache/x.zip", ".pnpm-store/v3/files/a",
        "package-lock.json", "sub/yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "Gemfile.lock", "poetry.lock",
        "go.sum", "composer.lock", "Package.resolved", "uv.lock", "src/components/Lock.tsx", "lock.ts",
        "app/db/dev.sqlite3", "data/app.sqlite", "prod.db", "db.sqlite3-journal", "src/db.ts", "src/data.db.ts",
        "dist/app.js", "build/index.html", "target/debug/app", ".build/debug/x", ".next/server/page.js",
        "src/build.py", "docs/dist.md", "scripts/build.sh", "build.gradle", "lib/target.rs", "main.o", "A.class",
        "src/__pycache__/m.cpython-311.pyc", ".pytest_cache/v/x", ".mypy_cache/3.11/x.json", ".DS_Store",
        ".idea/workspace.xml", "coverage/lcov.info", "coverage/__init__.py", ".gradle/caches/x",
        "app.min.js", "styles.min.css", "app.js.map", "src/index.min.test.ts", "vendor.bundle.js",
        "assets/logo.png", "logo.svg", "photo.jpg", "font.woff2", "doc.pdf", "archive.tar.gz", "lib.so",
        "app.exe", "model.safetensors", "data.parquet", "image.webp",
        ".git/HEAD", ".git/objects/ab/cdef", "sub/.git", ".gitignore", ".gitattributes", ".hg/store", ".svn/entries",
        ".env", ".env.local", "config/.env.production", ".env.example", "apps/web/.env.sample", "server.pem",
        "certs/dev-server.pem", "master.key", "src/key.ts", "id_rsa", "home/u/.ssh/id_ed25519",
        "home/u/.ssh/id_ed25519.pub", "home/u/.aws/credentials", ".npmrc", "credentials.json",
        "README.md", "Makefile", "src/app.ts", "src/main.rs", "Sources/App/main.swift", "tests/test_app.py",
    ]

    @Test("the default rules decide every sample path as libgit2 does with the same lines")
    func defaultRules() throws {
        let combined = DefaultRules.categories.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n")
        let oracle = try GitOracle(ignoreFiles: [".git/info/exclude": combined], paths: Self.defaultRulePaths)
        let rules = RuleSet(secrets: [DefaultRules.secrets], sources: DefaultRules.sources())
        for path in Self.defaultRulePaths {
            let ours = rules.decision(for: path, isDirectory: path.hasSuffix("/"))?.isIgnored ?? false
            #expect(ours == (try oracle.isIgnored(path)), "\(path)")
        }
    }
}
