"""The benchmark table as markdown, and its place in BENCHMARKS.md (between markers, so the
hand-written notes around it survive a regeneration by `make bench`)."""
import os
import platform
import re

QUERIES = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1024 / 1024
        osname = next(l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME"))
    except (OSError, StopIteration):
        mem, osname = 0, platform.platform()
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {osname}, Linux {platform.release()}"


def ms(v):
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def section(rows, a, results, problems, versions, start, loaded):
    label = f"{rows:,}".replace(",", " ")
    out = [f"### {label} rows ({os.path.basename(a.data)}, {os.path.getsize(a.data) / 1e6:.0f} MB)", ""]
    out.append(f"Machine: {machine()}.  ")
    out.append("Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".  ")
    out.append(f"Runs: median of {a.runs} timed runs after {a.warmup} warm-up runs (SQLite {a.sqlite_runs}); "
               "a run parses, plans, executes and materialises the whole result.  ")
    if a.command:
        out.append(f"Command: `{a.command}`")
    out += ["", "Median milliseconds per query; load is CSV to queryable table (derived fields included when "
            "precomputed); peak is the process's maximum resident set.", ""]
    out.append("| engine | threads | derived | " + " | ".join(QUERIES) + " | load ms | peak MB | same rows as kpiql |")
    out.append("|---|---:|---|" + "---:|" * len(QUERIES) + "---:|---:|---|")
    for r in results:
        name = f"**{r['engine']}**" if r["engine"] == "kpiql" else r["engine"]
        derived = "at load" if r["derive"] == "load" else "in query"
        ok = "yes" if not any(r["check"].values()) else "NO: " + ", ".join(q for q, d in r["check"].items() if d)
        cells = [ms(r["queries"][q]["median_ms"]) for q in QUERIES]
        out.append(f"| {name} | {r['threads']} | {derived} | " + " | ".join(cells)
                   + f" | {r['load_ms']:.0f} | {r['peak_mb']:.0f} | {ok} |")
    out += ["", "kpiql's median over the fastest peer's at the same thread count, derived fields precomputed "
            "(below 1 is kpiql faster; the peer that was fastest in brackets). Load is against Polars, peak "
            "memory against DuckDB.", ""]
    out.append("| threads | " + " | ".join(QUERIES) + " | load ÷ Polars | peak ÷ DuckDB |")
    out.append("|---:|" + "---|" * (len(QUERIES) + 2))
    for t in sorted({r["threads"] for r in results}):
        mine = next((r for r in results if r["engine"] == "kpiql" and r["threads"] == t and r["derive"] == "load"), None)
        peers = [r for r in results if r["engine"] != "kpiql" and r["threads"] == t and r["derive"] == "load"]
        if not mine or not peers:
            continue
        cells = []
        for q in QUERIES:
            best = min(peers, key=lambda r: r["queries"][q]["median_ms"])
            ratio = mine["queries"][q]["median_ms"] / best["queries"][q]["median_ms"]
            cells.append(f"{ratio:.2f} ({best['engine']} {ms(best['queries'][q]['median_ms'])})")
        polars = next((r for r in peers if r["engine"] == "polars"), None)
        duck = next((r for r in peers if r["engine"] == "duckdb"), None)
        load = f"{mine['load_ms'] / polars['load_ms']:.2f}" if polars else "–"
        peak = f"{mine['peak_mb'] / duck['peak_mb']:.2f}" if duck else "–"
        out.append(f"| {t} | " + " | ".join(cells) + f" | {load} | {peak} |")
    out.append("")
    mine = next((r for r in results if r["engine"] == "kpiql" and r["threads"] == 1 and r["derive"] == "load"), None)
    # The peers' "derived in query" runs time the bare read_csv (their "at load" runs add the derivation).
    one = {e: next((r for r in results if r["engine"] == e and r["threads"] == 1 and r["derive"] == "query"), None)
           for e in ("polars", "duckdb")}
    out.append(f"The load users run, as a whole process (`{loaded['command']}`: start-up, the bundled data, the load "
               f"on every core, derived fields, the query), median of {loaded['runs']}: **{loaded['median_ms']:.0f} ms**, "
               f"peak {loaded['peak_mb']:.0f} MB" + (f" for a finished table of {mine['table_mb']:.0f} MB of columns "
               f"({loaded['peak_mb'] / mine['table_mb']:.2f}×)" if mine and mine.get("table_mb") else "") + ".  ")
    for e, r in one.items():
        if r:
            out.append(f"Against {e} `read_csv` on one thread ({r['load_ms']:.0f} ms, in its process): "
                       f"**{loaded['median_ms'] / r['load_ms']:.2f}×**.  ")
    out.append("")
    out.append(f"Start-up: `{start['command']}` on the bundled data, wall time over {start['runs']} runs: "
               f"median {start['median_ms']:.1f} ms, mean {start['mean_ms']:.1f} ms, worst {start['max_ms']:.1f} ms.")
    out.append("")
    if problems:
        out += ["**Cross-check failed:**", ""] + [f"- {p}" for p in problems] + [""]
    else:
        out += ["Cross-check: every engine and configuration returned the same rows, in the same order, "
                "as kpiql (numbers equal to 1e-9 relative), for all six queries.", ""]
    return "\n".join(out)


def write(path, rows, text):
    start, end = f"<!-- bench:{rows}:start -->", f"<!-- bench:{rows}:end -->"
    block = f"{start}\n{text}\n{end}"
    doc = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n\n<!-- results -->\n"
    if start in doc and end in doc:
        doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
    elif "<!-- results -->" in doc:
        doc = doc.replace("<!-- results -->", f"{block}\n\n<!-- results -->")
    else:
        doc += f"\n{block}\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)
