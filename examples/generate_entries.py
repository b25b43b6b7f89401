#!/usr/bin/env python3
"""Writes examples/entries.csv: two years of Balint work (November 2024 to November 2026, and
one Intensive of June 2024) for the people in examples/people.csv.

No randomness: every session comes from a fixed calendar rule ("the 2nd Thursday of each
month except August"), and every person's attendance from a fixed span of dates, so the counts
in examples/README.md can be worked out by hand from this file. Re-running it writes the same
bytes. Python 3 standard library only.

    python3 examples/generate_entries.py            # writes examples/entries.csv
    python3 examples/generate_entries.py -o FILE    # somewhere else ('-' for stdout)
"""
import argparse
import csv
import datetime as dt
import io
import os
import sys

# The last day with data: the expectations in README.md are evaluated --as-of 2026-11-25.
LAST_DAY = dt.date(2026, 11, 24)

COLUMNS = ["date", "person", "activity", "role", "minutes", "hours", "group", "setting",
           "format", "leader", "co_leader", "supervisor", "cases", "event", "days", "tags",
           "verified_by", "note"]

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


# ---------------------------------------------------------------------------------------------
# Calendar helpers


def months(first, last, skip_months=(), skip=()):
    """(year, month) from `first` to `last` inclusive; skip_months are month numbers left out
    every year (e.g. 8 for August), skip are (year, month) pairs left out once."""
    y, m = first
    while (y, m) <= last:
        if m not in skip_months and (y, m) not in skip:
            yield (y, m)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def nth_weekday(year, month, weekday, n):
    """The n-th (1-based) given weekday of a month."""
    d = dt.date(year, month, 1)
    d += dt.timedelta(days=(weekday - d.weekday()) % 7)
    return d + dt.timedelta(weeks=n - 1)


def meetings(weekday, nths, first, last, skip_months=(), skip=()):
    """Dates of a group that meets on the given n-th weekdays of each month, up to LAST_DAY."""
    out = []
    for y, m in months(first, last, skip_months, skip):
        for n in nths:
            d = nth_weekday(y, m, weekday, n)
            if d <= LAST_DAY:
                out.append(d)
    return out


def between(first, last):
    """A predicate: the date is in [first, last] (ISO strings)."""
    lo, hi = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return lambda d: lo <= d <= hi


ALWAYS = lambda d: True  # noqa: E731


def except_on(*isodates):
    gone = {dt.date.fromisoformat(s) for s in isodates}
    return lambda d: d not in gone


# ---------------------------------------------------------------------------------------------
# Rows

ROWS = []


def row(date, person, activity, role, **cells):
    r = {c: "" for c in COLUMNS}
    r.update(date=date.isoformat() if isinstance(date, dt.date) else date, person=person,
             activity=activity, role=role)
    for k, v in cells.items():
        if k not in r:
            raise KeyError(k)
        r[k] = "" if v is None else str(v)
    if bool(r["minutes"]) == bool(r["hours"]):
        raise ValueError(f"give minutes or hours: {r}")
    ROWS.append(r)


# ---------------------------------------------------------------------------------------------
# Ongoing groups. Each session gives one row per person of the ledger who was there: the
# leader (role leader, co_leader named), the co-leader (role co-leader, leader named) and the
# members (role member, leader and co-leader named). People outside the ledger (the other
# members of each group) are not logged.


def group(name, setting, fmt, minutes, cases, dates, leader, co_leader=None, members=(),
          verify=False, notes=None):
    """co_leader: None, or (person, predicate on the date). members: (person, predicate)."""
    notes = notes or {}
    unknown = set(notes) - {d.isoformat() for d in dates}
    if unknown:
        raise ValueError(f"{name}: notes for days it does not meet: {sorted(unknown)}")
    for d in dates:
        co = co_leader[0] if co_leader and co_leader[1](d) else ""
        common = dict(minutes=minutes, group=name, setting=setting, format=fmt, cases=cases)
        note = notes.get(d.isoformat(), "")
        row(d, leader, "group", "leader", co_leader=co, note=note, **common)
        if co:
            row(d, co, "group", "co-leader", leader=leader,
                verified_by=leader if verify else "", note=note, **common)
        for person, present in members:
            if present(d):
                row(d, person, "group", "member", leader=leader, co_leader=co,
                    verified_by=leader if verify else "", note=note, **common)


NOV24, NOV26 = (2024, 11), (2026, 11)

# A. Helen's general-practice group, co-led by Cailín throughout.
#    2nd Thursday of each month, no meeting in August: 23 sessions.
group("Thursday GP group", "general practice", "in-person", 90, 2,
      meetings(THU, [2], NOV24, NOV26, skip_months=[8]),
      leader="helen", co_leader=("cailin", ALWAYS),
      members=[("siobhan", ALWAYS),
               ("anke", except_on("2025-03-13", "2025-10-09")),   # 21 of 23
               ("ronan", between("2024-11-01", "2026-04-30"))],   # 17 of 23
      verify=True,
      notes={"2025-02-13": 'Case: a "heartsink" patient; the group came back to her in March',
             "2026-04-09": "Rónán's last session as a member, before he leads more"})

# B. Cailín leads the medical students' group alone, in term: 1st Tuesday of January to
#    April, October and November: 13 sessions.
group("Medical students' group", "medical school", "in-person", 60, 1,
      meetings(TUE, [1], NOV24, NOV26, skip_months=[5, 6, 7, 8, 9, 12]),
      leader="cailin", members=[("aoife", ALWAYS)],
      notes={"2024-11-05": "Third-year students, first session of the year"})

# C. Nikos's online evening group for GPs: 4th Monday of each month, no August: 23 sessions.
group("Online evening group", "general practice", "online", 90, 2,
      meetings(MON, [4], NOV24, NOV26, skip_months=[8]),
      leader="nikos",
      members=[("juergen", between("2024-11-01", "2025-06-30")),  # 8
               ("cailin", between("2025-01-01", "2025-09-30")),   # 8
               ("siobhan", between("2025-01-01", "2026-11-30"))],  # 21
      verify=True)

# D. Nikos's hospital group in Athens (Aiginiteio psychiatric hospital): 1st Wednesday of each
#    month, no August: 23 sessions. Zoe is a member until July 2025 (9 sessions), then co-leads
#    from September 2025 (14 sessions).
group("Ομάδα Balint Αιγινητείου", "hospital psychiatry", "in-person", 90, 2,
      meetings(WED, [1], NOV24, NOV26, skip_months=[8]),
      leader="nikos", co_leader=("zoe", between("2025-09-01", "2026-11-30")),
      members=[("zoe", between("2024-11-01", "2025-07-31")),
               ("giorgos", ALWAYS)],
      verify=True,
      notes={"2025-09-03": "Ζωή's first session as co-leader"})

# E. Jürgen's online Sunday group (he is not accredited), co-led by Rónán: 3rd Sunday of each
#    month, no August: 23 sessions.
group("Sonntagsgruppe online", "general practice", "online", 90, 2,
      meetings(SUN, [3], NOV24, NOV26, skip_months=[8]),
      leader="juergen", co_leader=("ronan", ALWAYS),
      members=[("cailin", between("2024-11-01", "2026-01-31")),  # 14
               ("anke", ALWAYS)])                                 # 23

# F. Aroha's online group in Aotearoa New Zealand, co-led by Grace: 3rd Wednesday, February to
#    December 2025 and February to November 2026: 21 sessions.
group("Aotearoa online group", "general practice", "online", 90, 2,
      meetings(WED, [3], (2025, 2), NOV26, skip_months=[1]),
      leader="aroha", co_leader=("grace", ALWAYS), verify=True)

# G. Grace's own GP group in Wellington: 1st Monday, March to December 2025 and February to
#    November 2026: 20 sessions, one case each.
group("Wellington GP group", "general practice", "in-person", 90, 1,
      meetings(MON, [1], (2025, 3), NOV26, skip_months=[1]),
      leader="grace")

# H. Ingrid's hospital group in Melbourne: 1st Thursday, February to December 2025 and
#    February to November 2026: 21 sessions, two cases each.
group("Melbourne hospital group", "hospital psychiatry", "in-person", 90, 2,
      meetings(THU, [1], (2025, 2), NOV26, skip_months=[1]),
      leader="ingrid")

# I. Eleni's residents' group (a family medicine residency at a medical school): 2nd and 4th
#    Tuesday of every month: 50 sessions, two in every month from November 2024.
group("Residents' Balint group", "medical school", "in-person", 60, 1,
      meetings(TUE, [2, 4], NOV24, NOV26),
      leader="eleni")

# J. Kevin's online group for a community clinic: 3rd Wednesday of every month except July and
#    August 2025 (his summer break): 23 sessions.
group("Community clinic group", "general practice", "online", 60, 1,
      meetings(WED, [3], NOV24, NOV26, skip=[(2025, 7), (2025, 8)]),
      leader="kevin",
      notes={"2025-09-17": "First session after the summer break, no sessions in July, August"})

# K. Hannelore's Balint group in Hamburg (she is recognised by the German Balint Society): a
#    Saturday block of three Doppelstunden (270 minutes) on the 1st Saturday of each month, no
#    August: 23 sessions. Friederike, a DBG leader in training, is a member throughout.
group("Balintgruppe Hamburg", "hospital psychiatry", "in-person", 270, 3,
      meetings(SAT, [1], NOV24, NOV26, skip_months=[8]),
      leader="hannelore", members=[("friederike", ALWAYS)], verify=True)

# ---------------------------------------------------------------------------------------------
# A Society study weekend: small groups as ordinary members, three on Saturday and three on
# Sunday, 90 minutes each. Helen and Nikos lead one weekend group each.

STUDY = "Balint Society Study Weekend, Oxford 2025"
SESSIONS = [("2025-09-20", "Saturday morning"), ("2025-09-20", "Saturday midday"),
            ("2025-09-20", "Saturday afternoon"), ("2025-09-21", "Sunday morning"),
            ("2025-09-21", "Sunday midday"), ("2025-09-21", "Sunday afternoon")]
for day, when in SESSIONS:
    d = dt.date.fromisoformat(day)
    for leader, members in (("helen", [("siobhan", ALWAYS), ("anke", lambda d: d.weekday() == SAT)]),
                            ("nikos", [("giorgos", ALWAYS)])):
        wgroup = "Weekend group " + ("A" if leader == "helen" else "B")
        common = dict(minutes=90, group=wgroup, format="in-person",
                      cases=1, event=STUDY, tags="society-weekend", note=when + " session")
        row(d, leader, "group", "leader", **common)
        for person, present in members:
            if present(d):
                row(d, person, "group", "member", leader=leader, **common)

# Two DBG study conferences (Studientagungen): Friederike in a small group as a member, 90
# minutes a session, leaders outside the ledger; tagged studientagung.
for event, days in (("DBG-Studientagung Freiburg 2025", [("2025-04-25", 2), ("2025-04-26", 2)]),
                    ("DBG-Studientagung Berlin 2026", [("2026-04-24", 3), ("2026-04-25", 3)])):
    for day, n in days:
        for i in range(n):
            row(day, "friederike", "group", "member", minutes=90, group="Kleingruppe",
                format="in-person", cases=1, event=event, tags="studientagung",
                note=f"Session {i + 1} of the day")

# ---------------------------------------------------------------------------------------------
# Leadership training (one entry per event; days = its length).

LEADERS_IN_TRAINING = ["cailin", "ronan", "juergen", "zoe"]

WEEKEND = "Balint Society Leadership Weekend, York 2025"
for p in LEADERS_IN_TRAINING:
    row("2025-03-22", p, "leadership-training", "participant", hours=12, event=WEEKEND,
        days=2, tags="society-weekend;residential")
for p in ("helen", "nikos"):
    row("2025-03-22", p, "leadership-training", "facilitator", hours=12, event=WEEKEND,
        days=2, tags="society-weekend;residential")

TRAINING_DAY = "Leadership Training Day, London 2026"
for p in LEADERS_IN_TRAINING:
    online = p in ("juergen", "zoe")
    row("2026-02-07", p, "leadership-training", "participant", hours=6, event=TRAINING_DAY,
        days=1, format="online" if online else "in-person",
        note="joined online from abroad" if online else "")
row("2026-02-07", "helen", "leadership-training", "facilitator", hours=6, event=TRAINING_DAY,
    days=1)

# BSANZ Intensives (four days) and an approved international workshop.
ADELAIDE = "BSANZ Leadership Intensive, Adelaide 2025"
AUCKLAND = "BSANZ Leadership Intensive, Auckland 2026"
row("2025-03-13", "grace", "leadership-training", "participant", hours=22, event=ADELAIDE, days=4)
row("2025-03-13", "ingrid", "leadership-training", "participant", hours=22, event=ADELAIDE, days=4)
row("2025-03-13", "aroha", "leadership-training", "facilitator", hours=22, event=ADELAIDE, days=4)
row("2026-03-12", "ingrid", "leadership-training", "participant", hours=22, event=AUCKLAND, days=4)
row("2026-03-12", "aroha", "leadership-training", "facilitator", hours=22, event=AUCKLAND, days=4)
row("2025-09-10", "grace", "leadership-training", "participant", hours=20,
    event="IBF International Leadership Workshop, Porto 2025", days=4,
    tags="international-workshop", note="Approved by the BSANZ committee on 2025-06-05")

# ABS leadership Intensives (four days); the third is the credentialing Intensive.
CHICAGO = "ABS Leadership Intensive, Chicago, April 2025"
BALTIMORE = "ABS Leadership Intensive, Baltimore, October 2025"
CREDENTIALING = "ABS Credentialing Intensive, Chicago, October 2026"
for p in ("eleni", "kevin"):
    row("2025-04-10", p, "leadership-training", "participant", hours=24, event=CHICAGO, days=4)
    row("2025-10-16", p, "leadership-training", "participant", hours=24, event=BALTIMORE, days=4)
row("2026-10-15", "eleni", "leadership-training", "participant", hours=24, event=CREDENTIALING,
    days=4, note="The credentialing Intensive")
row("2025-04-10", "ruth", "leadership-training", "facilitator", hours=24, event=CHICAGO, days=4)
# Eleni's first Intensive, before her credentialing application (enrolled 2024-09-15).
row("2024-06-13", "eleni", "leadership-training", "participant", hours=24,
    event="ABS Leadership Intensive, Denver, June 2024", days=4,
    note="Her first Intensive, before applying")

# DBG Gruppenleiterseminare (leaders' seminars): two days, three Doppelstunden a day (540 min).
for day in ("2025-09-19", "2026-03-20", "2026-09-18"):
    row(day, "friederike", "leadership-training", "participant", minutes=540, days=2,
        event=f"DBG-Gruppenleiterseminar {day[:7]}", format="in-person")

# ---------------------------------------------------------------------------------------------
# Supervision (one row per supervisee; the supervisor is named).

# Helen supervises Cailín and Rónán together (1:2), online, 3rd Friday of odd months from
# January 2025 to September 2026: 11 sessions each.
for d in meetings(FRI, [3], (2025, 1), (2026, 9), skip_months=[2, 4, 6, 8, 10, 12]):
    for p, other in (("cailin", "Rónán"), ("ronan", "Cailín")):
        row(d, p, "supervision", "supervisee", minutes=60, format="online", supervisor="helen",
            note=f"1:2 with {other}")

# Nikos supervises Ζωή and Jürgen (1:2), online, 1st Friday of even months from February 2025
# to October 2026: 11 sessions each.
for d in meetings(FRI, [1], (2025, 2), (2026, 10), skip_months=[1, 3, 5, 7, 9, 11]):
    for p in ("zoe", "juergen"):
        row(d, p, "supervision", "supervisee", minutes=60, format="online", supervisor="nikos")

# Aroha (a BSANZ Leader Trainer) runs a supervision group online on the 2nd Tuesday of each
# month, February to December: 11 meetings in 2025, 10 in 2026 (to November). Grace comes to
# all; Ingrid misses April to July 2025 (7 in 2025, 10 in 2026).
for d in meetings(TUE, [2], (2025, 2), NOV26, skip_months=[1]):
    row(d, "grace", "supervision", "supervisee", minutes=60, format="online",
        supervisor="aroha", group="BSANZ supervision group", verified_by="aroha")
    if not (dt.date(2025, 4, 1) <= d <= dt.date(2025, 7, 31)):
        row(d, "ingrid", "supervision", "supervisee", minutes=60, format="online",
            supervisor="aroha", group="BSANZ supervision group", verified_by="aroha")

# Ruth supervises recorded sessions, online, every other month from November 2024: Eleni on
# the 1st Thursday, Kevin on the 2nd Thursday: 13 sessions each.
for m_first, who in ((1, "eleni"), (2, "kevin")):
    for d in meetings(THU, [m_first], NOV24, NOV26, skip_months=[2, 4, 6, 8, 10, 12]):
        row(d, who, "supervision", "supervisee", minutes=60, format="online",
            supervisor="ruth", tags="recorded-session")

# Leaders' peer supervision group, online: 7 meetings.
for day in ("2025-02-02", "2025-05-04", "2025-09-07", "2025-12-07", "2026-03-01",
            "2026-06-07", "2026-09-06"):
    for p in LEADERS_IN_TRAINING:
        row(day, p, "peer-supervision", "participant", minutes=60, format="online",
            group="Leaders' peer group")

# ---------------------------------------------------------------------------------------------
# Other CPD.
row("2025-03-08", "siobhan", "other-cpd", "participant", hours=7,
    event="Balint Society Annual Conference 2025",
    note="Conference day, London: keynote, two small groups and a panel")
row("2025-06-12", "siobhan", "other-cpd", "participant", hours=3, format="online",
    note='Webinar "The doctor, his patient and the illness", revisited')


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("-o", "--output", default=os.path.join(here, "entries.csv"))
    args = ap.parse_args()
    ROWS.sort(key=lambda r: r["date"])  # stable: same-day rows keep the order above
    seen = set()
    for r in ROWS:
        key = tuple(r[c] for c in COLUMNS)
        if key in seen:
            raise SystemExit(f"duplicate row: {r}")
        seen.add(key)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(ROWS)
    data = buf.getvalue().encode("utf-8")
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(args.output, "wb") as f:
            f.write(data)
        print(f"wrote {len(ROWS)} entries to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
