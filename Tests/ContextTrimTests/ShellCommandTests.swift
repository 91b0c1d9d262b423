import Testing
@testable import ContextTrim

@Suite("shell commands")
struct ShellCommandTests {
    @Test("commands that print one file", arguments: [
        ("cat src/app.ts", "src/app.ts", nil),
        ("cat -n src/app.ts", "src/app.ts", nil),
        ("sed -n '1,160p' src/ledger.rs", "src/ledger.rs", nil),
        ("sed -n -e '1,20p' a.py", "a.py", nil),
        ("sed -n '1,20p;40,$p' a.py", "a.py", nil),
        ("head -n 40 target/debug/build/log.txt", "target/debug/build/log.txt", nil),
        ("tail -50 logs/app.log", "logs/app.log", nil),
        ("nl -ba src/main.rs | sed -n '1,80p'", "src/main.rs", nil),
        ("cat package-lock.json | head -80", "package-lock.json", nil),
        ("bat --style=plain -r 1:20 README.md", "README.md", nil),
        ("bash -lc \"cat Cargo.lock\"", "Cargo.lock", nil),
        ("bash -lc 'cd web && cat package.json'", "package.json", "web"),
        ("cd /repo/sub && sed -n '5,10p' x.c 2>/dev/null", "x.c", "/repo/sub"),
        ("FOO=1 timeout 5 cat 'a file.txt'", "a file.txt", nil),
    ] as [(String, String, String?)])
    func fileReads(command: String, path: String, directory: String?) {
        let output = ShellCommand.output(of: command)
        #expect(output.kind == .file(path: path))
        #expect(output.directory == directory)
    }

    @Test("argv arrays, as Codex's shell tool sends them")
    func argv() {
        #expect(ShellCommand.output(ofArguments: ["bash", "-lc", "cat Cargo.lock"]).kind == .file(path: "Cargo.lock"))
        #expect(ShellCommand.output(ofArguments: ["cat", "a.txt"]).kind == .file(path: "a.txt"))
        #expect(ShellCommand.output(ofArguments: ["rg", "-n", "fn parse", "src"]).kind == .search(.prefixed))
        #expect(ShellCommand.output(ofArguments: ["rg", "-l", "fn parse", "src"]).kind == .listing(.paths, base: nil))
        #expect(ShellCommand.output(ofArguments: ["grep", "-n", "fn parse", "src/main.rs"]).kind == .verbatim)
        #expect(ShellCommand.output(ofArguments: ["grep", "-rn", "fn parse", "src"]).kind == .search(.prefixed))
        #expect(ShellCommand.output(ofArguments: ["git", "grep", "-n", "TODO"]).kind == .search(.prefixed))
        #expect(ShellCommand.output(ofArguments: ["rg", "--heading", "TODO"]).kind == .verbatim)
        // No file names printed: the lines are text, not paths.
        #expect(ShellCommand.output(ofArguments: ["rg", "-I", "error", "logs"]).kind == .verbatim)
        #expect(ShellCommand.output(ofArguments: ["grep", "-rh", "error", "logs"]).kind == .verbatim)
        #expect(ShellCommand.output(ofArguments: ["rg", "--no-filename", "error"]).kind == .verbatim)
    }

    @Test("listings", arguments: [
        ("find . -maxdepth 3 -not -path './.git/*'", ContentKind.listing(.paths, base: nil)),
        ("ls -R", .listing(.lsRecursive, base: nil)),
        ("ls -laR", .commandOutput),
        ("tree src", .listing(.tree, base: "src")),
        ("tree -L 2", .listing(.tree, base: nil)),
        ("rg --files", .listing(.paths, base: nil)),
        ("git ls-files | head -100", .listing(.paths, base: nil)),
        ("find . -name '*.js' -exec wc -l {} +", .verbatim),
    ] as [(String, ContentKind)])
    func listings(command: String, kind: ContentKind) {
        #expect(ShellCommand.output(of: command).kind == kind)
    }

    @Test("commands that may print files' bytes, or that it cannot read, are left alone", arguments: [
        "cat a.txt b.txt", "cat", "cat -", "grep -n foo src/a.ts", "cat a.txt | grep x", "cat a.txt; cat b.txt",
        "sed 's/a/b/' file.txt", "echo $(cat a.txt)", "cat `ls`", "cat 'unterminated", "cat a.txt | wc -l",
        "sed -n 's/a/b/p' file.txt", "cat a.txt; bash -lc 'cat b.txt'",
        "git diff", "git -C web show HEAD~1", "git log -p -3", "git stash show -p", "diff -u a.py b.py", "awk '{print $1}' data.tsv",
        "jq . package.json", "head -5 a.txt b.txt", "npm install && cat package.json", "npm test; git diff --stat",
        "bash -lc 'make && git diff'", "rg -n TODO src/main.rs",
        // Off the list of programs that print terminal output: loops, wrappers, one-liners, other tools' patches.
        "for f in *.json; do cat \"$f\"; done", "if [ -f a.json ]; then cat a.json; fi", "find . -name package.json -exec cat {} \\;",
        "git ls-files | xargs cat", "bash -lc 'git diff' | head", "sudo -u app cat /srv/app/config.json", "python -c \"print(open('a.json').read())\"",
        "perl -ne 'print if 10..40' a.pl", "zcat logs.gz", "docker exec web cat /app/package.json", "gh pr diff 42", "svn diff",
        "git --git-dir .git show HEAD:package.json", "git diff-tree -p HEAD", "git log -p -2", "git stash show -p", "node -e 'console.log(1)'",
        "rg -N error < build.log", "grep -r dist debian/rules", "rg dist bin/build", "rg --color never dist src/a.sh",
    ])
    func leftAlone(command: String) {
        #expect(ShellCommand.output(of: command).kind == .verbatim)
    }

    @Test("builds, tests, installs, downloads and reports print terminal output", arguments: [
        "npm test", "ls -la", "python3 retry.py", "python -m pytest -q", "cd web && npm run build 2>&1 | tail -50", "cargo test --color=always",
        "source .venv/bin/activate && pytest", "docker build -t app .", "git log --oneline -5", "git stash list",
        "bash -lc 'pytest -q'", "curl -s https://api.example.com/v1/items | jq .", "git status", "git -C web commit -m wip",
        "make && make install",
    ])
    func terminalOutput(command: String) {
        #expect(ShellCommand.output(of: command).kind == .commandOutput)
    }

    @Test("searches that name the file of every match, and those that do not", arguments: [
        ("rg TODO", ContentKind.search(.prefixed)), ("rg -n TODO src", .search(.prefixed)), ("rg -n TODO src/", .search(.prefixed)),
        ("rg TODO a.ts b.ts", .search(.prefixed)), ("rg -H TODO a.ts", .search(.prefixed)), ("rg -e TODO -e FIXME lib", .search(.prefixed)),
        ("rg -nC 3 TODO Sources", .search(.prefixed)), ("rg -g '*.lock' TODO", .search(.prefixed)), ("grep -rn TODO", .search(.prefixed)),
        ("grep -rn TODO .", .search(.prefixed)), ("grep -n TODO a.c b.c", .search(.prefixed)), ("git grep TODO -- src/a.ts", .search(.prefixed)),
        ("rg TODO a.ts", .verbatim), ("rg TODO Makefile", .verbatim), ("rg TODO LICENSE", .verbatim), ("grep -rn TODO src/a.ts", .verbatim),
        ("rg TODO 'src/*.ts'", .verbatim), ("grep -n TODO *.c", .verbatim), ("rg -e TODO src/a.ts", .verbatim), ("rg -I TODO", .verbatim),
        ("git grep -h TODO", .verbatim),
        ("grep -rL TODO .", .listing(.paths, base: nil)), ("git grep --name-only TODO", .listing(.paths, base: nil)), ("grep -rlZ TODO .", .verbatim),
        ("rg --color never TODO src", .search(.prefixed)), ("rg -c TODO", .search(.counts)), ("grep -rc TODO .", .search(.counts)), ("rg --count-matches TODO src", .search(.counts)),
        ("rg -l TODO", .listing(.paths, base: nil)), ("grep -rl TODO .", .listing(.paths, base: nil)), ("rg --files src", .listing(.paths, base: nil)),
    ] as [(String, ContentKind)])
    func searches(command: String, kind: ContentKind) {
        #expect(ShellCommand.output(of: command).kind == kind)
    }
}
