# The two commands a newcomer needs are `make demo` and `make test`; both
# install the system libraries first (scripts/install-system-deps.sh), and
# `make test` what its end-to-end tests drive: Chromium and the Python SDKs (scripts/setup-test-env.sh).
SWIFT ?= swift

.PHONY: deps test-env build release demo test bench bench-proxy bench-audit bench-claude-projects clean

deps:
	@./scripts/install-system-deps.sh

test-env:
	@./scripts/setup-test-env.sh

build: deps
	$(SWIFT) build

# The binary to use for real: optimized, with the Swift runtime linked in
# statically (a small body takes about 9 ms instead of 17; docs/PERFORMANCE.md), at .build/release/ctxtrim.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product ctxtrim

demo: build
	@./scripts/demo.sh

test: deps test-env
	$(SWIFT) test

bench: deps
	@./scripts/bench.sh

bench-proxy:
	@./scripts/bench-proxy.sh

# ctxtrim audit over 4 sessions of 75 consecutive requests (about 150 MB of bodies), release build.
bench-audit: release
	python3 bench/audit_sessions.py "$$($(SWIFT) build -c release --show-bin-path)/ctxtrim"

# ctxtrim audit over 1 GB of Claude Code transcripts made from the corpus (a ~/.claude/projects), with its peak memory.
bench-claude-projects: release
	cd bench && python3 claude_projects.py "$$($(SWIFT) build -c release --show-bin-path)/ctxtrim" --gigabytes 1

clean:
	rm -rf .build
