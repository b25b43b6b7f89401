#!/usr/bin/env python3
"""Writes the three files of the secretary-society golden test, as Greek Excel saves "CSV"
(Windows-1253, columns separated by ';', decimal commas, CRLF, rows that stop after their last
filled cell). Run it in this folder to make them again; the test reads the committed copies."""
import random

rng = random.Random(16)
first = ["Ελένη", "Νίκος", "Μαρία", "Γιώργος", "Κατερίνα", "Δημήτρης", "Σοφία", "Κώστας",
         "Άννα", "Παναγιώτης", "Δέσποινα", "Γιάννης", "Ειρήνη", "Σπύρος", "Βασιλική"]
last = ["Παπαδοπούλου", "Γεωργίου", "Οικονόμου", "Παππάς", "Βλάχου", "Αντωνίου", "Ιωάννου",
        "Μακρή", "Καραγιάννη", "Νικολάου"]
people = []
for i in range(30):
    pid = f"m{i + 1:02d}"
    people.append((pid, f"{first[i % len(first)]} {last[(i * 7) % len(last)]}",
                   "Αθήνα" if i % 3 else "Θεσσαλονίκη"))
leaders = ["m01", "m02", "m03"]

def write(name, rows):
    text = "\r\n".join(";".join(r).rstrip(";") for r in rows) + "\r\n"
    open(name, "wb").write(text.encode("cp1253"))

write("society-people.csv", [["id", "name", "email", "attr:city"]] +
      [[p, n, f"{p}@example.gr" if int(p[1:]) % 4 else "", c] for p, n, c in people])

rec = [["kind", "person", "body", "family", "type", "on", "from", "to", "note"]]
for p in leaders:
    rec.append(["accreditation", p, "", "bbs-leader", "", "2015-06-01", "", "", "Πρακτικά 12"])
for p, _, _ in people[3:]:
    rec.append(["membership", p, "UK Balint Society", "", "", "", "2024-01-01"])
    rec.append(["enrolment", p, "", "bbs-leader", "", "2024-01-10"])
    if int(p[1:]) % 5 == 0:
        rec.append(["document", p, "", "", "supervisor-report", "2025-06-30", "", "",
                    "υπογεγραμμένη"])
write("society-records.csv", rec)

ent = [["date", "person", "activity", "role", "hours", "group", "leader", "verified_by", "note"]]
for n, (p, _, _) in enumerate(people[3:]):
    leader = leaders[n % 3]
    for k in range(8):
        month = 1 + (k * 3 + n) % 11
        hours = ["1,5", "1,5", "2", "1,25"][k % 4]
        row = [f"2025-{month:02d}-{1 + (n + k) % 27:02d}", p, "group", "member", hours,
               "Ομάδα Πέμπτης" if n % 2 else "Ομάδα Δευτέρας", leader,
               leader if k % 3 else "", ""]
        ent.append(row)
# One day of 30 hours for one trainee, the kind of slip an audit is for.
ent.append(["2025-11-20", "m10", "group", "member", "16,5", "Ομάδα Πέμπτης", "m01"])
ent.append(["2025-11-20", "m10", "group", "member", "13,5", "Ομάδα Πέμπτης", "m01", "", "διπλή καταχώριση"])
write("society-entries.csv", ent)
