"""The join queries of bench/join.py in DuckDB and Polars, with kpiql's semantics.

    python bench/peers_join.py duckdb --data NOW.csv --was WAS.csv --threads 1 --runs 10 --warmup 2

Loads both files of the workload layout with the derived fields of peers.py (status etc.),
then times QJ1 and QJ2 (the same queries as bench/join.py gives kpiql) and prints one JSON
object: load_ms, per query the samples and the rows it returned. Rows come in the first
table's file order (`rn`), as kpiql returns them; groups in order of first appearance.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

NEW_RED = "now.status = 'red' AND was.status IN ('green', 'amber')"
RECOVERED = "was.status = 'red' AND now.status IN ('green', 'amber')"
JOIN = "FROM m AS now JOIN w AS was ON now.council = was.council AND now.id = was.id"
SQL = {
    "QJ1": f"SELECT now.priority AS priority, count(*) AS n, count(*) FILTER (WHERE {NEW_RED}) AS new_reds, "
           f"count(*) FILTER (WHERE {RECOVERED}) AS recovered {JOIN} GROUP BY now.priority ORDER BY min(now.rn)",
    "QJ2": "SELECT now.id, now.council, was.status AS was_status, now.status AS now_status, was.latest AS was_latest, "
           f"now.latest AS now_latest {JOIN} WHERE {NEW_RED} ORDER BY now.rn",
}


class DuckDB(peers.DuckDB):
    def load_was(self, path):
        cols = ", ".join(f"'{c}': '{'DOUBLE' if c in peers.NUMBER else 'VARCHAR'}'" for c in peers.COLUMNS)
        self.con.execute(f"CREATE TABLE file2 AS SELECT * FROM read_csv('{path}', header = true, columns = {{{cols}}})")
        raw = "(SELECT rowid AS rn, * FROM file2) AS raw"
        self.con.execute(f"CREATE TABLE w AS {peers.DERIVE_SQL.replace('FROM raw', 'FROM ' + raw)}")
        self.queries = SQL


class Polars(peers.Polars):
    def load_was(self, path):
        pl = self.pl
        schema = {c: (pl.Float64 if c in peers.NUMBER else pl.String) for c in peers.COLUMNS}
        self.w = self.derive(pl.read_csv(path, schema=schema).with_row_index("rn").lazy()).collect()

    def run(self, name):
        pl, c = self.pl, self.pl.col
        j = self.m.lazy().join(self.w.lazy(), on=["council", "id"], how="inner", suffix="_was")
        new_red = (c("status") == "red") & c("status_was").is_in(["green", "amber"])
        recovered = (c("status_was") == "red") & c("status").is_in(["green", "amber"])
        if name == "QJ1":
            q = (j.group_by("priority").agg(pl.len().alias("n"), new_red.sum().alias("new_reds"),
                                             recovered.sum().alias("recovered"), c("rn").min().alias("first"))
                 .sort("first").drop("first"))
        else:
            q = j.filter(new_red).sort("rn").select(["id", "council", c("status_was").alias("was_status"), c("status").alias("now_status"),
                                                      c("latest_was").alias("was_latest"), c("latest").alias("now_latest")])
        return q.collect()


ENGINES = {"duckdb": DuckDB, "polars": Polars}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("engine", choices=sorted(ENGINES))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--data", required=True)
    ap.add_argument("--was", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    a = ap.parse_args()
    os.environ["POLARS_MAX_THREADS"] = str(a.threads)
    engine = ENGINES[a.engine](a.threads)
    t0 = time.perf_counter()
    engine.load(os.path.abspath(a.data), "load")
    engine.load_was(os.path.abspath(a.was))
    out = {"load_ms": (time.perf_counter() - t0) * 1000, "queries": {}}
    for name in ("QJ1", "QJ2"):
        samples, result = [], None
        for i in range(a.warmup + a.runs):
            t0 = time.perf_counter()
            result = engine.run(name)
            if i >= a.warmup:
                samples.append((time.perf_counter() - t0) * 1000)
        out["queries"][name] = {"samples_ms": samples, "rows": engine.rows(result)}
        print(f"{a.engine} t={a.threads} {name} done", file=sys.stderr)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
