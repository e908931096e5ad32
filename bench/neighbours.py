"""Every authority ranked against its own nearest neighbours: kpiql against DuckDB.

    python bench/neighbours.py [--areas 317] [--neighbours 15] [--indicators 10] [--years 10]
                               [--runs 10] [--kpiql .build/release/kpiql] [--out bench-data/neighbours]

Generates (seeded, deterministic):
  long.csv        area_code, area, indicator, good, period, value: one row per area x indicator x
                  year, as Oflog and LG Inform publish (about 4% of values empty, values rounded
                  to one decimal so ties happen);
  wide.csv        the same pivoted: one row per area x indicator, one column per year (kpiql reads
                  this layout today; the long loader is being written);
  neighbours.json each area's own list of neighbours, {code: [codes]}, as Oflog publishes it;
  neighbours.csv  the same as area, neighbour rows, for DuckDB.

Then times, as the median of --runs runs after 2 warm-ups, the whole-table ranking of every
area against itself and its own neighbours, for every indicator and year:
  kpiql   one query with one rank(year, nn) per year over the wide table, in one process
          (.timer: parse, bind, execute, and an aggregate that reads every rank);
  DuckDB  the neighbour list joined to the long table (each area's set is itself and its
          neighbours), rank() over (partition by area, indicator, year order by value, turned
          by polarity), the area's own row kept; materialised as an Arrow table. Also, as a
          second form, the same join counting the better neighbours with no window.
and checks that both give the same rank for every area x indicator x year, printing one JSON
object with the figures.
"""
import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time


def generate(out, areas, neighbours, indicators, years, seed=16):
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    codes = [f"E0{6 + i % 4}{i:06d}" for i in range(areas)]
    names = {c: f"Authority {i + 1:03d}" for i, c in enumerate(codes)}
    lists = {c: rnd.sample([d for d in codes if d != c], neighbours) for c in codes}
    goods = ["high" if rnd.random() < 0.5 else "low" for _ in range(indicators)]
    periods = [f"{2014 + y}/{(15 + y) % 100:02d}" for y in range(years)]
    values = {}
    for i in range(indicators):
        base = rnd.uniform(20, 80)
        for c in codes:
            level = base + rnd.gauss(0, 8)
            for p in periods:
                level += rnd.gauss(0, 1.5)
                values[(c, i, p)] = None if rnd.random() < 0.04 else round(level, 1)
    with open(os.path.join(out, "long.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["area_code", "area", "indicator", "good", "period", "value"])
        for c in codes:
            for i in range(indicators):
                for p in periods:
                    v = values[(c, i, p)]
                    w.writerow([c, names[c], f"I{i + 1:02d}", goods[i], p, "" if v is None else v])
    with open(os.path.join(out, "wide.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Area code", "Area", "Ref", "Indicator", "Good is"] + periods)
        for c in codes:
            for i in range(indicators):
                w.writerow([c, names[c], f"I{i + 1:02d}", f"Indicator {i + 1}", goods[i]]
                           + ["" if values[(c, i, p)] is None else values[(c, i, p)] for p in periods])
    with open(os.path.join(out, "neighbours.json"), "w") as f:
        json.dump(lists, f, indent=1)
    with open(os.path.join(out, "neighbours.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["area", "neighbour"])
        for c in codes:
            for d in lists[c]:
                w.writerow([c, d])
    return periods


def field(period):
    """kpiql's field name for a period heading: 2014/15 -> p_2014_15."""
    return "p_" + re.sub(r"[^0-9a-z]+", "_", period.lower()).strip("_")


def run_kpiql(binary, out, periods, runs):
    ranks = ", ".join(f"rank({field(p)}, nn) as r{k}" for k, p in enumerate(periods))
    sums = ", ".join(f"sum(rank({field(p)}, nn)) as s{k}" for k, p in enumerate(periods))
    timed = f"from wide select count() as n, {sums};\n"
    script = (f".load {out}/wide.csv as wide\n.group nn {out}/neighbours.json\n"
              + timed * 2 + ".timer on\n" + timed * runs + ".timer off\n"
              + f".mode csv\n.output {out}/kpiql_ranks.csv\nfrom wide select area_code, id, {ranks};\n.output\n")
    path = os.path.join(out, "bench.kpiql")
    with open(path, "w") as f:
        f.write(script)
    start = time.perf_counter()
    p = subprocess.run([binary, "-f", path], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"kpiql failed ({p.returncode}):\n{p.stderr[-2000:]}")
    samples = [float(m) for m in re.findall(r"Run Time: ([0-9.]+) ms", p.stderr)]
    ranks_by_key = {}
    with open(os.path.join(out, "kpiql_ranks.csv")) as f:
        for row in csv.DictReader(f):
            for k, per in enumerate(periods):
                v = row[f"r{k}"]
                ranks_by_key[(row["area_code"], row["id"], per)] = int(float(v)) if v else None
    return samples, ranks_by_key, wall


DUCK_SQL = """
WITH sets AS (
    SELECT DISTINCT area_code AS focal, area_code AS member FROM long
    UNION ALL SELECT area, neighbour FROM nn
), vals AS (
    SELECT s.focal, l.indicator, l.period, l.area_code AS member, l.value, l.good
    FROM sets s JOIN long l ON l.area_code = s.member
    WHERE l.value IS NOT NULL
), ranked AS (
    SELECT focal, indicator, period, member,
           rank() OVER (PARTITION BY focal, indicator, period
                        ORDER BY CASE WHEN good = 'high' THEN -value ELSE value END) AS rk
    FROM vals
)
SELECT focal AS area_code, indicator, period, rk FROM ranked WHERE member = focal
"""

# The same without a window: join each area's row to its neighbours' rows and count the better.
DUCK_COUNT_SQL = """
SELECT a.area_code, a.indicator, a.period,
       1 + count(n.value) FILTER (WHERE CASE WHEN a.good = 'high' THEN n.value > a.value ELSE n.value < a.value END) AS rk
FROM long a
JOIN nn ON nn.area = a.area_code
LEFT JOIN long n ON n.area_code = nn.neighbour AND n.indicator = a.indicator AND n.period = a.period
WHERE a.value IS NOT NULL
GROUP BY a.area_code, a.indicator, a.period
"""


def run_duckdb(out, runs, threads, sql=DUCK_SQL):
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute(f"CREATE TABLE long AS SELECT * FROM read_csv('{out}/long.csv', header = true, "
                "columns = {'area_code': 'VARCHAR', 'area': 'VARCHAR', 'indicator': 'VARCHAR', 'good': 'VARCHAR', "
                "'period': 'VARCHAR', 'value': 'DOUBLE'})")
    con.execute(f"CREATE TABLE nn AS SELECT * FROM read_csv('{out}/neighbours.csv', header = true)")
    samples = []
    for i in range(runs + 2):
        start = time.perf_counter()
        table = con.sql(sql).to_arrow_table()
        if i >= 2:
            samples.append((time.perf_counter() - start) * 1000)
    rows = table.to_pylist()
    return samples, {(r["area_code"], r["indicator"], r["period"]): r["rk"] for r in rows}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--areas", type=int, default=317)
    ap.add_argument("--neighbours", type=int, default=15)
    ap.add_argument("--indicators", type=int, default=10)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--kpiql", default=".build/release/kpiql")
    ap.add_argument("--out", default="bench-data/neighbours")
    a = ap.parse_args()
    periods = generate(a.out, a.areas, a.neighbours, a.indicators, a.years)
    k_samples, k_ranks, k_wall = run_kpiql(a.kpiql, a.out, periods, a.runs)
    d1, d_ranks = run_duckdb(a.out, a.runs, 1)
    d2, _ = run_duckdb(a.out, a.runs, 2)
    c1, c_ranks = run_duckdb(a.out, a.runs, 1, DUCK_COUNT_SQL)
    # Row for row: every area x indicator x year with a value has the same rank in both.
    with_value = {k: v for k, v in k_ranks.items() if v is not None}
    mismatches = [(k, v, d_ranks.get(k)) for k, v in with_value.items() if d_ranks.get(k) != v]
    extra = [k for k in d_ranks if k not in with_value]
    count_mismatches = [k for k, v in with_value.items() if c_ranks.get(k) != v] + [k for k in c_ranks if k not in with_value]
    print(json.dumps({
        "areas": a.areas, "neighbours": a.neighbours, "indicators": a.indicators, "years": a.years,
        "long_rows": a.areas * a.indicators * a.years, "wide_rows": a.areas * a.indicators,
        "ranks_compared": len(with_value), "mismatches": len(mismatches), "only_in_duckdb": len(extra),
        "first_mismatches": mismatches[:5],
        "kpiql_ms_median": statistics.median(k_samples), "kpiql_ms_samples": k_samples,
        "kpiql_process_s": round(k_wall, 3),
        "duckdb_1t_ms_median": statistics.median(d1), "duckdb_2t_ms_median": statistics.median(d2),
        "duckdb_count_1t_ms_median": statistics.median(c1), "duckdb_count_mismatches": len(count_mismatches),
    }, indent=1))
    sys.exit(1 if mismatches or extra or count_mismatches else 0)


if __name__ == "__main__":
    main()
