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

    @Test("listed programs asked for source or a diff, runners of unlisted ones, file downloads, filters that read a file", arguments: [
        // Formatters and preprocessors print the file itself or a diff of it.
        "cargo fmt --check", "cargo fmt -- --check", "ruff format --diff .", "ruff check --fix --diff", "black --diff src",
        "isort --diff src", "terraform fmt -diff", "pre-commit run --all-files --show-diff-on-failure", "npx prettier src/a.ts",
        "swift format Sources/A.swift", "npx esbuild src/app.ts", "gcc -E a.c", "cmake -E cat CMakeLists.txt", "go doc -src fmt.Println",
        "clang -S -o - a.c", "rustc -Zunpretty=expanded main.rs", "cargo rustc -- -Zunpretty=expanded", "swiftc -emit-ir a.swift",
        "brew cat wget", "deno fmt a.ts",
        // git with patches.
        "git log -U5", "git log --patch-with-stat", "git log --patch-with-raw", "git log --cc", "git log -c", "git log -m",
        "git log --remerge-diff", "git log -W", "git log -3p", "git log --word-diff", "git -C web log -L10,20:a.ts", "git status -v",
        "git status -vv", "git stash list -p", "git add -p", "git commit -v --dry-run", "git reset --patch",
        // What runs inside a container, or copies out of one.
        "docker compose exec web cat /app/a.json", "docker compose run --rm web cat a.json", "docker compose -f dev.yml exec web cat a",
        "docker --log-level info exec web cat a", "docker -H tcp://h:2375 exec web cat a", "docker compose config",
        "docker cp web:/app/a.json -", "podman --log-level debug run alpine cat /etc/os-release",
        // Runners of one-liners and of unlisted programs.
        "uv run python -c 'print(open(\"a\").read())'", "poetry run cat a.txt", "bundle exec ruby -e 'puts File.read(\"a\")'",
        "npx tsx -e 'console.log(1)'", "pnpm exec cat a.txt", "deno eval 'console.log(1)'", "npm exec -- cat a.txt",
        "npx -p eslint cat a.txt", "yarn prettier src/a.ts", "python -m json.tool package.json", "conda run -n dev cat a.txt",
        "uv tool run --from black python -c 1", "bun x prettier a.ts", "npx -c 'cat a.txt'", "python -W ignore -c 1", "python",
        // Downloads of files to standard output.
        "curl https://raw.githubusercontent.com/o/r/main/src/a.py", "curl -s file:///etc/hosts", "curl -sL https://example.com/install.sh",
        "curl -XPOST https://example.com/a.py", "curl -o - https://example.com/a.py", "wget -qO- https://example.com/a.py",
        "wget -O - https://example.com/config.yaml", "wget --output-document=- https://example.com/a.c",
        "curl https://gitlab.com/o/r/-/raw/main/a.rb", "curl ftp://example.com/pub/README",
        // Later stages that read a file of their own.
        "npm test | cat - notes.txt", "npm test | head package.json", "npm test | grep error build.log", "npm test | grep -r error",
        "npm test | sed '/x/r notes.txt'", "npm test | sed -e 's/a/b/w out.txt'", "npm test | sed -f fix.sed",
        "npm test | awk '{ while ((getline l < \"a\") > 0) print l }'", "npm test | jq -n --rawfile f a.txt '$f'",
        "npm test | sort - a.txt", "npm test | xargs cat", "npm test | tr a b c", "npm test | sed 's/a/b/e'",
    ])
    func printsFileBytes(command: String) {
        #expect(ShellCommand.output(of: command).kind == .verbatim)
    }

    @Test("forms that hide a file read from a first reading", arguments: [
        // sed ends a label at blanks, `;` and `}`: what follows is a command.
        "npm test | sed ':a r src/secret.py'", "npm test | sed -n 'p;:x e cat f'", "npm test | sed 'b end r f'", "npm test | sed '{:a} r f'",
        // A package manager's global options before exec and run.
        "pnpm -r exec cat f", "pnpm --filter web exec cat f", "npm --prefix web exec -- cat f", "uv --project api run cat f",
        "poetry -C api run cat f", "yarn --cwd web exec cat f", "npm --unknown-option web exec -- cat f", "yarn workspace web prettier f",
        "pnpm --filter=web exec cat f", "uv -q tool run --from black python -c 1",
        // A toolchain before the subcommand, and programs run by name.
        "cargo +nightly fmt --check", "go run golang.org/x/tools/cmd/goimports@latest -d f.go", "go run -exec cat main.go",
        "swift run swift-format format f.swift", "rustup run nightly rustfmt --check src/a.rs", "yarn run prettier f",
        "bun run prettier f", "bun build f.ts", "npm run prettier f", "bun -e 'console.log(1)'", "go tool pprof -list main cpu.out",
        // Options joined to their value.
        "npm test | sed --expression='r f'", "npm test | sed -e'r f'", "npm test | sed -ne'r f'", "npm test | sed -fprog",
        "npm test | sed --file=x", "npm test | sed -i s/a/b/", "npm test | sed --expression= f.txt", "npm test | awk --source='{getline}'",
        "npm test | awk --file=x", "npm test | gawk -E x", "npm test | awk -fprog", "npm test | sort --files0-from=list",
        "npm test | jq -f prog.jq", "npm test | jq 'import \"secrets\" as $s; $s'",
        // Standard input from a file, process substitution.
        "npm test | cat < src/a.py", "npm test | tee >(cat f)", "npm test > >(cat f)", "diff <(cat a) b",
        // git's patches and abbreviations.
        "git log --binary", "git log --check", "git log --pat", "git log --patch-w", "git log --unif=5", "git status --verb",
        "git commit --verb -m x", "git add --pat", "git rebase -x 'cat f' main", "git rebase --exec 'cat f' main", "git rebase -ix 'cat f' main",
        // Downloads whose body reaches standard output.
        "curl -H 'Accept: application/vnd.github.raw' https://api.github.com/repos/o/r/contents/Makefile",
        "curl --header='accept: application/vnd.github.v3.raw' https://api.github.com/repos/o/r/contents/LICENSE",
        "curl http://localhost:3000/index.html", "curl http://127.0.0.1:8000/page.php", "curl 'http://[::1]:8080/a.html'",
        "curl -o x.tgz https://example.com/x.tgz https://example.com/a.py", "curl -o /dev/stderr https://example.com/a.py",
        "wget -O /dev/stdout https://example.com/a.py", "curl -K urls.txt", "wget -i urls.txt",
        // A second review's: options that print a file, read files, or run a program.
        "wget -q -e output_document=- https://raw.githubusercontent.com/o/r/main/src/a.py",
        "curl -s -o /dev/null -w @src/main.c https://api.example.com/health", "curl --expand-url '{{f}}' https://e.com",
        "npm test | grep -h --rec ''", "npm test | grep -h --deref ''", "npm test | grep -h --directories=recurse ''",
        "npm test | grep -d recurse x", "npm test | wc --files0=list", "yarn workspaces foreach -A exec cat src/a.ts",
        "yarn workspaces run prettier a.ts", "GIT_EDITOR=cat git add -e", "GIT_EDITOR=cat git commit -t src/a.py",
        "git -c core.editor=cat commit --amend", "env VISUAL=cat git commit", "git commit -F notes.txt", "git add --edit",
        "uv run --with-editable . head -50 src/a.py", "npm exec --prefix . -- head src/a.ts", "npx --unknown-flag x cat f",
        "go run --exec 'cat src/a.go' .", "go test -exec 'cat a.txt' ./...", "go build -toolexec=cat ./...",
        "curl -sI https://x.com --next https://raw.githubusercontent.com/o/r/main/a.py", "curl -s http://localhost:8000/Makefile",
        "curl localhost:8000/", "curl -s file:/w/Makefile", "curl https://gitlab.com/api/v4/projects/1/repository/files/src%2Fmain.py/raw?ref=main",
        "curl -L 'https://github.com/o/r/blob/main/Dockerfile?raw=true'", "curl -H 'Accept: application/vnd.github.diff' https://api.github.com/repos/o/r/pulls/12",
        "npm test | awk '{f=\"sys\" \"tem\"; @f(\"cat src/a.py\")}'", "npm test | gawk 'BEGIN{SYMTAB[\"ARGC\"]=2}1'",
    ])
    func hiddenFileReads(command: String) {
        #expect(ShellCommand.output(of: command).kind == .verbatim)
    }

    @Test("the same forms, where nothing reads a file, are terminal output", arguments: [
        "npm test | sed ':a;N;$!ba;s/\\n/ /g'", "npm test | sed -n 'p;:x'", "npm test | sed '{:a};p'",
        "pnpm -r exec vitest run", "pnpm --filter web test", "npm --prefix web exec -- eslint .", "uv --project api run pytest",
        "poetry -C api run pytest", "yarn --cwd web exec jest", "yarn workspace web build", "pnpm --filter=web build",
        "cargo +nightly build", "go run ./cmd/server", "go run main.go", "swift run", "rustup run nightly cargo test",
        "yarn run build", "yarn run test:unit", "bun run build", "bun test", "bun install", "npm run lint", "npm -s run build",
        "npm test | sed --expression='s/a/b/'", "npm test | sed -ne'/x/p'", "npm test | sed -E -n 's/x/y/p'", "npm test | awk -F: '{print $1}'",
        "npm test | awk -F : -v x=1 '{print x}'", "npm test | sort --key=2", "npm test | head --lines=5",
        "git log --stat", "git log --color --oneline", "git log --color=always -3", "git rebase -i main", "git status --short",
        "curl -H 'Accept: application/json' https://api.github.com/repos/o/r", "curl -s -o /dev/null -w '%{http_code}' https://e.com/a",
        "npx --yes jest", "uv run --frozen pytest", "go test ./...", "go run -race ./cmd/server", "yarn workspaces info",
        "git commit -am wip", "git checkout -b feature", "npm test | grep --count FAIL",
        "curl -o a.tgz -o b.tgz https://example.com/a.tgz https://example.com/b.tgz", "curl --remote-name-all https://e.com/a.py https://e.com/b.py",
        "wget https://example.com/a.py https://example.com/b.py", "curl -o x.tgz https://example.com/x.tgz https://api.example.com/v1/status",
    ])
    func formsThatReadNoFile(command: String) {
        #expect(ShellCommand.output(of: command).kind == .commandOutput)
    }

    @Test("builds, tests, installs, downloads and reports print terminal output", arguments: [
        "npm test", "ls -la", "python3 retry.py", "python -m pytest -q", "cd web && npm run build 2>&1 | tail -50", "cargo test --color=always",
        "source .venv/bin/activate && pytest", "docker build -t app .", "git log --oneline -5", "git stash list",
        "bash -lc 'pytest -q'", "curl -s https://api.example.com/v1/items | jq .", "git status", "git -C web commit -m wip",
        "make && make install",
        "cargo build", "npx tsc --noEmit", "npx jest", "pnpm exec vitest run", "uv run pytest -q", "poetry run pytest", "bundle exec rspec",
        "yarn build", "yarn", "pnpm install", "npm exec -- eslint .", "python -m unittest", "python -W ignore retry.py", "bun run build",
        "npx -p typescript tsc", "curl -sSLo /tmp/x.tgz https://example.com/x.tgz", "curl -I https://example.com/a.py",
        "curl -s -o /dev/null -w '%{http_code}' https://example.com/a.py", "curl -LO https://example.com/x.tgz",
        "wget https://example.com/x.tgz", "wget -q -O x.tgz https://example.com/x.tgz", "curl -s https://api.github.com/repos/o/r | jq .",
        "docker compose up -d", "docker compose -f dev.yml logs web", "docker --context prod ps",
        "git log --stat -3", "git log --format=%p -3", "git status -sb", "git commit -am wip", "git checkout -b feature",
        "npm test 2>&1 | grep -v warn | tail -n 40", "make | sed 's/\\x1b\\[[0-9;]*m//g'", "make | sed -n '1,20p;/error/Ip'",
        "cargo test | awk '{print $1}'", "pytest | tee log.txt", "npm test | cut -d ' ' -f 1 | sort -k 2 | uniq -c",
        "npm test | grep -e FAIL -e ERROR", "npm test | cat -n", "npm test | jq --arg a b '.x'", "npm test | tr -d '\\r'",
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
