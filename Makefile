# The two commands a newcomer needs are `make demo` and `make test`; both
# install the system libraries first (scripts/install-system-deps.sh).
SWIFT ?= swift

.PHONY: deps build release demo test bench clean

deps:
	@./scripts/install-system-deps.sh

build: deps
	$(SWIFT) build

# The binary to use for real: optimized, with the Swift runtime linked in
# statically (it starts in about 10 ms instead of 17), at .build/release/ctxtrim.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product ctxtrim

demo: build
	@./scripts/demo.sh

test: deps
	$(SWIFT) test

bench: deps
	@./scripts/bench.sh

clean:
	rm -rf .build
