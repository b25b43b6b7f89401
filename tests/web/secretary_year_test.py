#!/usr/bin/env python3
"""The secretary's year through `balint serve` in headless Chromium (issue 19), clicking and
filling forms as a user would; the command line and sqlite3 only make the society's CSV files,
the accounts and the keys, and check the results:
 1. the secretary sets a password from the invitation link and is logged in;
 2. /import: a people file and two entries files with errors (each table of `line: column:
    problem` is `balint import`'s report for the same file, and nothing is written), then the
    fixed files, a dry run first;
 3. records (add_records): a records file, a person's attributes, two waivers, an accreditation;
 4. /audit with a filter, the anomalies, a seeded sample (the `balint audit --sample N --seed S`
    one) and an evidence-request letter;
 5. /issue: 30 people asked for, the plan shows 28 certificates and 2 skipped with the reason
    (a name no installed font can draw; no entries in the period); confirmed, the register
    holds 28 new rows and a member sees the notice on the dashboard;
 6. /register: one certificate revoked with a reason; /verify (logged out) and `balint verify`
    of its PDF say revoked;
 7. the auditor sees every page the auditor may (200 and content) and every POST of the route
    table (src/web/authz.cpp) is refused to the auditor's session with its CSRF token, the
    ledger unchanged (sqlite3 .dump).
axe-core runs on every page reached (no serious or critical violation).
Usage: secretary_year_test.py --balint build/balint [--screenshots DIR]"""
import argparse
import json
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time

from browser import DESKTOP, Browser
from harness import AS_OF, PASSWORD, REPO, Fail, run_main, Ledger, Server, check

SEC_PASSWORD = "the secretary's own password"
SEED = "20261125"
UNDRAWABLE = "Wen \u6797\U0002A6A5"  # 𪚥 (U+2A6A5): no font installed has it
MEMBERS = [f"m{i:02d}" for i in range(1, 31)]
NAMES = ["Ann Able", "Bob Baker", "Cy Clark", "Dee Dane", "Ed Eames", "Fay Field", "Gus Grant",
         "Hal Hart", "Ida Ivens", "Jo Jones", "Kim Kerr", "Lou Lane", "Mo Marsh", "Ned Nash",
         "Olga Örtel", "Pia Price", "Quin Quaid", "Ros Reed", "Sal Shaw", "Tom Tate",
         "Una Ure", "Vic Vane", "Wes Webb", "Xia Xu", "Yan Yates", "Zac Zeal", "Νίκος Αντωνίου",
         "Jürgen Weiß", UNDRAWABLE, "Ray Late"]
NO_PERIOD = "m30"     # entries only in 2025: no certificate for 2026
UNPRINTABLE = "m29"   # a name the fonts cannot draw
LONG = "m05"          # a ten-hour group entry: an anomaly
SESSIONS = ["2026-02-05", "2026-03-05", "2026-04-02"]


# -- the society's files ---------------------------------------------------------------------
def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def society_files(folder):
    people = "id,name,email,attr:registration\nhelen,Helen Barker,helen@example.org,GMC 1234567\n"
    for pid, name in zip(MEMBERS, NAMES):
        people += f"{pid},\"{name}\",{pid}@example.org,\n"
    entries = "date,person,activity,role,minutes,hours,group,leader,event,days,verified_by\n"
    for day in SESSIONS + ["2026-05-07", "2026-06-04"]:
        entries += f"{day},helen,group,leader,90,,Thursday group,,,,sec\n"
    for day, event in [("2025-03-10", "Intensive, March 2025"), ("2025-10-10", "Intensive, October 2025"),
                       ("2026-03-10", "Intensive, March 2026")]:
        entries += f"{day},helen,leadership-training,participant,,24,,,\"{event}\",4,sec\n"
    for pid in MEMBERS:
        days = ["2025-05-01"] if pid == NO_PERIOD else SESSIONS
        for day in days:
            entries += f"{day},{pid},group,member,90,,Thursday group,helen,,,helen\n"
    entries += f"2026-06-04,{LONG},group,member,600,,Thursday group,helen,,,helen\n"
    bad_people = ("id,name,email,attr:registration\n"
                  "helen,Helen Barker,helen@example.org,GMC 1234567\n"
                  "m01,,m01@example.org,\n"
                  "helen,Helen Again,,\n"
                  "m02,Bob Baker,not an address,\n")
    bad_entries = ("date,person,activity,role,minutes,group,leader\n"
                   "2026-02-05,m01,group,member,90,Thursday group,helen\n"
                   "2026-02-30,m01,group,member,90,Thursday group,helen\n"
                   "2026-02-05,m02,group,listener,90,Thursday group,helen\n"
                   "2026-02-05,nobody,group,member,90,Thursday group,helen\n"
                   "2026-02-05,m03,group,member,ninety,Thursday group,helen\n"
                   "2027-01-07,m04,group,member,90,Thursday group,helen\n")
    no_column = ("date,person,role,minutes,group\n"
                 "2026-02-05,m01,member,90,Thursday group\n")
    records = ("kind,person,body,family,type,on,from,to,note\n"
               "membership,helen,American Balint Society,,,,2024-01-01,,\n"
               "enrolment,helen,,abs-leader,,2025-06-01,,,\n"
               "document,helen,,,supervisor-agreement,2025-07-01,,,\"signed by Dr Ames\"\n")
    for pid in MEMBERS[:5]:
        records += f"membership,{pid},UK Balint Society,,,,2025-01-01,,\n"
    bad_records = records.replace("abs-leader", "abs-lader")
    return {name: write(folder, name, text) for name, text in [
        ("people-bad.csv", bad_people), ("people.csv", people), ("entries-bad.csv", bad_entries),
        ("entries-no-activity.csv", no_column), ("entries.csv", entries),
        ("records-bad.csv", bad_records), ("records.csv", records)]}


def entry_rows(files):
    return sum(1 for _ in open(files["entries.csv"], encoding="utf-8")) - 1


# -- small steps in the browser ----------------------------------------------------------------
# What a page is made of: the tags, ids (numbers taken out) and classes in its main part, each
# once; a page with the same path and the same parts as one checked is the same kind of page.
SHAPE_JS = """
const out = new Set();
document.querySelectorAll('main [id], main [class], main form, main table').forEach(e => {
  const id = e.getAttribute('id') || '', cls = e.getAttribute('class') || '';  // a form's .id may be its field
  out.add(e.tagName + '#' + id.replace(/[0-9]+/g, 'N') + '.' + cls);
});
return [...out].sort().join(' ');
"""


class YearBrowser(Browser):
    """axe-core once for each kind of page reached: the walk comes back to the same pages many
    times (a login, the import form after each upload), and axe-core takes a second or two."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shapes = set()

    def axe(self):
        key = self.path().split("?")[0] + " " + self.driver.execute_script(SHAPE_JS)
        if key not in self.shapes:
            self.shapes.add(key)
            super().axe()


def wait_page(b, prefix, what, seconds=30):
    """Waits for a page other than the one a form was sent from, at a path starting `prefix`."""
    end = time.time() + seconds
    while time.time() < end:
        if (b.path().startswith(prefix) and b.driver.execute_script("return !window.__balint_old")
                and b.driver.execute_script("return document.readyState") == "complete"):
            b.axe()
            return
        time.sleep(0.1)
    raise Fail(f"{what}: still at {b.path()}, wanted {prefix}; the page says: "
               + b.text()[:400].replace("\n", " | "))


def log_in(b, user, password):
    b.go("/login")
    b.fill({"user": user, "password": password})
    b.submit_with_enter("password")
    b.wait_for_path("/", f"{user} logs in")


def log_out(b):
    b.click("form.logout button")
    b.wait_for_path("/login", "logging out")


def tick(b, name, on):
    box = b.find(f"input[name={name}]")
    if box.is_selected() != on:
        box.click()


def upload(b, kind_label, path, dry_run):
    """Sends a file from the import form; returns the problem table's rows (line, column,
    problem), empty when there is none."""
    if b.path() != "/import":
        b.click("a[href='/import']")
        b.wait_for_path("/import", "the navigation's import")
    b.fill({"kind": kind_label})
    b.find("#file").send_keys(path)
    tick(b, "dry_run", dry_run)
    b.click("form[action='/import'] button[type=submit]")
    b.wait_for_path("/import", f"uploading {os.path.basename(path)}")
    return [tuple(td.text for td in tr.find_elements("css selector", "td"))
            for tr in b.finds("#problems tbody tr")]


def cli_report(ledger, kind, path):
    """`balint import`'s report of the same file: its lines without the `balint: ` prefix."""
    p = ledger.run("--as-of", AS_OF, "import", kind, os.path.relpath(path, ledger.dir), ok=False)
    check(p.returncode == 65, f"balint import {kind} {os.path.basename(path)} refuses the file (rc {p.returncode})")
    return [l[len("balint: "):] for l in p.stderr.splitlines() if l.startswith("balint: ")]


def as_cli_lines(name, rows):
    out = []
    for line, column, problem in rows:
        out.append((f"{name}:{line}: " if line else f"{name}: ") + (f"{column}: " if column else "") + problem)
    return out


def counts(ledger):
    return ledger.sql("SELECT (SELECT count(*) FROM person) || '/' || (SELECT count(*) FROM entry) || '/' ||"
                      " (SELECT count(*) FROM membership) || '/' || (SELECT count(*) FROM enrolment) || '/' ||"
                      " (SELECT count(*) FROM document) || '/' || (SELECT count(*) FROM import_batch)")


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout


# -- 1 and 2: the invitation, the import -----------------------------------------------------------
def invitation(b, server, ledger):
    out = ledger.run("user", "add", "sec", "--role", "secretary", "--invite", "--base-url", server.origin).stdout
    link = re.search(r"http://\S+/invite\?token=\S+", out).group(0)
    b.go(link)
    b.fill({"password": SEC_PASSWORD, "password2": SEC_PASSWORD})
    b.submit_with_enter("password2")
    b.wait_for_path("/", "the secretary sets a password from the invitation")
    check("Import" in b.find("nav").text and b.finds("a[href='/issue']"),
          "the invitation logs the secretary in: the navigation offers the import and the issuing")


def refused_file(b, ledger, kind, label, name, files, cli_hint=None):
    """Uploads a file with problems: the page's table is `balint import`'s report of the same
    file, line for line (`cli_hint`: the command line's way to accept new names, which the page
    words as the form's box), and nothing is written. Returns the rows."""
    before = counts(ledger)
    rows = upload(b, label, files[name], dry_run=False)
    check(len(rows) >= 2 and all(len(r) == 3 for r in rows),
          f"{name}: the page shows a table of line, column and problem ({len(rows)} rows)")
    web, cli = as_cli_lines(name, rows), cli_report(ledger, kind, files[name])
    if cli_hint:
        cli = [l.replace(cli_hint[0], cli_hint[1]) for l in cli]
    check(web == cli, f"{name}: the table is `balint import`'s report, line for line: {web}")
    check(counts(ledger) == before, f"{name}: nothing was written ({counts(ledger)})")
    return rows


def import_part(b, ledger, files, shots):
    before = counts(ledger)
    refused_file(b, ledger, "people", "people", "people-bad.csv", files)
    people = len(MEMBERS) + 1
    upload(b, "people", files["people.csv"], dry_run=True)
    summary = b.find("#import-summary").text
    check(f"would add {people} people" in summary and "Nothing was written" in summary and counts(ledger) == before,
          f"the people file's dry run counts {people} and writes nothing: {summary}")
    upload(b, "people", files["people.csv"], dry_run=False)
    check(f"Added {people} people; 0 already present" in b.find("#import-summary").text,
          "the people file is imported")
    ids = ledger.sql("SELECT group_concat(id, ' ') FROM (SELECT id FROM person WHERE id = 'helen' OR id LIKE 'm__' ORDER BY id)")
    check(ids.split() == sorted(["helen"] + MEMBERS), "every person of the file is in the ledger")
    check(ledger.sql(f"SELECT name FROM person WHERE id = '{UNPRINTABLE}'") == UNDRAWABLE,
          "the name no font can draw is kept as it was written")
    rows = refused_file(b, ledger, "entries", "entries (sessions)", "entries-bad.csv", files)
    problems = [" ".join(r) for r in rows]
    for line, what in [("3 date '2026-02-30' is not a date", "a bad date"), ("4 role unknown role 'listener'", "an unknown role"),
                       ("5 person unknown person 'nobody'", "an unknown person"), ("6 minutes 'ninety'", "bad minutes"),
                       ("7 date 2027-01-07 is after today", "a future date")]:
        check(any(p.startswith(line) for p in problems), f"entries-bad.csv: {what} is reported on its line ({line}...)")
    check(len(rows) == 6 and rows[-1] == ("", "", "5 bad rows; nothing imported"),
          f"one problem a bad row, and the count; the good row 2 is not named ({len(rows)} rows)")
    if shots:
        b.screenshot(os.path.join(shots, "web-import-problems-desktop.png"), DESKTOP[0])
    rows = refused_file(b, ledger, "entries", "entries (sessions)", "entries-no-activity.csv", files)
    check(rows[0] == ("1", "activity", "required column missing"), f"a missing column is named on line 1: {rows[0]}")
    n = entry_rows(files)
    upload(b, "entries (sessions)", files["entries.csv"], dry_run=True)
    check(f"would add {n} entries" in b.find("#import-summary").text
          and ledger.sql("SELECT count(*) FROM entry") == "0", f"the entries file's dry run counts {n}, writes nothing")
    upload(b, "entries (sessions)", files["entries.csv"], dry_run=False)
    check(f"Added {n} entries; 0 already present" in b.find("#import-summary").text
          and ledger.sql("SELECT count(*) FROM entry") == str(n), f"the entries file is imported: {n} rows")
    check(not b.finds("#problems"), "no problem table after a clean file")


# -- 3: records -------------------------------------------------------------------------------------
def add_records(b, ledger, files):
    """The records a secretary keeps during the year: a records file (memberships, an enrolment,
    a document), then on the person pages a membership, an enrolment and a document with its file
    through their forms, a person's attributes, waivers and an accreditation."""
    label = "records (memberships, enrolments, accreditations, documents)"
    rows = refused_file(b, ledger, "records", label, "records-bad.csv", files,
                        ("give --new to accept new ones", "tick “accept new names” to accept new ones"))
    check(rows[0][:2] == ("3", "family") and "did you mean 'abs-leader'?" in rows[0][2],
          f"a misspelt family, with the name meant: {rows[0]}")
    upload(b, label, files["records.csv"], dry_run=False)
    check("Added 8 records; 0 already present" in b.find("#import-summary").text, "the records file is imported")
    check(ledger.sql("SELECT count(*) FROM membership") == "6" and ledger.sql("SELECT count(*) FROM document") == "1"
          and ledger.sql("SELECT family || ' ' || enrolled_on FROM enrolment WHERE person = 'helen'") == "abs-leader 2025-06-01",
          "six memberships, helen's enrolment and her document are in the ledger")

    # A person's details: the search, then a new attribute.
    b.click("a[href='/people']")
    b.wait_for_path("/people", "the navigation's people")
    b.fill({"q": "Jürgen"})
    b.submit_with_enter("q")
    b.wait_for_path("/people?q=J%C3%BCrgen", "searching the people")
    found = [r.text.split()[0] for r in b.finds("#people tbody tr")]
    check(found == ["m28"], f"the search finds Jürgen Weiß ({found})")
    b.click("#people tbody a[href='/people/m28']")
    b.wait_for_path("/people/m28", "opening his page")
    b.fill({"p-new-attr": "registration=GMC 7654321"})
    b.click("form[action='/people/m28'] button[type=submit]")
    wait_page(b, "/people/m28", "saving his details")
    check(ledger.sql("SELECT value FROM person_attr WHERE person = 'm28' AND key = 'registration'") == "GMC 7654321",
          "the attribute typed on the person page is in the ledger")

    # helen under abs-leader: two requirements waived, then the accreditation.
    b.go("/people/helen?rules=abs-leader")
    for req, reason in [("monthly-leading", "led monthly in Australia 2023-2025, letter on file"),
                        ("supervision", "recorded supervision with the BSANZ, accepted by the council")]:
        b.driver.find_element("css selector", f"#requirement option[value='{req}']").click()
        b.fill({"waive-reason": reason})
        b.click("form[action='/people/helen/waive'] button[type=submit]")
        wait_page(b, "/people/helen", f"waiving {req}")
        check(ledger.sql(f"SELECT reason FROM waiver WHERE person = 'helen' AND requirement = '{req}'") == reason,
              f"helen's {req} is waived with the reason")
    if "abs-leader" not in b.path():
        b.go("/people/helen?rules=abs-leader")
    decision = b.find("#decision").text
    check(decision.startswith("Every essential requirement is met"), f"helen is now eligible: {decision}")
    b.click("form[action='/people/helen/accredit'] button[type=submit]")
    wait_page(b, "/people/helen", "accrediting helen")
    check(ledger.sql("SELECT family || ' ' || granted_on FROM accreditation WHERE person = 'helen'")
          == f"abs-leader {AS_OF}", "helen is accredited in abs-leader, dated today")
    check("Accredited in abs-leader" in b.find("#accreditations").text, "her page shows the accreditation")

    # m06 through the record forms of his page: a membership, an enrolment, a document's file.
    b.go("/people/m06")
    b.driver.find_element("xpath", "//form[@action='/people/m06/memberships']/../summary").click()
    b.fill({"m-body": "UK Balint Society", "m-from": "2026-01-01"})
    b.click("form[action='/people/m06/memberships'] button[type=submit]")
    wait_page(b, "/people/m06", "recording m06's membership")
    check(ledger.sql("SELECT body || ' ' || date_from || ' ' || ifnull(date_to, '-') FROM membership "
                     "WHERE person = 'm06' AND date_from = '2026-01-01'") == "UK Balint Society 2026-01-01 -",
          "the membership typed on m06's page is in the ledger, open-ended")
    check("UK Balint Society" in b.find("#memberships").text, "his page lists the membership")
    b.go("/people/m06")
    b.driver.execute_script("document.querySelector(\"form[action='/people/m06/enrolments']\")"
                            ".closest('details').open = true")
    b.fill({"e-family": "bbs-leader", "e-on": "2026-02-01"})
    b.click("form[action='/people/m06/enrolments'] button[type=submit]")
    wait_page(b, "/people/m06", "enrolling m06")
    check(ledger.sql("SELECT family || ' ' || enrolled_on FROM enrolment WHERE person = 'm06'")
          == "bbs-leader 2026-02-01", "m06 is enrolled in bbs-leader from the date typed")
    letter = os.path.join(ledger.dir, "m06-supervisor-report.pdf")
    with open(letter, "wb") as f:
        f.write(b"%PDF-1.4\n% a supervisor's report, as a member's scan would come\n" + bytes(range(256)))
    b.go("/people/m06")
    b.driver.execute_script("document.querySelector(\"form[action='/people/m06/documents']\")"
                            ".closest('details').open = true")
    b.fill({"d-type": "supervisor-report", "d-on": "2026-03-01", "d-note": "from Dr Ruth Klein"})
    b.find("#d-file").send_keys(letter)
    b.click("form[action='/people/m06/documents'] button[type=submit]")
    wait_page(b, "/people/m06", "recording m06's document")
    with open(letter, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    check(ledger.sql("SELECT type || ' ' || dated || ' ' || file_name || ' ' || sha256 || ' ' || size "
                     "FROM document WHERE person = 'm06'")
          == f"supervisor-report 2026-03-01 m06-supervisor-report.pdf {digest} {os.path.getsize(letter)}",
          "the uploaded file is in the ledger under its SHA-256, with its name and size")
    check(digest in b.find("#documents").text, "his page shows the document's SHA-256")


# -- 4: the audit ----------------------------------------------------------------------------------
def audit_part(b, ledger, shots):
    b.click("a[href='/audit']")
    b.wait_for_path("/audit", "the navigation's audit")
    # The first pathway (abs-leader): 14 requirements, a table wider than the page, scrolled by
    # the keyboard too (its region takes the focus; axe-core's scrollable-region-focusable).
    wide = b.driver.execute_script("const d = document.querySelector('#people > div.scroll');"
                                   "return d && d.scrollWidth > d.clientWidth && d.tabIndex === 0")
    check(wide, "the standing table scrolls sideways in a region the keyboard reaches")
    b.keyboard_walk()
    b.fill({"of": "cpd-uk (rule set)", "standing": "with anomalies"})
    b.submit_with_enter("q")
    b.wait_for_path("/audit?of=rules%3Acpd-uk&from=&to=&standing=anomalies&q=", "filtering the audit")
    listed = [re.search(r"\((\w+)\)", r.find_element("css selector", "td").text).group(1)
              for r in b.finds("table.audit tbody tr")]
    check(listed == [LONG], f"filtered on anomalies, the audit lists {LONG} alone ({listed})")
    b.click(f"table.audit tbody a[href*='q={LONG}']")
    wait_page(b, "/audit/anomalies", "opening the anomalies")
    rows = [r.text for r in b.finds("table.anomalies tbody tr")]
    check(len(rows) == 1 and "long-group-entry" in rows[0] and "10.00 hours in one group entry" in rows[0],
          f"the anomaly: a ten-hour group entry of {LONG} ({rows})")
    b.go("/audit?of=rules%3Acpd-uk")
    b.fill({"sample": "5", "seed": SEED})
    b.mark()
    b.find("#sample").submit()
    wait_page(b, "/audit?", "drawing a sample")
    shown = b.find("section#audit-sample p.count").text
    check(f"5 drawn with seed {SEED}" in shown, f"the seed given is shown: {shown}")
    drawn = [re.search(r"\((\w+)\)", r.find_element("css selector", "td.title").text).group(1)
             for r in b.finds("table.sample tbody tr")]
    cli = json.loads(ledger.run("--as-of", AS_OF, "audit", "--rules", "cpd-uk", "--sample", "5", "--seed", SEED,
                                "--format", "json").stdout)
    want = [p["id"] for p in cli["sample"]["people"]]
    check(cli["sample"]["seed"] == int(SEED), "the command line drew with the same seed")
    check(drawn == want, f"the sample is `balint audit --sample 5 --seed {SEED}`'s, in order ({drawn})")
    if shots:
        b.screenshot(os.path.join(shots, "web-audit-desktop.png"), DESKTOP[0])
    letter = b.download("table.sample tbody tr:first-child a[href^='/audit/letters/']")
    text = pdf_text(letter)
    name = ledger.sql(f"SELECT name FROM person WHERE id = '{drawn[0]}'")
    check(open(letter, "rb").read(5) == b"%PDF-" and name in text,
          f"the evidence-request letter of the first drawn ({drawn[0]}, {name}) is a PDF naming them")
    return drawn


# -- 5: issuing --------------------------------------------------------------------------------------
def issue_part(b, ledger, shots):
    before = int(ledger.sql("SELECT count(*) FROM certificate"))
    b.click("a[href='/issue']")
    b.wait_for_path("/issue", "the navigation's issuing")
    b.fill({"rules": "CPD credits for Balint work (cpd-uk)", "period": "2026", "people": " ".join(MEMBERS)})
    b.click("form[action='/issue'].search button[type=submit]")
    wait_page(b, "/issue?", "showing the plan")
    count = b.find("#plan p.count").text
    check(count == "28 certificates: 28 new, 0 re-issued as duplicates; 2 skipped.", f"the plan: {count}")
    planned = [re.search(r"\((\w+)\)", r.find_element("css selector", "td").text).group(1)
               for r in b.finds("#planned tbody tr")]
    printable = [m for m in MEMBERS if m not in (UNPRINTABLE, NO_PERIOD)]
    check(planned == printable, "the plan lists the 28 who get a certificate")
    first = b.find("#planned tbody tr").text
    check("4.50 hours, 4.50 credits" in first or "4.50 hours, 4.5 credits" in first,
          f"with the figures of each: {first}")
    skipped = [li.text for li in b.finds("#skipped li")]
    check(len(skipped) == 2 and skipped[0].startswith(f"{UNPRINTABLE}: cannot print")
          and "U+2A6A5" in skipped[0] and skipped[1] == f"{NO_PERIOD}: no entries in the period",
          f"two skipped, each with the reason: {skipped}")
    unprintable = b.find("#unprintable").text
    check(UNPRINTABLE in unprintable and UNDRAWABLE in unprintable and "fonts-" in unprintable,
          f"the name no font can draw is explained, with the package that has a font for it: {unprintable}")
    check(int(ledger.sql("SELECT count(*) FROM certificate")) == before, "showing the plan issued nothing")
    if shots:
        b.screenshot(os.path.join(shots, "web-issue-plan-desktop.png"), DESKTOP[0])
    b.click("form.confirm button[type=submit]")
    wait_page(b, "/issue", "confirming the plan", seconds=90)
    check(b.find("p.done").text == "28 certificates issued.", f"the result: {b.find('p.done').text}")
    check(len(b.finds("#issued tbody tr")) == 28, "the result lists the 28 certificates")
    after = int(ledger.sql("SELECT count(*) FROM certificate"))
    holders = ledger.sql("SELECT group_concat(person, ' ') FROM (SELECT person FROM certificate ORDER BY person)")
    check(after == before + 28 and holders.split() == printable,
          f"the register holds 28 new rows, one for each planned ({before} -> {after})")
    files = ledger.sql("SELECT group_concat(file, '\n') FROM certificate").split("\n")
    check(all(os.path.getsize(f) > 1000 and open(f, "rb").read(5) == b"%PDF-" for f in files),
          "each row's PDF is written")
    return {r.split("|")[0]: r.split("|")[1:] for r in
            ledger.sql("SELECT person || '|' || serial || '|' || code FROM certificate").split("\n")}


def member_sees_notice(b, member, serial, revoked):
    """A member logs in (in the same browser, logged out), looks at the dashboard, logs out."""
    log_in(b, member, PASSWORD)
    notice = b.finds("p.new-certificate")
    listed = b.find("section#certificates").text
    if revoked:
        check(not notice and f"{serial} (revision 1" in listed and "revoked" in listed,
              f"{member}'s dashboard: no notice for the revoked certificate, listed as revoked")
    else:
        check(len(notice) == 1 and serial in notice[0].text and "A certificate was issued to you" in notice[0].text,
              f"{member}'s dashboard announces the new certificate {serial}")
    log_out(b)


# -- 6: revocation ------------------------------------------------------------------------------------
def revoke_part(b, ledger, holder, serial, code):
    b.click("a[href='/register']")
    b.wait_for_path("/register", "the navigation's register")
    b.fill({"q": holder})
    b.submit_with_enter("q")
    b.wait_for_path(f"/register?q={holder}&standing=", "searching the register")
    rows = b.finds("table.register tbody tr")
    check(len(rows) == 1 and serial in rows[0].text, f"the register finds {holder}'s certificate {serial}")
    pdf = shutil.copy(b.download(f"table.register a[href^='/certificates/{serial}']"), ledger.dir)
    b.find(f"#revoke-{serial} summary").click()
    reason = "issued in error: the sessions were another member's"
    b.fill({f"why-{serial}": reason})
    b.click(f"#revoke-{serial} button[type=submit]")
    wait_page(b, "/register", "revoking")
    check(ledger.sql(f"SELECT reason FROM certificate_revocation WHERE serial = '{serial}'") == reason,
          "the revocation is in the ledger with its reason")
    b.go("/register?standing=revoked")
    rows = b.finds("table.register tbody tr")
    check(len(rows) == 1 and serial in rows[0].text and reason in rows[0].text,
          "the register's revoked certificates: this one, with the reason")
    log_out(b)
    b.go("/verify")
    b.fill({"code": code})
    b.submit_with_enter("code")
    b.wait_for_path("/verify", "checking the code logged out")
    verdict = b.find("section.finding").get_attribute("data-verdict")
    check(verdict == "revoked" and "revoked" in b.find("section.finding").text.lower(),
          f"/verify, logged out, says the certificate is revoked ({verdict})")
    out = ledger.run("verify", pdf, ok=False)
    check(out.returncode != 0 and "revoked" in out.stdout.lower(),
          f"balint verify of the downloaded PDF says revoked (rc {out.returncode}): {out.stdout.strip()[:100]}")


# -- 7: the auditor -----------------------------------------------------------------------------------
def route_table():
    """Every route of src/web/authz.cpp's make_routes(): (id, method, pattern, open, roles,
    subject, api)."""
    src = open(os.path.join(REPO, "src", "web", "authz.cpp"), encoding="utf-8").read()
    body = src[src.index("std::vector<Route> make_routes()"):src.index("// clang-format on")]
    rows = re.findall(r'\{(\w+),\s*"(\w+)",\s*"([^"]+)",\s*(true|false),\s*([\w|]+),\s*Subject::(\w+),'
                      r'\s*Action::\w+,\s*(true|false)\}', body)
    check(len(rows) == body.count('"GET"') + body.count('"POST"'), f"read the route table: {len(rows)} routes")
    return [(i, m, p, o == "true", r, s, a == "true") for i, m, p, o, r, s, a in rows]


def auditor_may(open_, roles):
    return open_ or roles == "kAll" or "A" in roles.split("|")


def dump(ledger):
    """The whole ledger as sqlite3 .dump writes it; a session's last use (written at most once a
    minute while it is used) is left out."""
    text = subprocess.run(["sqlite3", ledger.env["BALINT_DB"], ".dump"], capture_output=True, text=True,
                          check=True).stdout
    out, n = re.subn(r"(INSERT INTO account_session VALUES\('[^']*',\d+,'[^']*',\d+,)\d+", r"\1_", text)
    if n != text.count("INSERT INTO account_session") or n == 0:
        raise Fail(f"sqlite3 .dump: {n} of {text.count('INSERT INTO account_session')} sessions read")
    return out


class BrowserSession:
    """The auditor's browser session (its cookie and CSRF token) for requests the pages have no
    form for."""

    def __init__(self, b, server):
        self.server = server
        self.cookie = "; ".join(f"{c['name']}={c['value']}" for c in b.driver.get_cookies())
        self.csrf = b.find("form.logout input[name=csrf]").get_attribute("value")

    def get(self, path):
        return self.server.request("GET", path, headers={"Cookie": self.cookie})

    def post(self, path, fields, api):
        h = {"Cookie": self.cookie, "Origin": self.server.origin}
        if api:
            h.update({"Content-Type": "application/json", "X-CSRF-Token": self.csrf})
            return self.server.request("POST", path, fields, h)
        return self.server.request("POST", path, dict(fields, csrf=self.csrf), h)


def auditor_part(b, server, ledger, certs, drawn, revoked_serial):
    log_in(b, "aud", PASSWORD)
    serial, code = certs["m02"]
    entry = ledger.sql("SELECT min(id) FROM entry WHERE person = 'm02'")
    sample = f"of=rules%3Acpd-uk&sample=5&seed={SEED}"
    # The pages, in the browser: each shows what it is for, and no form that writes.
    pages = [("/", "Ada Auditor"), ("/people", "Jürgen Weiß"), ("/people/helen?rules=abs-leader", "Accredited in abs-leader"),
             ("/register", revoked_serial), ("/register?standing=revoked", "issued in error"),
             (f"/audit?{sample}", f"5 drawn with seed {SEED}"), (f"/audit/anomalies?of=rules%3Acpd-uk&q={LONG}", "long-group-entry"),
             ("/activity", "issue"), ("/issue?rules=cpd-uk&period=2026&people=m02+m03", "2 certificates: 0 new, 2 re-issued as duplicates"),
             ("/verify", "Check a certificate")]
    for path, want in pages:
        b.go(path)
        check(want in b.text(), f"the auditor's {path.split('?')[0]} shows '{want}'")
        writes = [f.get_attribute("action") for f in b.finds("form[method=post]")]
        allowed = {server.origin + "/logout", server.origin + "/verify"}
        check(set(writes) <= allowed, f"{path.split('?')[0]}: no form that writes but logging out ({writes})")
    check(not b.finds("form.confirm") and not b.finds("details.void"), "no issue button and no revoke or void form")
    s = BrowserSession(b, server)
    table = route_table()
    fill = {"person": "m02", "self": "m02", "entry": entry, "certificate": serial, "none": ""}
    query = {"certificate_pdf": "?revision=1", "progress_pdf": "?pathway=cpd-uk", "api_progress": "?rules=cpd-uk", "audit_page": f"?{sample}",
             "audit_anomalies": "?of=rules%3Acpd-uk", "audit_csv": f"?{sample}", "audit_json": f"?{sample}",
             "audit_pdf": "?of=rules%3Acpd-uk", "audit_letter": f"?{sample}",
             "issue_page": "?rules=cpd-uk&period=2026&people=m02", "invite_page": "?token=x"}
    content = {"home": b"Ada Auditor", "certificate_pdf": b"%PDF-", "progress_pdf": b"%PDF-",
               "api_me": b'"auditor"', "api_progress": b"cpd-uk", "api_entries": b"Thursday group",
               "api_verify": b'"valid"', "register_page": serial.encode(), "audit_page": b"drawn with seed",
               "audit_anomalies": b"long-group-entry", "audit_csv": b"m02", "audit_json": b'"sample"',
               "audit_pdf": b"%PDF-", "audit_letter": b"%PDF-", "people_page": b"m02", "person_page": b"Bob Baker",
               "activity_page": b"import", "activity_csv": b"import", "issue_page": b"re-issued",
               "verify_page": b"code", "style": b"{", "healthz": b"ok"}
    # Every GET the auditor may: 200 and its content (an unknown new route: 200).
    for rid, method, pattern, open_, roles, subject, api in table:
        if method != "GET" or not auditor_may(open_, roles) or rid in ("login_page", "invite_page"):
            continue
        seg = {"certificate_pdf": serial, "api_verify": code, "audit_letter": drawn[0]}.get(rid, fill.get(subject, "1"))
        path = pattern.replace("{}", str(seg)) + query.get(rid, "")
        status, _, data = s.get(path)
        check(status == 200 and content.get(rid, b"") in data,
              f"GET {path} as the auditor: {status}{', with its content' if rid in content else ''}")
    # Every POST of the table: refused, the ledger unchanged.
    before = dump(ledger)
    bodies = {"login": {"user": "aud", "password": "wrong"}, "person_add": {"id": "zed", "name": "Zed Zero"},
              "person_set": {"name": "Bob Changed", "email": "", "new_attr": "x=1"},
              "waive": {"rules": "cpd-uk", "requirement": "yearly-credits", "reason": "none"},
              "accredit": {"rules": "abs-leader"}, "revoke": {"reason": "the auditor tries"},
              "import_file": {"kind": "people"}, "void_entry": {"reason": "the auditor tries", "back": "/"},
              "api_void": {"reason": "the auditor tries"},
              "log": {"date": "2026-11-20", "activity": "group", "role": "member", "minutes": "90", "person": "m02"},
              "api_log": {"date": "2026-11-20", "person": "m02", "activity": "group", "role": "member", "minutes": 90},
              "group_log": {"date": "2026-11-20", "activity": "group", "role": "member", "minutes": "90", "people": "m02"},
              "issue": {"rules": "cpd-uk", "period": "2026", "people": "m02", "digest": "x"}}
    sent, session_routes = 0, []
    for rid, method, pattern, open_, roles, subject, api in table:
        if method != "POST":
            continue
        if auditor_may(open_, roles):
            session_routes.append(rid)
            continue
        path = pattern.replace("{}", str(fill.get(subject, "1")))  # a subject kind added later: some id
        status, _, _ = s.post(path, bodies.get(rid, {}), api)
        check(status in (403, 404), f"POST {path} ({rid}) as the auditor, with the CSRF token: refused ({status})")
        sent += 1
    # The POSTs open to anyone or to every account: a check of a code, an invitation that is no
    # longer valid; logging in, out.
    check(sorted(session_routes) == ["api_login", "api_logout", "invite", "login", "logout", "verify"],
          f"the only POSTs open to the auditor are the session's and /verify ({session_routes})")
    status, _, page = s.post("/verify", {"code": code}, False)
    check(status == 200 and b"data-verdict=\"valid\"" in page, "POST /verify (a check, not a write): valid")
    status, _, _ = s.post("/invite", {"token": "not-a-token", "password": "x" * 20, "password2": "x" * 20}, False)
    check(status in (400, 403, 404, 410), f"POST /invite with a token that is not one: refused ({status})")
    posts = sum(1 for r in table if r[1] == "POST")
    check(sent == posts - len(session_routes) and sent >= 14, f"{sent} POST routes of {posts} sent")
    after = dump(ledger)
    check(after == before, f"after {sent} refused writes the ledger is byte for byte what it was "
                           f"(sqlite3 .dump, {len(before)} bytes)")
    log_out(b)


class Stages:
    def __init__(self, started):
        self.last = started

    def __call__(self, what):
        now = time.time()
        print(f"time: {what}: {now - self.last:.1f} s", flush=True)
        self.last = now


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    ap.add_argument("--screenshots", help="also write the import, issue and audit screenshots here")
    args = ap.parse_args()
    started = time.time()
    ledger = Ledger(args.balint)
    L = ledger.run
    L("init")
    for pid, name in [("sec", "Sam Secretary"), ("aud", "Ada Auditor")]:
        L("person", "add", pid, "--name", name)
    L("user", "add", "aud", "--role", "auditor", "--password-stdin", stdin=PASSWORD + "\n")
    L("keys", "init")
    files = society_files(ledger.dir)
    server = Server(ledger)
    b = YearBrowser(server.origin, "secretary")
    stage = Stages(started)
    try:
        invitation(b, server, ledger)
        import_part(b, ledger, files, args.screenshots)
        stage("1-2 the invitation and the import")
        for pid in ("m01", "m02"):  # the members' accounts, for their dashboards
            L("user", "add", pid, "--role", "member", "--password-stdin", stdin=PASSWORD + "\n")
        add_records(b, ledger, files)
        stage("3 records")
        drawn = audit_part(b, ledger, args.screenshots)
        stage("4 the audit")
        certs = issue_part(b, ledger, args.screenshots)
        stage("5 issuing")
        revoke_part(b, ledger, "m01", *certs["m01"])  # ends logged out, on /verify
        member_sees_notice(b, "m02", certs["m02"][0], revoked=False)
        member_sees_notice(b, "m01", certs["m01"][0], revoked=True)
        stage("5-6 the dashboards, the revocation")
        auditor_part(b, server, ledger, certs, drawn, certs["m01"][0])
        stage("7 the auditor")
    finally:
        b.quit()
        rc = server.stop()
    check(rc == 0, "the server stopped cleanly")
    log = open(server.log.name).read()
    check(not any(w in log for w in ("internal error", "database is locked")), "the server's log has no internal error")
    shutil.rmtree(ledger.dir)
    print(f"secretary_year_test: all passed in {time.time() - started:.0f} s")


if __name__ == "__main__":
    run_main(main)
