#!/usr/bin/env python3
"""A synthetic Balint society for benchmarks: people, ten years of entries, records.

Seeded and deterministic (Python's random.Random with --seed): the same arguments give the
same files byte for byte. Writes into OUT:

  people.csv        id, name, email, attr:psychodynamic_training
  entries.csv       the SPEC §5 entry columns, in date order (as a society's export would be)
  records.sql       memberships, accreditations, enrolments, supervisor reports, waivers
                    (SQL for the balint schema, run by sqlite3 after `balint init`)
  post-import.sql   a few voids (entry ids are 1..N when the entries are imported into a
                    fresh ledger)
  setup.sh          builds a ledger from the above: init, import people, records, import
                    entries, voids

The society: accredited leaders (UK Balint Society, family bbs-leader) lead ongoing groups
(weekly, fortnightly or monthly, 6 to 10 members each, members coming and going),
leaders in training enrolled on the pathway co-lead them, get supervision from accredited
leaders and attend Society weekends; everyone else is a group member. Memberships lapse and
resume. A small share of entries carry the problems an audit looks for: duplicates, long
entries, too many hours on one day, entries dated in the future, a leader logged as a
member of their own group, supervision by a leader not yet accredited, unverified entries.

Two probe people with a fixed, known history are added to every ledger size, so that the
cost of `balint progress` for one person can be compared across ledger sizes:
probe-small (about 60 entries) and probe-large (about 1,200 entries).

  python3 bench/generate.py --out /tmp/society                 # 10,000 people, 1,000,000 entries
  python3 bench/generate.py --people 1000 --entries 100000 --out /tmp/small
"""
import argparse
import csv
import datetime as dt
import os
import random

FIRST = ["Ann", "Bob", "Cailín", "Dara", "Eve", "Farid", "Gráinne", "Helen", "Ivan", "Jürgen",
         "Katja", "Liam", "Maria", "Niamh", "Owen", "Priya", "Quentin", "Rosa", "Seán", "Tomás",
         "Ursula", "Vera", "Will", "Xenia", "Yusuf", "Zoe", "Ζωή", "Νίκος", "Ελένη", "Γιώργος",
         "Δήμητρα", "Κώστας", "Amara", "Björn", "Chloé", "Dmitri", "Elif", "Fionn", "Greta",
         "Hamid"]
LAST = ["Barker", "Ó Briain", "Weiß", "Παπαδοπούλου", "Γεωργίου", "Smith", "Jones", "Murphy",
        "Kelly", "Müller", "Schmidt", "Nikolaidis", "Brown", "Taylor", "Walsh", "Byrne",
        "Fischer", "Wagner", "Evans", "Davies", "Khan", "Patel", "Novak", "Costa", "Dubois",
        "Rossi", "Jensen", "Larsen", "Quinn", "Reid"]
SETTINGS = ["general practice", "hospital psychiatry", "medical school", "nursing",
            "palliative care", "paediatrics", "psychotherapy training", "social work",
            "emergency medicine", "oncology"]
TOWNS = ["London", "Leeds", "Dublin", "Athens", "Thessaloniki", "Bristol", "Manchester",
         "Edinburgh", "Cardiff", "Oxford", "York", "Galway", "Patras", "Glasgow", "Norwich"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
BODY = "UK Balint Society"
FAMILY = "bbs-leader"
COLUMNS = ["date", "person", "activity", "role", "minutes", "group", "setting", "format",
           "leader", "co_leader", "supervisor", "cases", "event", "days", "tags", "verified_by",
           "note"]


def iso(d):
    return d.isoformat()


class Society:
    def __init__(self, args):
        self.r = random.Random(args.seed)
        self.end = dt.date.fromisoformat(args.end)
        self.start = dt.date(self.end.year - args.years, self.end.month, 1)
        self.n_people = args.people
        self.target = args.entries
        self.rows = []  # entry rows as lists in COLUMNS order
        self.people = []  # (id, name, email, psychodynamic)
        self.memberships = []  # (person, from, to|None)
        self.accreditations = []  # (person, family, date)
        self.enrolments = []  # (person, family, date)
        self.documents = []  # (person, type, date)
        self.waivers = []  # (person, ruleset, requirement, reason, date)

    # ---- people and records ----------------------------------------------------------------

    def day(self, lo, hi):
        return lo + dt.timedelta(days=self.r.randrange(max(1, (hi - lo).days)))

    def make_people(self):
        r = self.r
        width = len(str(self.n_people))
        for i in range(1, self.n_people + 1):
            pid = f"p{i:0{width}d}"
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            email = f"{pid}@example.org" if r.random() < 0.8 else ""
            self.people.append((pid, name, email, r.random() < 0.3))
        ids = [p[0] for p in self.people]
        r.shuffle(ids)
        n_leaders = max(4, self.n_people * 4 // 100)
        n_trainees = max(4, self.n_people * 8 // 100)
        self.leaders = ids[:n_leaders]
        self.trainees = ids[n_leaders:n_leaders + n_trainees]
        self.members = ids[n_leaders + n_trainees:]
        self.accredited_on = {}
        for pid in self.leaders:
            # Most were accredited before the ledger starts; some during it.
            if r.random() < 0.7:
                on = self.day(self.start - dt.timedelta(days=3650), self.start)
            else:
                on = self.day(self.start, self.end - dt.timedelta(days=365))
            self.accredited_on[pid] = on
            self.accreditations.append((pid, FAMILY, on))
        self.enrolled_on = {}
        for pid in self.trainees:
            on = self.day(self.start + dt.timedelta(days=180), self.end - dt.timedelta(days=120))
            self.enrolled_on[pid] = on
            self.enrolments.append((pid, FAMILY, on))
            if r.random() < 0.3:
                self.documents.append((pid, "supervisor-report",
                                       self.day(on, self.end)))
            if r.random() < 0.02:
                self.waivers.append((pid, "bbs-leader-2023", "leadership-training",
                                     "prior learning: IBF leadership workshop", on))
        for pid, *_ in self.people:
            p_member = 0.95 if pid in self.enrolled_on or pid in self.accredited_on else 0.6
            if r.random() >= p_member:
                continue
            since = self.day(self.start - dt.timedelta(days=1500), self.end)
            if r.random() < 0.2:  # a lapse, then renewed
                lapse = self.day(since + dt.timedelta(days=60), since + dt.timedelta(days=1200))
                back = lapse + dt.timedelta(days=r.randrange(60, 400))
                self.memberships.append((pid, since, lapse))
                self.memberships.append((pid, back, None))
            else:
                self.memberships.append((pid, since, None))

    # ---- entries ---------------------------------------------------------------------------

    def entry(self, date, person, activity, role, minutes, group="", setting="", fmt="",
              leader="", co_leader="", supervisor="", cases="", event="", days="", tags="",
              verified_by="", note=""):
        self.rows.append([iso(date), person, activity, role, str(minutes), group, setting, fmt,
                          leader, co_leader, supervisor, str(cases), event, str(days), tags,
                          verified_by, note])

    def verifier(self, who):
        return "" if self.r.random() < 0.08 else who

    def training_and_supervision(self):
        r = self.r
        # Society weekends, spring and autumn: trainees attend some, leaders facilitate.
        year = self.start.year
        while year <= self.end.year:
            for month, season in ((4, "spring"), (10, "autumn")):
                d = dt.date(year, month, 10 + r.randrange(10))
                if not (self.start <= d <= self.end):
                    continue
                event = f"Society weekend {year} {season}"
                facilitators = r.sample(self.leaders, min(4, len(self.leaders)))
                for f in facilitators:
                    self.entry(d, f, "leadership-training", "facilitator", 720, event=event,
                               days=2, verified_by=self.verifier(facilitators[0]))
                for t in self.trainees:
                    if self.enrolled_on[t] <= d and r.random() < 0.35:
                        self.entry(d, t, "leadership-training", "participant", 720, event=event,
                                   days=2, verified_by=self.verifier(facilitators[0]))
            year += 1
        # Monthly supervision of each trainee from enrolment, by an accredited leader (a few
        # supervisors were not yet accredited on the day).
        for t in self.trainees:
            sup = r.choice(self.leaders)
            d = self.enrolled_on[t] + dt.timedelta(days=r.randrange(10, 40))
            while d <= self.end:
                if r.random() < 0.8:
                    online = "online" if d.year >= 2020 and r.random() < 0.4 else ""
                    self.entry(d, t, "supervision", "supervisee", 60, fmt=online, supervisor=sup,
                               verified_by=self.verifier(sup))
                    self.entry(d, sup, "supervision", "supervisor", 60, fmt=online)
                d += dt.timedelta(days=r.randrange(25, 40))
        # Leaders' peer supervision, about every two months.
        for pid in self.leaders:
            d = self.start + dt.timedelta(days=r.randrange(60))
            while d <= self.end:
                if r.random() < 0.5:
                    self.entry(d, pid, "peer-supervision", "member", 90,
                               group=f"{r.choice(TOWNS)} leaders' peer group")
                d += dt.timedelta(days=r.randrange(45, 75))

    def groups(self):
        r = self.r
        n = 0
        pool = self.members + self.trainees
        while len(self.rows) < self.target:
            n += 1
            leader = r.choice(self.leaders)
            co = r.choice(self.trainees) if r.random() < 0.6 else ""
            town = r.choice(TOWNS)
            setting = r.choice(SETTINGS)
            name = f"{town} {setting} group {n}"
            every = r.choice((7, 14, 14, 28))
            minutes = r.choice((60, 75, 90, 90, 90, 120))
            begin = self.day(self.start, self.end - dt.timedelta(days=90))
            stop = min(self.end, begin + dt.timedelta(days=r.randrange(365, 365 * 6)))
            size = r.randrange(6, 11)
            roster = {m: begin for m in r.sample(pool, size)}
            d = begin
            while d <= stop and len(self.rows) < self.target:
                online = "online" if d.year >= 2020 and r.random() < 0.2 else ""
                if co and d < self.enrolled_on.get(co, d):
                    lead_co = ""
                else:
                    lead_co = co
                cases = r.randrange(1, 4)
                self.entry(d, leader, "group", "leader", minutes, name, setting, online,
                           co_leader=lead_co, cases=cases)
                if lead_co:
                    self.entry(d, lead_co, "group", "co-leader", minutes, name, setting, online,
                               leader=leader, cases=cases, verified_by=self.verifier(leader))
                for m in list(roster):
                    if r.random() < 0.85:
                        self.entry(d, m, "group", "member", minutes, name, setting, online,
                                   leader=leader, co_leader=lead_co,
                                   verified_by=self.verifier(leader))
                    # Members come and go: a stint of one to three years.
                    if (d - roster[m]).days > 365 and r.random() < 0.02:
                        del roster[m]
                        roster[r.choice(pool)] = d
                d += dt.timedelta(days=every)
        del self.rows[self.target:]

    def anomalies(self):
        """A small share of suspicious rows, replacing ordinary ones (the count stays)."""
        r = self.r
        n = len(self.rows)
        group_rows = [i for i in r.sample(range(n), min(n, 4000)) if self.rows[i][2] == "group"]
        k = max(1, n // 1000)
        picks = iter(group_rows)
        for _ in range(k):  # exact duplicates of a neighbouring row (logged twice)
            i = next(picks)
            j = (i + 1) % n
            self.rows[j] = list(self.rows[i])
        for _ in range(max(1, n // 5000)):  # a group entry over 8 hours
            i = next(picks)
            self.rows[i][4] = "600"
        for _ in range(max(1, n // 20000)):  # a leader logged as a member of their own group
            i = next(picks)
            row = self.rows[i]
            if row[3] == "member" and row[8]:
                row[1] = row[8]
        for _ in range(max(1, n // 50000)):  # future-dated (typing 2072 for 2027 and the like)
            i = next(picks)
            d = dt.date.fromisoformat(self.rows[i][0])
            self.rows[i][0] = iso(dt.date(self.end.year + 1, d.month, min(d.day, 28)))
        # One person logging a whole week on one day, every so often.
        for _ in range(max(1, n // 100000)):
            i = next(picks)
            row = self.rows[i]
            for _ in range(16):
                self.rows[r.randrange(n)] = list(row)

    def probes(self):
        """probe-small and probe-large: trainees with a fixed history, for `progress`."""
        r = random.Random(7)  # independent of the society's size
        leader = self.leaders[0]
        for pid, sessions in (("probe-small", 40), ("probe-large", 900)):
            self.people.append((pid, f"Probe {pid[6:]}", "", True))
            on = self.end - dt.timedelta(days=4 * 365)
            self.enrolments.append((pid, FAMILY, on))
            self.memberships.append((pid, on, None))
            self.documents.append((pid, "supervisor-report", self.end - dt.timedelta(days=30)))
            d = on
            step = max(1, (self.end - on).days // sessions)
            for i in range(sessions):
                role = "member" if i % 2 else "co-leader"
                self.entry(d, pid, "group", role, 90, f"Probe group {i % 3}", SETTINGS[i % 4],
                           leader=leader, verified_by=leader)
                if i % 3 == 0:
                    self.entry(d, pid, "supervision", "supervisee", 60, supervisor=leader,
                               verified_by=leader)
                d += dt.timedelta(days=step)
            for k in range(r.randrange(2, 5)):
                self.entry(on + dt.timedelta(days=100 * (k + 1)), pid, "leadership-training",
                           "participant", 720, event=f"Probe weekend {k}", days=2)

    def generate(self):
        self.make_people()
        self.training_and_supervision()
        self.probes()
        self.target = max(self.target, len(self.rows))
        self.groups()
        self.anomalies()
        # A society's export is in date order (stable: generation order within a day).
        self.rows.sort(key=lambda row: row[0])

    # ---- output ----------------------------------------------------------------------------

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "people.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "name", "email", "attr:psychodynamic_training"])
            for pid, name, email, pd in self.people:
                w.writerow([pid, name, email, "yes" if pd else ""])
        with open(os.path.join(out, "entries.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(COLUMNS)
            w.writerows(self.rows)
        with open(os.path.join(out, "records.sql"), "w", encoding="utf-8") as f:
            f.write("-- Records for the generated society (balint schema version 1).\nBEGIN;\n")
            for p, a, b in self.memberships:
                to = f"'{iso(b)}'" if b else "NULL"
                f.write(f"INSERT INTO membership (person, body, date_from, date_to) "
                        f"VALUES ('{p}', '{BODY}', '{iso(a)}', {to});\n")
            for p, fam, on in self.accreditations:
                f.write(f"INSERT INTO accreditation (person, family, granted_on) "
                        f"VALUES ('{p}', '{fam}', '{iso(on)}');\n")
            for p, fam, on in self.enrolments:
                f.write(f"INSERT INTO enrolment (person, family, enrolled_on) "
                        f"VALUES ('{p}', '{fam}', '{iso(on)}');\n")
            for p, typ, on in self.documents:
                f.write(f"INSERT INTO document (person, type, dated) "
                        f"VALUES ('{p}', '{typ}', '{iso(on)}');\n")
            for p, rs, req, reason, on in self.waivers:
                f.write(f"INSERT INTO waiver (person, ruleset, requirement, reason, granted_on) "
                        f"VALUES ('{p}', '{rs}', '{req}', '{reason}', '{iso(on)}');\n")
            f.write("COMMIT;\n")
        n = len(self.rows)
        with open(os.path.join(out, "post-import.sql"), "w", encoding="utf-8") as f:
            f.write("-- Voids: entry ids are 1..N in a fresh ledger.\nBEGIN;\n")
            for i in sorted(self.r.sample(range(1, n + 1), max(1, n // 2000))):
                f.write(f"INSERT INTO void (entry, reason, voided_on) "
                        f"VALUES ({i}, 'logged in error', '{iso(self.end)}');\n")
            f.write("COMMIT;\n")
        with open(os.path.join(out, "setup.sh"), "w", encoding="utf-8") as f:
            f.write(SETUP)
        os.chmod(os.path.join(out, "setup.sh"), 0o755)


SETUP = """#!/usr/bin/env bash
# Builds a ledger from the files beside this script: setup.sh LEDGER [BALINT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=${1:?usage: setup.sh LEDGER [BALINT]}
balint=${2:-balint}
"$balint" --db "$db" init -q
"$balint" --db "$db" import people "$here/people.csv" -q
sqlite3 "$db" < "$here/records.sql"
"$balint" --db "$db" import entries "$here/entries.csv" -q
sqlite3 "$db" < "$here/post-import.sql"
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--end", default="2026-10-31", help="last day of ordinary entries")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    s = Society(args)
    s.generate()
    s.write(args.out)
    print(f"{args.out}: {len(s.people)} people, {len(s.rows)} entries, "
          f"{len(s.memberships)} memberships, {len(s.accreditations)} accreditations, "
          f"{len(s.enrolments)} enrolments")


if __name__ == "__main__":
    main()
