#!/usr/bin/env python3
"""Runs the six workload queries in kpiql, DuckDB, Polars and SQLite on one file, checks
that every engine returns the same rows as kpiql, and writes the table into BENCHMARKS.md.

    python3 bench/compare.py --data bench-data/metrics_1m.csv --kpiql .build/release/kpiql

DuckDB, Polars and pyarrow are installed from PyPI into .venv-bench (versions pinned in
bench/requirements.txt) the first time; sqlite3 is Python's own. Every engine configuration
runs in its own process, so the peak memory reported (the child's maximum resident set,
from wait4) is that engine's alone -- Python's own ~10-60 MB included for the peers.
"""
import argparse
import csv
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv-bench")
QUERIES = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402  (bench/report.py: the markdown table and BENCHMARKS.md)


def ensure_venv():
    """Re-runs this script inside .venv-bench, creating it and installing the peers if needed."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print(f"creating {VENV}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    reqs = os.path.join(ROOT, "bench", "requirements.txt")
    if subprocess.call([python, "-c", "import duckdb, polars, pyarrow"], stderr=subprocess.DEVNULL) != 0:
        subprocess.check_call([python, "-m", "pip", "install", "-q", "-r", reqs])
    os.execv(python, [python] + sys.argv)


def run_measured(cmd, env=None):
    """Runs `cmd`, returning (stdout, peak resident set in MB) of that one child."""
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, stdout=out, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}")
        out.seek(0)
        return out.read().decode(), usage.ru_maxrss / 1024


def run_kpiql(a, threads, derive):
    results = tempfile.mkdtemp(prefix="kpiql-results-")
    cmd = [a.kpiql, "bench", "--data", a.data, "--runs", str(a.runs), "--warmup", str(a.warmup),
           "--derive", derive, "--threads", str(threads), "--results", results]
    text, peak = run_measured(cmd)
    res = {"engine": "kpiql", "threads": threads, "derive": derive, "peak_mb": peak, "queries": {}}
    for line in text.splitlines():
        fields = dict(f.split("=", 1) for f in line.split()[1:])
        if "load_ms" in fields:
            res["load_ms"] = float(fields["load_ms"]) + float(fields["derive_ms"])
            res["rows"] = int(fields["rows"])
            res["derive"] = fields["derive"]
            res["table_mb"] = float(fields.get("table_mb", "nan"))
        elif "q" in fields:
            with open(os.path.join(results, fields["q"] + ".csv"), newline="", encoding="utf-8") as f:
                rows = [tuple(r) for r in list(csv.reader(f))[1:]]
            res["queries"][fields["q"]] = {"median_ms": float(fields["median_ms"]), "rows": rows}
    return res


def user_load(a, runs=5):
    """The load users run, timed as a whole process: `kpiql --load FILE=m -c 'from m select
    count() as n'` (start-up, the bundled data, the load, derived fields, the query), wall
    time and peak resident set over `runs`."""
    cmd = [a.kpiql, "--load", a.data + "=m", "-c", "from m select count() as n", "--format", "csv"]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    times, peaks = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        out, peak = run_measured(cmd)
        times.append((time.perf_counter() - t0) * 1000)
        peaks.append(peak)
    return {"median_ms": statistics.median(times), "peak_mb": max(peaks), "runs": runs, "answer": out.strip().splitlines()[-1],
            "command": f"kpiql --load {os.path.basename(a.data)}=m -c 'from m select count() as n'"}


def startup(a, runs=50):
    """Wall time of `kpiql -c 'limit 1'` on the bundled data: median and mean over `runs`."""
    cmd = [a.kpiql, "-c", "limit 1"]
    for _ in range(5):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
        times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": statistics.median(times), "mean_ms": statistics.mean(times), "max_ms": max(times), "runs": runs,
            "command": "kpiql -c 'limit 1'"}


def run_peer(a, engine, threads, derive):
    runs = a.sqlite_runs if engine == "sqlite" else a.runs
    cmd = [sys.executable, os.path.join(ROOT, "bench", "peers.py"), engine, "--threads", str(threads),
           "--derive", derive, "--data", a.data, "--runs", str(runs),
           "--warmup", str(min(a.warmup, 1) if engine == "sqlite" else a.warmup)]
    text, peak = run_measured(cmd, env=dict(os.environ, POLARS_MAX_THREADS=str(threads)))
    d = json.loads(text)
    queries = {q: {"median_ms": statistics.median(v["samples_ms"]), "rows": v["rows"]} for q, v in d["queries"].items()}
    return {"engine": engine, "threads": threads, "derive": derive, "peak_mb": peak, "load_ms": d["load_ms"], "queries": queries}


def cell(v):
    """One value in comparable form: None for missing, float for numbers, else text."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(v)
    except ValueError:
        return v


def same(x, y):
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
    return x == y


def diff(reference, rows):
    """None when `rows` equals `reference` row for row (numbers to 1e-9), else the first difference."""
    if len(reference) != len(rows):
        return f"{len(rows)} rows, kpiql has {len(reference)}"
    for i, (r, s) in enumerate(zip(reference, rows)):
        r, s = [cell(v) for v in r], [cell(v) for v in s]
        if len(r) != len(s) or not all(same(x, y) for x, y in zip(r, s)):
            return f"row {i + 1}: {s} but kpiql has {r}"
    return None


def versions(a):
    import duckdb
    import polars
    import pyarrow
    import sqlite3
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"kpiql": subprocess.run([a.kpiql, "--version"], capture_output=True, text=True).stdout.strip(),
            "Swift": swift[0].replace("Swift version ", "") if swift else "?", "Python": platform.python_version(), "DuckDB": duckdb.__version__,
            "Polars": polars.__version__, "pyarrow": pyarrow.__version__, "SQLite": sqlite3.sqlite_version}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--kpiql", default=os.path.join(ROOT, ".build", "release", "kpiql"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--sqlite-runs", type=int, default=5, help="SQLite is 10-50x slower; fewer runs keep make bench short")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--engines", default="kpiql,duckdb,polars,sqlite")
    ap.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    ap.add_argument("--command", default="", help="the command line that produced this run, for the report")
    a = ap.parse_args()
    ensure_venv()
    a.data = os.path.abspath(a.data)
    threads = [int(t) for t in a.threads.split(",")]
    engines = a.engines.split(",")
    configs = [(e, t, d) for e in engines for t in threads for d in ("load", "query")
               if not (e == "sqlite" and t > 1)]
    results = []
    for e, t, d in configs:
        print(f"== {e} threads={t} derive={d}", file=sys.stderr)
        results.append(run_kpiql(a, t, d) if e == "kpiql" else run_peer(a, e, t, d))
    reference = next(r for r in results if r["engine"] == "kpiql")
    problems = []
    for r in results:
        r["check"] = {}
        for q in QUERIES:
            d = diff(reference["queries"][q]["rows"], r["queries"][q]["rows"])
            r["check"][q] = d
            if d:
                problems.append(f"{r['engine']} threads={r['threads']} derive={r['derive']} {q}: {d}")
    rows = reference["rows"]
    loaded = user_load(a)
    if loaded["answer"] != str(rows):
        problems.append(f"kpiql --load counted {loaded['answer']} rows, bench {rows}")
    text = report.section(rows, a, results, problems, versions(a), startup(a), loaded)
    print(text)
    report.write(a.out, rows, text)
    if problems:
        print("\n".join(["cross-check FAILED:"] + problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
