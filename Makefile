# The two commands of the README: `make run` opens kpiql on the bundled data,
# `make test` runs every test. Both install what they need on a fresh Debian machine.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test golden-record clean

# libedit's header and pkg-config (SwiftPM finds libedit through it).
deps:
	@if [ ! -f /usr/include/histedit.h ] || ! command -v pkg-config >/dev/null 2>&1; then \
		echo "installing libedit-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libedit-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

run: build
	./.build/debug/kpiql

# The REPL tests drive the built binary under a pseudo-terminal, so build it first.
test: deps
	$(SWIFT) build
	$(SWIFT) test

# Re-record the golden files after a deliberate change; then read `git diff Tests/golden`.
golden-record: deps
	KPIQL_RECORD=1 $(SWIFT) test --filter GoldenTests

clean:
	rm -rf .build
