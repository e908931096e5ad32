#!/usr/bin/env python3
"""Writes datasets/st_helens_2024q1.csv: St Helens' position at Quarter 1 2024-25, as far as
the Quarter 2 report (seed 004) publishes it. See datasets/README.md for what it is and is not.

    python3 datasets/derive_st_helens_q1.py [--seed /work/shared/seeds/004_76de2c9fd9353dcb.txt]

Each row is the Q2 file's row (already transcribed from the seed) cut to what was known at Q1:
the Q1 June value, the 23/24 outturn before it and the 24/25 target. With --seed it first checks
every Q1 value and target against the seed's own table row (column 'Q1 June', '24/25 Target').
"""
import argparse
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["id", "name", "priority_no", "priority_title", "outcome", "tier", "frequency", "good",
           "outturn", "target", "period_target", "q1", "target_note"]
# The commentary of CYP-001 prints its Q1 profile: "Q1 figures were 0.5% above the target" (402 vs 400).
PUBLISHED_Q1_PROFILE = {"CYP-001": "400"}


def number(s):
    s = s.strip().replace(",", "").replace("%", "").replace("\u00a3", "")
    try:
        return float(s)
    except ValueError:
        return None


def check_against_seed(rows, seed_path):
    lines = open(seed_path, encoding="utf-8").read().split("\n")
    for r in rows:
        found = [l.split("\t") for l in lines if l.startswith(r["id"] + "\t")]
        if not found:
            raise SystemExit(f"{r['id']}: no row in the seed")
        f = found[0]
        if number(f[6]) != number(r["q1"]) or number(f[5]) != number(r["target"]):
            raise SystemExit(f"{r['id']}: seed Q1 {f[6]!r} target {f[5]!r}, Q2 file q1 {r['q1']!r} target {r['target']!r}")
    print(f"checked {len(rows)} Q1 values and targets against {seed_path}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed")
    args = ap.parse_args()
    rows = list(csv.DictReader(open(os.path.join(HERE, "st_helens_2024q2.csv"), encoding="utf-8")))
    if args.seed:
        check_against_seed(rows, args.seed)
    out = []
    for r in rows:
        target, profile, note = r["target"], "", ""
        if r["period_target"] and r["q2"]:
            # A year-to-date target profiled to the half year at Q2: its Q1 profile is not printed
            # (except CYP-001's), and the annual target would rate a quarter's total red.
            if r["id"] in PUBLISHED_Q1_PROFILE:
                profile = PUBLISHED_Q1_PROFILE[r["id"]]
                note = f"Q1 profile {profile} of the annual {target}, from the Q2 commentary"
            else:
                note = f"year-to-date target: profiled to {r['period_target']} of {target} at Q2; the Q1 profile is not published"
                target = ""
        elif r["period_target"]:
            # No Q2 value: the Q2 report already rated the Q1 figure against this Q1 profile.
            profile = r["period_target"]
        out.append([r["id"], r["name"], r["priority_no"], r["priority_title"], r["outcome"], r["tier"], r["frequency"],
                    r["good"], r["outturn"], target, profile, r["q1"], note])
    with open(os.path.join(HERE, "st_helens_2024q1.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(out)
    print(f"wrote {len(out)} rows")


if __name__ == "__main__":
    main()
