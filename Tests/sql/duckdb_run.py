"""Runs SQL on an in-memory DuckDB for kpiql's SQL tests.

Reads a JSON object from standard input: {"setup": [sql, ...], "queries": [sql, ...]}.
Each setup script runs first (the pushed tables); then each query, and its rows are printed
as psql -A -t prints them: fields separated by \\x1f, rows by \\x1e, a newline after the
last row, NULL as \\x01, numbers as Python's shortest round-trip repr, booleans t/f. A
query's output ends with a line "@@kpiql-end@@", or is one line "@@kpiql-error@@ message".
"""
import json
import sys

import duckdb

def cell(v):
    if v is None:
        return "\x01"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, float):
        return repr(v)
    return str(v)

def main():
    job = json.load(sys.stdin)
    con = duckdb.connect(":memory:")
    for s in job["setup"]:
        con.execute(s)
    out = sys.stdout
    for q in job["queries"]:
        try:
            rows = con.execute(q).fetchall()
            if rows:
                out.write("\x1e".join("\x1f".join(cell(v) for v in r) for r in rows) + "\n")
            out.write("@@kpiql-end@@\n")
        except Exception as e:  # every failure is reported against its query
            out.write("@@kpiql-error@@ " + str(e).replace("\n", " ") + "\n")
    out.flush()

main()
