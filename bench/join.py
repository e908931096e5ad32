#!/usr/bin/env python3
"""The join benchmark: the 1M-row workload joined to a second 1M-row snapshot of the same
scorecards on council and id, in kpiql, DuckDB and Polars, each answer checked row for row
against kpiql's. Prints a markdown section for BENCHMARKS.md.

    python3 bench/generate.py --rows 1000000 --seed 6 --out bench-data/metrics_1m.csv
    python3 bench/generate.py --rows 1000000 --seed 6 --values-seed 7 --out bench-data/metrics_1m_was.csv
    python3 bench/join.py --data bench-data/metrics_1m.csv --was bench-data/metrics_1m_was.csv --threads 1

QJ1 counts, per priority, the pairs and the status changes ("since the last meeting" as
`.diff` counts them); QJ2 lists the new reds with both snapshots' values (every row).
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the virtualenv, the measured child process, the row comparison)

JOIN = "from metrics as now join was on council and id"
NEW_RED = "now.status = red and was.status in (green, amber)"
QUERIES = {
    "QJ1": f"{JOIN} group by now.priority select now.priority as priority, count() as n, "
           f"count({NEW_RED}) as new_reds, count(was.status = red and now.status in (green, amber)) as recovered",
    "QJ2": f"{JOIN} where {NEW_RED} select id, council, was.status as was_status, now.status as now_status, "
           "was.latest as was_latest, now.latest as now_latest",
}


def run_kpiql(a, threads):
    results = tempfile.mkdtemp(prefix="kpiql-join-")
    cmd = [a.kpiql, "bench", "--data", a.data, "--table", f"was={a.was}", "--runs", str(a.runs), "--warmup", str(a.warmup),
           "--threads", str(threads), "--results", results] + [x for q, t in QUERIES.items() for x in ("--query", f"{q}={t}")]
    text, peak = compare.run_measured(cmd)
    res = {"engine": "kpiql", "threads": threads, "peak_mb": peak, "queries": {}, "load_ms": 0.0}
    for line in text.splitlines():
        f = dict(x.split("=", 1) for x in line.split()[1:])
        if "q" in f:
            with open(os.path.join(results, f["q"] + ".csv"), newline="", encoding="utf-8") as fh:
                rows = [tuple(r) for r in list(csv.reader(fh))[1:]]
            res["queries"][f["q"]] = {"median_ms": float(f["median_ms"]), "rows": rows}
    return res


def run_peer(a, engine, threads):
    cmd = [sys.executable, os.path.join(compare.ROOT, "bench", "peers_join.py"), engine, "--threads", str(threads),
           "--data", a.data, "--was", a.was, "--runs", str(a.runs), "--warmup", str(a.warmup)]
    text, peak = compare.run_measured(cmd, env=dict(os.environ, POLARS_MAX_THREADS=str(threads)))
    d = json.loads(text)
    return {"engine": engine, "threads": threads, "peak_mb": peak,
            "queries": {q: {"median_ms": statistics.median(v["samples_ms"]), "rows": v["rows"]} for q, v in d["queries"].items()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--was", required=True)
    ap.add_argument("--kpiql", default=os.path.join(compare.ROOT, ".build", "release", "kpiql"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", default="1")
    a = ap.parse_args()
    compare.ensure_venv()
    a.data, a.was = os.path.abspath(a.data), os.path.abspath(a.was)
    results = []
    for t in [int(x) for x in a.threads.split(",")]:
        for e in ("kpiql", "duckdb", "polars"):
            print(f"== {e} threads={t}", file=sys.stderr)
            results.append(run_kpiql(a, t) if e == "kpiql" else run_peer(a, e, t))
    reference = results[0]
    problems = []
    lines = ["| engine | threads | QJ1 median ms | QJ2 median ms | QJ2 rows | peak MB | same rows as kpiql |", "|---|---:|---:|---:|---:|---:|---|"]
    for r in results:
        checks = [compare.diff(reference["queries"][q]["rows"], r["queries"][q]["rows"]) for q in QUERIES]
        problems += [f"{r['engine']} t={r['threads']} {q}: {d}" for q, d in zip(QUERIES, checks) if d]
        lines.append(f"| {r['engine']} | {r['threads']} | {r['queries']['QJ1']['median_ms']:.1f} | {r['queries']['QJ2']['median_ms']:.1f} "
                     f"| {len(r['queries']['QJ2']['rows'])} | {r['peak_mb']:.0f} | {'yes' if not any(checks) else 'NO'} |")
    print("\n".join(lines))
    v = compare.versions(a) if hasattr(compare, "versions") else {}
    print("\n" + ", ".join(f"{k} {v[k]}" for k in ("DuckDB", "Polars") if k in v))
    if problems:
        print("\n".join(["cross-check FAILED:"] + problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
