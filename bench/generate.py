#!/usr/bin/env python3
"""Writes the synthetic all-England metrics CSV the benchmark reads.

    python3 bench/generate.py --rows 1000000 --seed 6 --out bench-data/metrics_1m.csv

Columns: council,id,name,priority,frequency,good,r3,r2,r1,latest,target (the Sefton period
layout). Every council reports every indicator, council by council, so the file has
317 councils x ceil(rows / 317) indicators, cut at exactly `rows` rows.

The same seed and row count always give the same bytes (random.Random is Mersenne Twister,
stable across Python versions; only the standard library is used). Shape:
  - about 5% of the period cells (r3, r2, r1, latest) are empty, and `good` is empty for
    about 5% of indicators; `latest` may be empty, in which case kpiql's latest falls back to
    r1 (then r2, r3) -- the peers in compare.py replicate that rule exactly;
  - 40% of targets are empty; where there is one it is placed so statuses come out about
    50% green, 20% amber, 30% red;
  - names may contain commas and doubled quotes (RFC 4180 quoting), and about 1 in 8
    mentions children in some capitalisation.
"""
import argparse
import math
import random
import sys

PRIORITIES = ["Children", "Adults", "Health", "Communities", "Growth", "Finance"]
PREFIX = {"Children": "C", "Adults": "A", "Health": "H", "Communities": "W", "Growth": "G", "Finance": "F"}
FREQUENCIES = ["Monthly", "Quarterly", "Annual", "Year to date", "Termly"]
SUBJECTS = {
    "Children": ["Children in care", "Children's social care referrals", "Care leavers in education",
                 "Child protection plans", "Early help assessments", "Looked after CHILDREN placements"],
    "Adults": ["Adult social care assessments", "Delayed transfers of care", "Reablement outcomes",
               "Carers assessed", "Safeguarding enquiries", "Residential admissions, 65+"],
    "Health": ["Smoking prevalence", "Healthy weight at reception", "NHS health checks",
               "Drug treatment completions", "Breastfeeding at 6-8 weeks", "Flu vaccination"],
    "Communities": ["Anti-social behaviour incidents", "Domestic abuse repeat referrals", "Library visits",
                    "Volunteering hours", "Fly-tipping incidents", "Community hub footfall"],
    "Growth": ["Business start-ups", "Planning applications decided", "Apprenticeship starts",
               "Empty homes brought back into use", "Affordable homes delivered", "Town centre vacancy"],
    "Finance": ["Council tax collected", "Business rates collected", "Invoices paid within 30 days",
                "Sickness absence days", "Freedom of information requests answered", "Agency spend"],
}
MEASURES = ["(%)", "(number)", "per 10,000 population", "rate, per 1,000", "(days)", "(\u00a3k)",
            "within timescale", "- \"stretch\" measure", "year to date", "(rolling 12 months)"]
QUALIFIERS = ["", "", "", " for children and young people", " (Children's services)", ", all ages",
              ", aged 18-64", " in the borough", ", excluding schools", " - North"]
SYLLABLES = ["Ash", "Brad", "Carl", "Dun", "Elm", "Fair", "Gran", "Hal", "Ips", "Kel", "Lan", "Mar",
             "Nor", "Ox", "Pen", "Rich", "Shef", "Thorn", "Wake", "York"]
ENDINGS = ["ford", "ton", "ham", "by", "field", "wick", "bury", "ley", "mouth", "stead", "worth",
           "dale", "minster", "port", "shire", "borough"]
KINDS = ["", " City", " Borough", " District", " County"]
COUNCILS = 317


def council_names(rng):
    names, seen = [], set()
    while len(names) < COUNCILS:
        n = rng.choice(SYLLABLES) + rng.choice(ENDINGS) + rng.choice(KINDS)
        if n not in seen:
            seen.add(n)
            names.append(n)
    return names


def quote(s):
    """RFC 4180: quote a field holding a comma, quote or newline, doubling inner quotes."""
    if any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def indicators(rng, count):
    out = []
    for i in range(count):
        p = PRIORITIES[i % len(PRIORITIES)] if i < len(PRIORITIES) else rng.choice(PRIORITIES)
        name = f"{rng.choice(SUBJECTS[p])}{rng.choice(QUALIFIERS)} {rng.choice(MEASURES)} #{i + 1}"
        good = "" if rng.random() < 0.05 else ("High" if rng.random() < 0.6 else "Low")
        scale = rng.choice([1.0, 10.0, 100.0, 1000.0])
        out.append((PREFIX[p] + f"{i + 1:05d}", quote(name), p, rng.choice(FREQUENCIES), good, scale))
    return out


def num(x):
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def target_for(rng, latest, good):
    """A target that makes this row green, amber or red (50/20/30) by kpiql's 95% rule."""
    u = rng.random()
    if good == "Low":
        if u < 0.5:
            return latest * rng.uniform(1.0, 1.3)        # at or above latest: met
        if u < 0.7:
            return latest * rng.uniform(0.955, 0.995)    # target/latest in [0.95, 1): amber
        return latest * rng.uniform(0.5, 0.94)
    if u < 0.5:
        return latest * rng.uniform(0.7, 1.0)
    if u < 0.7:
        return latest / rng.uniform(0.955, 0.995)        # latest/target in [0.95, 1): amber
    return latest / rng.uniform(0.5, 0.94)


def generate(rows, seed, out, values_seed=None):
    rng = random.Random(seed)
    councils = council_names(rng)
    per_council = max(1, math.ceil(rows / COUNCILS))
    inds = indicators(rng, per_council)
    if values_seed is not None:
        # Another snapshot of the same scorecards: the councils and indicators of `seed`,
        # the values and targets drawn afresh (the join benchmark pairs the two on council, id).
        rng = random.Random(values_seed)
    out.write("council,id,name,priority,frequency,good,r3,r2,r1,latest,target\n")
    written = 0
    rnd, gauss = rng.random, rng.gauss
    for council in councils:
        c = quote(council)
        lines = []
        for ind_id, name, priority, freq, good, scale in inds:
            if written == rows:
                break
            v = scale * (0.2 + 0.8 * rnd())
            series = []
            for _ in range(4):
                series.append(v)
                v = max(0.0, v * (1 + gauss(0, 0.15)))
            latest_value = series[3]
            cells = [num(x) if rnd() >= 0.05 else "" for x in series]
            target = ""
            if rnd() >= 0.4:
                target = num(target_for(rng, latest_value, good))
            lines.append(f"{c},{ind_id},{name},{priority},{freq},{good},{cells[0]},{cells[1]},{cells[2]},{cells[3]},{target}\n")
            written += 1
        out.write("".join(lines))
        if written == rows:
            break


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--out", default="-")
    ap.add_argument("--values-seed", type=int, help="a second snapshot: the same councils and indicators, other values")
    a = ap.parse_args()
    if a.out == "-":
        generate(a.rows, a.seed, sys.stdout, a.values_seed)
    else:
        with open(a.out, "w", encoding="utf-8", newline="") as f:
            generate(a.rows, a.seed, f, a.values_seed)


if __name__ == "__main__":
    main()
