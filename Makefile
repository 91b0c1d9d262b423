# The two commands a newcomer needs are `make demo` and `make test`; both
# install the system libraries first (scripts/install-system-deps.sh).
SWIFT ?= swift

.PHONY: deps build demo test bench clean

deps:
	@./scripts/install-system-deps.sh

build: deps
	$(SWIFT) build

demo: build
	@./scripts/demo.sh

test: deps
	$(SWIFT) test

bench: deps
	@./scripts/bench.sh

clean:
	rm -rf .build
