#!/usr/bin/env python3
"""The server section of the benchmark: the workload pushed once to PostgreSQL, then each of
Q1-Q6 timed three ways, each a whole process as a user runs it:

  engine  kpiql --engine CONN -c 'from bench Qn'      (compile, run on the server, format)
  psql    psql -c "$(kpiql --engine CONN -c '.sql from bench Qn')"
                                                (the SQL --engine sends, psql's own output)
  memory  kpiql bench --data FILE --query Qn           (median of in-memory runs, load excluded)

kpiql's overhead is engine / psql - 1 per query. With --derive the table is pushed with
`kpiql push --derive` and both read its derived view. The query texts are read from
Sources/KpiqlBench/BenchWorkload.swift, so there is one list of them. The server is
CONN (a libpq conninfo), or the throwaway cluster of Tests/sql/with-servers.sh:

    Tests/sql/with-servers.sh python3 bench/server.py --data bench-data/metrics_1000000_s6.csv \\
        --kpiql .build/release/kpiql --runs 5
"""
import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def workload():
    text = open(os.path.join(ROOT, "Sources/KpiqlBench/BenchWorkload.swift"), encoding="utf-8").read()
    out = []
    for name, raw, plain in re.findall(r'\("(Q\d)",\s*(?:#"(.*?)"#|"(.*?)")\)', text):
        out.append((name, raw or plain))
    return out


def timed(cmds, runs):
    """Median milliseconds of each command, run in turn (a b a b …) so that the load other
    work puts on a shared machine falls on both alike; one untimed warm-up run each."""
    samples = [[] for _ in cmds]
    for i in range(runs + 1):
        for k, cmd in enumerate(cmds):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            if i > 0:
                samples[k].append((time.perf_counter() - t) * 1000)
    return [statistics.median(s) for s in samples]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--kpiql", default=os.path.join(ROOT, ".build/release/kpiql"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--conninfo", default=None)
    ap.add_argument("--table", default="bench", help="the table's name, in kpiql and on the server")
    ap.add_argument("--no-push", action="store_true", help="the table is on the server already (pushed by an earlier run)")
    ap.add_argument("--no-memory", action="store_true", help="leave out the in-memory runs (they do not depend on the server)")
    ap.add_argument("--derive", action="store_true", help="push with --derive (a materialised view of the derived fields)")
    a = ap.parse_args()
    table = a.table
    conn = a.conninfo or "host=%s user=%s dbname=postgres" % (os.environ["KPIQL_PGHOST"], os.environ["KPIQL_PGUSER"])
    # Debian's `psql` is a Perl wrapper (pg_wrapper) that adds ~20 ms to every start: time the
    # real client, so kpiql is measured against psql's own work.
    real = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    psql = [real[-1] if real else "psql", "-X", "-q", "-A", "-t", "-d", conn]

    if not a.no_push:
        t = time.perf_counter()
        subprocess.run([a.kpiql, "push", table, "--load", f"{a.data}={table}", "--engine", conn, "--replace"]
                       + (["--derive"] if a.derive else []), check=True)
        push_ms = (time.perf_counter() - t) * 1000
        subprocess.run(psql + ["-c", f"ANALYZE {table}"], check=True)
    rows = subprocess.run(psql + ["-c", f"SELECT count(*) FROM {table}"], check=True, capture_output=True, text=True).stdout.strip()
    if not a.no_push:
        print(f"server push: {rows} rows in {push_ms:.0f} ms (load, COPY, commit)")
    print(f"runs: median of {a.runs} (engine and psql in turn, after one warm-up each); {rows} rows")
    print(f"{'query':<6}{'engine_ms':>11}{'psql_ms':>10}{'overhead':>10}{'memory_ms':>11}")
    # What a process costs before any work: one row of the table, through each client.
    first = f"from {table} select id limit 1"
    sql = subprocess.run([a.kpiql, "--engine", conn, "-c", ".sql " + first], check=True, capture_output=True, text=True).stdout
    engine, direct = timed([[a.kpiql, "--engine", conn, "-c", first, "--format", "csv"], psql + ["-c", sql]], a.runs)
    print(f"{'start':<6}{engine:>11.1f}{direct:>10.1f}{engine - direct:>+9.1f}ms{'-':>11}")
    slowest = None
    for name, q in workload():
        text = f"from {table} " + q
        compiled = subprocess.run([a.kpiql, "--engine", conn, "-c", ".sql " + text], capture_output=True, text=True)
        if compiled.returncode != 0:
            reason = next((l for l in compiled.stderr.splitlines() if "error:" in l), compiled.stderr.strip())
            print(f"{name:<6} not run: {reason}")
            continue
        sql = compiled.stdout
        engine, direct = timed([[a.kpiql, "--engine", conn, "-c", text, "--format", "csv"], psql + ["-c", sql]], a.runs)
        memory = "-"
        if not a.no_memory:
            bench = subprocess.run([a.kpiql, "bench", "--data", a.data, "--runs", str(a.runs), "--query", f"{name}={q}"],
                                   check=True, capture_output=True, text=True).stdout
            memory = "%.1f" % float(re.search(r"q=%s median_ms=([0-9.]+)" % name, bench).group(1))
        print(f"{name:<6}{engine:>11.1f}{direct:>10.1f}{(engine / direct - 1) * 100:>9.1f}%{memory:>11}")
        if slowest is None or direct > slowest[1]:
            slowest = (name, direct, sql)
    if slowest:
        plan = subprocess.run(psql + ["-c", "EXPLAIN (ANALYZE, BUFFERS) " + slowest[2].rstrip().rstrip(";")],
                              check=True, capture_output=True, text=True).stdout
        print(f"\nplan of the slowest query on the server ({slowest[0]}):\n{plan}")


if __name__ == "__main__":
    sys.exit(main())
