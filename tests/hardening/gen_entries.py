#!/usr/bin/env python3
"""Writes a large, valid entries CSV (SPEC §5) and the people CSV it needs, reproducibly.

    gen_entries.py --rows 200000 --people 40 --seed 1 --entries E.csv --people-csv P.csv

Every row differs from every other (the note carries the row number), so an import adds all of
them and a re-import adds none. Python 3 standard library only.
"""
import argparse
import csv
import datetime as dt
import random

ACTIVITIES = [("group", ["member", "leader", "co-leader"]),
              ("supervision", ["supervisee", "supervisor"]),
              ("leadership-training", ["participant", "facilitator"]),
              ("peer-supervision", ["member"]),
              ("other-cpd", ["participant"])]
SETTINGS = ["general practice", "hospital", "psychiatry", "nursing", "students", ""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200000)
    ap.add_argument("--people", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--entries", required=True)
    ap.add_argument("--people-csv", required=True)
    ap.add_argument("--prefix", default="", help="prefix of each note (to make files differ)")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    ids = [f"p{i:03d}" for i in range(a.people)]
    with open(a.people_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "email", "attr:psychodynamic_training"])
        for i, pid in enumerate(ids):
            w.writerow([pid, f"Person {i} Ψ", f"{pid}@example.org", "yes" if i % 2 else "no"])
    start = dt.date(2015, 1, 1)
    with open(a.entries, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", "person", "activity", "role", "minutes", "group", "setting",
                    "leader", "cases", "tags", "note"])
        for n in range(a.rows):
            activity, roles = rnd.choice(ACTIVITIES)
            person = rnd.choice(ids)
            leader = rnd.choice(ids)
            w.writerow([(start + dt.timedelta(days=rnd.randrange(4000))).isoformat(), person,
                        activity, rnd.choice(roles), rnd.choice([60, 90, 90, 120, 360]),
                        f"group {rnd.randrange(30)}", rnd.choice(SETTINGS),
                        leader if leader != person and activity == "group" else "",
                        rnd.randrange(3) if activity == "group" else "",
                        "weekend;online" if n % 7 == 0 else "",
                        f"{a.prefix}row {n}, \"quoted\""])


if __name__ == "__main__":
    main()
