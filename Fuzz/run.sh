#!/usr/bin/env bash
# libFuzzer over kpiql's parsers, one binary for every target (KPIQL_FUZZ_TARGET picks one):
#   query    query text: lex, parse, bind, run, format; canonical form round-trips
#   csv      CSV bytes through the whole loader and the CSV reader
#   saved    saved query files (header, parameters, statements)
#   scanner  the statement scanner and the REPL's line-by-line gathering
#   mapping  a mapping (sidecar) file with its CSV: roles, Fingertips long layout, LG Inform
#
# Each run starts from the corpus kept in the repository (Fuzz/corpus/<target>/, minimised
# with -merge=1) plus seeds from the golden tests, datasets, fixtures and saved queries, and
# every input that ever crashed (Fuzz/regressions/<target>/, replayed by the unit tests).
#   FUZZ_SECONDS  per target (default 45)          FUZZ_TARGETS  which targets
#   FUZZ_MERGE=1  merge new coverage back into Fuzz/corpus/ (make fuzz-long), inputs cut to FUZZ_KEEP_LEN
#   FUZZ_OPT      -O (default: ASan with optimisation buys ~10x the executions) or -Onone
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-45}"
merge="${FUZZ_MERGE:-0}"
opt="${FUZZ_OPT:--O}"
targets="${FUZZ_TARGETS:-query csv saved scanner mapping}"
keep_len="${FUZZ_KEEP_LEN:-16384}"
out=.build-fuzz
mkdir -p "$out"
bin="$out/kpiql-fuzz$opt"
config=release; [ "$opt" = -Onone ] && config=debug
spm="$out/spm"
# The harness links the very modules kpiql is built from (KpiqlFuzzing and what it imports),
# built by SwiftPM with libFuzzer's coverage and AddressSanitizer on every target; built again
# only when a source, the package or the harness changed (an -O build takes minutes).
if [ ! -x "$bin" ] || [ -n "$(find Sources Fuzz/Harness.swift Package.swift -newer "$bin" \( -name '*.swift' -o -name '*.c' -o -name '*.h' -o -name '*.modulemap' \) | head -1)" ]; then
  echo "fuzz: building $bin ($opt, AddressSanitizer)"
  swift build -c "$config" --build-path "$spm" --sanitize=fuzzer --sanitize=address --target KpiqlFuzzing 2>&1 | grep -E 'error|warning: unre' || true
  dir=$(swift build -c "$config" --build-path "$spm" --show-bin-path)
  objs=$(find "$dir" -name '*.o' \( -path '*/Kpiql*.build/*' -o -path '*/CEditLineShim.build/*' \) | grep -v -e '/KpiqlBench.build/' -e 'Tests.build/' -e '/KpiqlTestSupport.build/' | sort)
  [ -n "$objs" ] || { echo "fuzz: the build failed"; exit 1; }
  # Modules the fuzzing module imports, found as SwiftPM found them: Swift ones in Modules/,
  # C ones through their module maps, libedit's and libpq's headers through pkg-config.
  cflags=$(pkg-config --cflags libedit libpq 2>/dev/null | xargs -n1 | sed 's/^/-Xcc /' | xargs)
  swiftc -sanitize=fuzzer,address -parse-as-library -g "$opt" -module-name KpiqlFuzz \
    -I "$dir/Modules" -I Sources/CLibEdit -I Sources/CLibPQ -I Sources/CEditLineShim/include $cflags \
    -Xcc -fmodule-map-file="$dir/CEditLineShim.build/module.modulemap" \
    Fuzz/Harness.swift $objs $(pkg-config --libs libedit libpq) -o "$bin.part" 2>&1 | grep -v 'Cannot export local symbol' || true
  [ -x "$bin.part" ] || { echo "fuzz: the build failed"; exit 1; }
  mv "$bin.part" "$bin"
fi

sep=$'\n-----8<-----\n'   # FuzzEntry.mappingSeparator: mapping file, then its CSV
seed() {  # target -> seed folder
  local dir="$out/seeds/$1"; rm -rf "$dir"; mkdir -p "$dir"
  local i=0 f
  case "$1" in
    query) for f in Tests/golden/*/*.test; do awk '/^----$/{exit} {print}' "$f" > "$dir/$i"; i=$((i+1)); done ;;
    csv) cp datasets/*.csv "$dir/"; find Tests/fixtures \( -name '*.csv' -o -name '*.tsv' \) -exec cp {} "$dir/" \; 2>/dev/null || true ;;
    saved) cp queries/*.kpiql "$dir/" ;;
    scanner) for f in Tests/golden/*/*.test queries/*.kpiql Tests/fixtures/*.kpiql; do awk '/^----$/{exit} {print}' "$f" > "$dir/$i"; i=$((i+1)); done ;;
    mapping)
      for f in Tests/fixtures/load/*.kpiql.toml; do { cat "$f"; printf '%s' "$sep"; cat "${f%.kpiql.toml}"; } > "$dir/$i"; i=$((i+1)); cp "$f" "$dir/$i"; i=$((i+1)); done
      for fmt in fingertips lginform metrics plain; do
        for f in Tests/fixtures/load/fingertips.csv Tests/fixtures/load/lg_inform.csv Tests/fixtures/load/scorecard.csv; do
          { printf 'format = "%s"' "$fmt"; printf '%s' "$sep"; cat "$f"; } > "$dir/$i"; i=$((i+1))
        done
      done ;;
  esac
  cp Fuzz/regressions/"$1"/* "$dir/" 2>/dev/null || true
  echo "$dir"
}

# A trap is reported by libFuzzer (stack and artifact) at once; Swift's own backtracer, run on
# top of it, took minutes on a loaded machine before the crash input was written.
export SWIFT_BACKTRACE=enable=no
total=0
for target in $targets; do
  seeds=$(seed "$target")
  kept="Fuzz/corpus/$target"; mkdir -p "$kept"
  corpus="$out/corpus/$target"; rm -rf "$corpus"; mkdir -p "$corpus"
  cp "$kept"/* "$corpus/" 2>/dev/null || true
  log="$out/$target.log"
  echo "fuzz: $target for ${seconds}s from $(ls "$kept" | wc -l) kept inputs"
  # Foundation's String(contentsOfFile:) leaks its 4 KB read buffer on an empty file (the
  # sidecar reader calls it), which LeakSanitizer reports on the first empty mapping input.
  leaks=1; [ "$target" = mapping ] && leaks=0
  if ! ASAN_OPTIONS="detect_leaks=$leaks${ASAN_OPTIONS:+:$ASAN_OPTIONS}" KPIQL_FUZZ_TARGET=$target "$bin" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -detect_leaks=$leaks \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/crash-$target-" > "$log" 2>&1; then
    tail -40 "$log"
    mkdir -p Fuzz/regressions/$target
    for c in "$out"/crash-$target-* "$out"/timeout-$target-* "$out"/oom-$target-*; do [ -f "$c" ] && cp "$c" Fuzz/regressions/$target/; done
    echo "fuzz: $target FAILED; the input is in Fuzz/regressions/$target/ (commit it with the fix)"
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'exec/s: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  echo "fuzz: $target ok, $runs executions ($rate/s), coverage $cov, corpus $(ls "$corpus" | wc -l) inputs"
  total=$((total + runs))
  if [ "$merge" = 1 ]; then
    # Minimise old corpus + new finds + seeds into a fresh folder: only inputs adding coverage stay,
    # each cut to FUZZ_KEEP_LEN bytes (16 KB) so the repository's corpus stays a few MB.
    merged="$out/merged/$target"; rm -rf "$merged"; mkdir -p "$merged"
    ASAN_OPTIONS="detect_leaks=$leaks${ASAN_OPTIONS:+:$ASAN_OPTIONS}" KPIQL_FUZZ_TARGET=$target "$bin" -merge=1 -timeout=10 -rss_limit_mb=4096 -max_len="$keep_len" "$merged" "$kept" "$corpus" "$seeds" > "$out/$target.merge.log" 2>&1
    rm -rf "$kept"; mkdir -p "$kept"; cp "$merged"/* "$kept/"
    echo "fuzz: $target corpus merged back: $(ls "$kept" | wc -l) inputs, $(cat "$kept"/* | wc -c) bytes in $kept"
  fi
done
echo "fuzz: $total executions in all, no crashes"
[ "$merge" = 1 ] && echo "fuzz: total kept corpus $(find Fuzz/corpus -type f -exec cat {} + | wc -c) bytes (keep it to a few MB)"
exit 0
