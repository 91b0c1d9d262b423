import Testing
@testable import ContextTrim

@Suite("path resolution")
struct PathResolverTests {
    let resolver = PathResolver(workingDirectory: "/home/dev/webapp", repositoryRoot: nil)

    @Test("absolute paths below the working directory become relative")
    func belowWorkingDirectory() {
        let resolved = resolver.resolve("/home/dev/webapp/node_modules/react/index.js")
        #expect(resolved == ResolvedPath(rulePath: "node_modules/react/index.js", display: "node_modules/react/index.js", inRepository: false))
    }

    @Test("relative paths resolve against a tool's directory, then the working directory")
    func relative() {
        #expect(resolver.resolve("./src/../lib/a.ts").rulePath == "lib/a.ts")
        #expect(resolver.resolve("package.json", from: "web").rulePath == "web/package.json")
        #expect(resolver.resolve("x.c", from: "/home/dev/webapp/sub").display == "sub/x.c")
    }

    @Test("paths outside the working directory keep their full form")
    func outside() {
        let resolved = resolver.resolve("/usr/lib/node_modules/npm/index.js")
        #expect(resolved.rulePath == "usr/lib/node_modules/npm/index.js")
        #expect(resolved.display == "/usr/lib/node_modules/npm/index.js")
        #expect(!resolved.inRepository)
    }

    @Test("a repository root makes paths repository-relative and subject to its rules")
    func repository() {
        let inRepo = PathResolver(workingDirectory: "/repo/packages/web", repositoryRoot: "/repo")
        let resolved = inRepo.resolve("dist/app.js")
        #expect(resolved == ResolvedPath(rulePath: "packages/web/dist/app.js", display: "dist/app.js", inRepository: true))
    }

    @Test("a path that climbs out of the working directory is not the repository's")
    func climbing() {
        let resolver = PathResolver(workingDirectory: nil, repositoryRoot: "/repo")
        #expect(!resolver.resolve("../other/a.ts").inRepository)
        #expect(resolver.resolve("src/a.ts").inRepository)
    }

    @Test("without a working directory, relative paths stay as written")
    func unknownWorkingDirectory() {
        let bare = PathResolver(workingDirectory: nil, repositoryRoot: nil)
        #expect(bare.resolve("src//a.ts").rulePath == "src/a.ts")
        #expect(bare.resolve("/abs/a.ts").rulePath == "abs/a.ts")
    }
}

@Suite("binary sniffing")
struct BinarySnifferTests {
    @Test("a NUL byte means binary")
    func nul() {
        #expect(BinarySniffer.isBinary(bytes("SQLite format 3\u{0}rest")))
    }

    @Test("many replacement or control characters mean binary; a few do not")
    func share() {
        let garbage = String(repeating: "ab\u{FFFD}\u{FFFD}\u{01}", count: 50)
        #expect(BinarySniffer.isBinary(bytes(garbage)))
        let text = String(repeating: "normal line of text with one odd char\n", count: 20) + "\u{FFFD}"
        #expect(!BinarySniffer.isBinary(bytes(text)))
    }

    @Test("colored logs, tabs and non-ASCII text are text")
    func text() {
        #expect(!BinarySniffer.isBinary(bytes("\u{1B}[31mERROR\u{1B}[0m\tfailed: café 😀\r\n")))
        #expect(!BinarySniffer.isBinary([UInt8]()))
    }
}

@Suite("paths below a linked working directory")
struct LinkedDirectoryTests {
    /// `~/ws` is a link to the monorepo's `packages/web`.
    let resolver = PathResolver(workingDirectory: "/home/dev/ws", repositoryRoot: "/src/mono",
                                linkedDirectory: LinkedDirectory(path: "/home/dev/ws", realPath: "/src/mono/packages/web"))

    @Test("relative and absolute paths are matched where they really are, and shown as the agent wrote them")
    func placed() {
        #expect(resolver.resolve("src/a.ts") == ResolvedPath(rulePath: "packages/web/src/a.ts", display: "src/a.ts", inRepository: true))
        #expect(resolver.resolve("/home/dev/ws/dist/app.js") == ResolvedPath(rulePath: "packages/web/dist/app.js", display: "dist/app.js", inRepository: true))
        #expect(resolver.resolve("x.c", from: "/home/dev/ws/sub").rulePath == "packages/web/sub/x.c")
    }

    @Test("`..` climbs from the real path, as the tools that open the file do")
    func climbing() {
        let resolved = resolver.resolve("../api/main.go")
        #expect(resolved.rulePath == "packages/api/main.go")
        #expect(resolved.inRepository)
        #expect(resolver.resolve("/home/dev/other/a.ts").rulePath == "home/dev/other/a.ts")
    }
}
