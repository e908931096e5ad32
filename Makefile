# The two commands of the README: `make run` opens kpiql on the bundled data,
# `make test` runs every test. Both install what they need on a fresh Debian machine.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test golden-record clean bench bench-deps

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

# The benchmark of BENCHMARKS.md: generate the workload file (1M rows unless BENCH_ROWS says
# otherwise), build release, time kpiql and its peers (DuckDB, Polars, SQLite, installed into
# .venv-bench from PyPI), cross-check their answers, and rewrite that size's section.
BENCH_ROWS ?= 1000000
BENCH_RUNS ?= 10
BENCH_SEED ?= 6
BENCH_DATA := bench-data/metrics_$(BENCH_ROWS)_s$(BENCH_SEED).csv

bench-deps: deps
	@if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then \
		echo "installing python3-venv"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; \
	fi

$(BENCH_DATA): bench/generate.py
	mkdir -p bench-data
	python3 bench/generate.py --rows $(BENCH_ROWS) --seed $(BENCH_SEED) --out $@.tmp && mv $@.tmp $@

bench: bench-deps $(BENCH_DATA)
	$(SWIFT) build -c release
	python3 bench/compare.py --data $(BENCH_DATA) --kpiql .build/release/kpiql --runs $(BENCH_RUNS) \
		--command "make bench BENCH_ROWS=$(BENCH_ROWS)"

clean:
	rm -rf .build
