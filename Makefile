# The two commands of the README: `make run` opens kpiql on the bundled data,
# `make test` runs every test. Both install what they need on a fresh Debian machine.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# A module may import only the targets Package.swift lists as its dependencies (ARCHITECTURE.md,
# "Modules"); an import the other way round is a circular dependency and never builds, and this
# makes any other undeclared import an error too, even when the module happens to be built.
IMPORTS := --explicit-target-dependency-import-check=error
# Release builds link Swift's runtime and Foundation statically: a kpiql process starts in about
# half the time (`kpiql --version` 19 -> 10 ms), which is most of what `--engine` added over psql
# on a short server query (BENCHMARKS.md, Server); the price is an 86 MB binary instead of 16 MB.
RELEASE := -c release --static-swift-stdlib

.PHONY: deps build run test lint-io unit fuzz fuzz-long sanitize sanitize-thread golden-record screenshot clean bench bench-deps bench-server

# libedit's header and pkg-config (SwiftPM finds libedit through it); libpq's header; Chromium, the headless
# browser the report tests open HTML reports in. Each is installed only when missing.
deps:
	@if [ ! -f /usr/include/histedit.h ] || ! command -v pkg-config >/dev/null 2>&1; then \
		echo "installing libedit-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libedit-dev pkg-config; \
	fi
	@if [ ! -f /usr/include/postgresql/libpq-fe.h ]; then \
		echo "installing libpq-dev (the PostgreSQL client library, for --engine and push)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpq-dev; \
	fi
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
		echo "installing chromium (headless, for the report tests)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

build: deps
	$(SWIFT) build $(IMPORTS)

# A release build: a debug build is many times slower on a loaded file.
run: deps
	$(SWIFT) build $(RELEASE)
	./.build/release/kpiql

# Everything: unit and golden tests, the REPL under a pseudo-terminal (it drives the built
# binary, so build first), each fuzzer for FUZZ_SECONDS, and the tests under AddressSanitizer.
test: lint-io unit fuzz sanitize

# No I/O call in Sources that traps (try!, FileHandle.write(Data), readDataToEndOfFile…):
# every write goes through the checked FileSink and fails with a diagnostic, never a crash.
lint-io:
	./Tests/lint/io-lint.sh

# The tests run inside Tests/sql/with-servers.sh: it installs PostgreSQL (Debian) and DuckDB
# (PyPI, .venv-sql) when missing, starts a throwaway cluster on a Unix socket in a temporary
# folder for the SQL backend's tests, and stops and removes it afterwards, even on failure.
unit: deps
	$(SWIFT) build $(IMPORTS)
	Tests/sql/with-servers.sh $(SWIFT) test $(IMPORTS)

# libFuzzer (an -O AddressSanitizer build) over the query parser/binder, the CSV loader, saved
# queries, the statement scanner and mapping files, each for FUZZ_SECONDS, starting from the
# corpus kept in Fuzz/corpus/. `make fuzz-long SECONDS=3600` runs longer and merges what it
# finds back into Fuzz/corpus/ (minimised with -merge=1): commit that.
FUZZ_SECONDS ?= 45
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./Fuzz/run.sh

SECONDS ?= 600
fuzz-long: deps
	FUZZ_SECONDS=$(SECONDS) FUZZ_MERGE=1 ./Fuzz/run.sh

# The test suite built with AddressSanitizer, in its own build folder. Leak detection is off:
# at exit XCTest, Foundation's Process and libedit hold small allocations (weak-reference side
# tables, wcsdup'd prompts) that LeakSanitizer reports although no kpiql code owns them.
sanitize: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan

sanitize-thread: deps
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

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
	@if [ ! -x /usr/bin/time ]; then \
		echo "installing time (GNU time measures kpiql's peak memory)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq time; \
	fi
	@if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then \
		echo "installing python3-venv"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; \
	fi

$(BENCH_DATA): bench/generate.py
	mkdir -p bench-data
	python3 bench/generate.py --rows $(BENCH_ROWS) --seed $(BENCH_SEED) --out $@.tmp && mv $@.tmp $@

bench: bench-deps $(BENCH_DATA)
	$(SWIFT) build $(RELEASE)
	python3 bench/compare.py --data $(BENCH_DATA) --kpiql .build/release/kpiql --runs $(BENCH_RUNS) \
		--command "make bench BENCH_ROWS=$(BENCH_ROWS)"

# The server section: the same workload file pushed to a throwaway PostgreSQL cluster, Q1-Q6
# through kpiql --engine, their SQL through psql, and kpiql in memory (bench/server.py).
bench-server: bench-deps $(BENCH_DATA)
	$(SWIFT) build $(RELEASE)
	Tests/sql/with-servers.sh sh -c 'python3 bench/server.py --data $(BENCH_DATA) --kpiql .build/release/kpiql --runs $(BENCH_RUNS) && \
		python3 bench/server.py --data $(BENCH_DATA) --kpiql .build/release/kpiql --runs $(BENCH_RUNS) --table bench_derived --derive --no-memory'

# The README's picture of a report (docs/report.png): re-take it after changing the report's look.
screenshot: build
	@tmp=$$(mktemp -d) && \
	./.build/debug/kpiql -c 'where priority = "Children" and status = red order by variance' --format html > $$tmp/report.html && \
	chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --user-data-dir=$$tmp/profile \
		--screenshot=$(CURDIR)/docs/report.png --window-size=1100,1750 file://$$tmp/report.html 2>/dev/null && \
	./.build/debug/kpiql -c 'where id = "CYP-002" select council, id, name, latest, target, variance, status, trend' --format html > $$tmp/card.html && \
	chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --user-data-dir=$$tmp/profile \
		--screenshot=$(CURDIR)/docs/st_helens_card.png --window-size=1100,1500 file://$$tmp/card.html 2>/dev/null && \
	rm -rf $$tmp && echo "wrote docs/report.png and docs/st_helens_card.png"

clean:
	rm -rf .build
