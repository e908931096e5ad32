#!/usr/bin/env bash
# Builds the libFuzzer binary and runs each target for FUZZ_SECONDS (default 60).
# Seeds come from the golden tests, the datasets and the saved queries; every input that
# ever crashed is kept in Fuzz/regressions/<target>/ and replayed by the unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
out=.build-fuzz
mkdir -p "$out"
bin="$out/kpiql-fuzz"
echo "fuzz: building $bin"
swiftc -sanitize=fuzzer,address -parse-as-library -g -Onone -module-name KpiqlFuzz \
  $(find Sources/KpiqlEngine -name '*.swift' | sort) Fuzz/Harness.swift -o "$bin"

seed() {  # target -> seed folder
  local dir="$out/seeds/$1"; rm -rf "$dir"; mkdir -p "$dir"
  case "$1" in
    query) local i=0; for f in Tests/golden/*/*.test; do awk '/^----$/{exit} {print}' "$f" > "$dir/$i"; i=$((i+1)); done ;;
    csv) cp datasets/*.csv "$dir/"; find Tests/fixtures \( -name '*.csv' -o -name '*.tsv' \) -exec cp {} "$dir/" \; 2>/dev/null || true ;;
    saved) cp queries/*.kpiql "$dir/" ;;
  esac
  cp Fuzz/regressions/"$1"/* "$dir/" 2>/dev/null || true
  echo "$dir"
}

total=0
for target in query csv saved; do
  seeds=$(seed "$target")
  corpus="$out/corpus/$target"; mkdir -p "$corpus"
  log="$out/$target.log"
  echo "fuzz: $target for ${seconds}s"
  if ! KPIQL_FUZZ_TARGET=$target "$bin" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/crash-$target-" > "$log" 2>&1; then
    tail -40 "$log"
    mkdir -p Fuzz/regressions/$target
    for c in "$out"/crash-$target-* "$out"/timeout-$target-* "$out"/oom-$target-*; do [ -f "$c" ] && cp "$c" Fuzz/regressions/$target/; done
    echo "fuzz: $target FAILED; the input is in Fuzz/regressions/$target/ (commit it with the fix)"
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  echo "fuzz: $target ok, $runs executions, corpus $(ls "$corpus" | wc -l) inputs"
  total=$((total + runs))
done
echo "fuzz: $total executions in all, no crashes"
