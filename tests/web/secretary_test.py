#!/usr/bin/env python3
"""The secretary's pages of balint serve: CSV import by upload (who may, CSRF and Origin, the
report equal to `balint import`'s for the same file, a dry run writing nothing, a clean file
landing every row, hostile files refused or shown as text), then a short walk in headless
Chromium (axe-core on each page): a file with errors, its table, the fixed file.
One server and one browser. Usage: secretary_test.py --balint build/balint"""
import argparse
import hashlib
import html
import os
import re
import shutil
import sys
import uuid

from harness import PASSWORD, ApiSession, run_main, Ledger, Server, check

BAD_PEOPLE = ("id,name,email,attr:region\n"
              "pat,Pat Person,pat@example.org,North\n"
              "<b>x</b>,\"<script>alert(1)</script>\",,South\n"
              "quinn,\"Quinn \u202eevil\u202c\",,West\n"
              "pat,Pat Again,,North\n"
              "rae,,rae@example.org,\"=HYPERLINK(\"\"http://evil\"\")\"\n")
GOOD_PEOPLE = ("id,name,email,attr:region\n"
               "pat,Pat Person,pat@example.org,North\n"
               "quinn,Quinn Quist,,West\n"
               "rae,Rae Roe,rae@example.org,South\n")
BAD_ENTRIES = ("date,person,activity,role,minutes,group,note\n"
               "2026-10-05,pat,group,member,90,Monday group,\"=cmd|' /C calc'!A0\"\n"
               "2026-13-01,pat,group,member,90,Monday group,\n"
               "2026-10-05,nobody,group,member,90,Monday group,\n"
               "2027-01-01,rae,group,member,ninety,Monday group,\n")
GOOD_ENTRIES = ("date,person,activity,role,minutes,group,note\n"
                "2026-10-05,pat,group,member,90,Monday group,=1+1\n"
                "2026-10-12,pat,group,member,90,Monday group,\n"
                "2026-10-05,rae,group,member,90,Monday group,\n")


def multipart(fields, files):
    """A multipart/form-data body: fields {name: value}, files {name: (filename, bytes)}."""
    boundary = "----balint" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").encode()
    for k, (fn, data) in files.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{fn}\"\r\n"
                "Content-Type: text/csv\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def upload(server, session, kind, name, data, dry_run=False, csrf=True, origin=True, extra=None):
    fields = {"kind": kind}
    if dry_run:
        fields["dry_run"] = "1"
    if session and csrf:
        fields["csrf"] = session.csrf
    body, ctype = multipart(fields, {"file": (name, data if isinstance(data, bytes) else data.encode())})
    h = {"Content-Type": ctype}
    if session:
        h["Cookie"] = session.cookie
    if origin:
        h["Origin"] = server.origin
    h.update(extra or {})
    status, _, page = server.request("POST", "/import", body, h)
    return status, page.decode("utf-8", "replace")


def table(page):
    """The report's rows (line, column, problem) as text."""
    body = re.search(r'<table class="problems" id="problems">.*?<tbody>(.*?)</tbody>', page, re.S)
    if not body:
        return []
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
        rows.append(tuple(cells))
    return rows


def as_cli_lines(name, rows):
    """The table's rows written as `balint import` writes its lines."""
    out = []
    for line, column, problem in rows:
        where = f"{name}:{line}: " if line else f"{name}: "
        out.append(where + (f"{column}: " if column else "") + problem)
    return out


def cli_report(ledger, kind, name, text):
    with open(os.path.join(ledger.dir, name), "w", encoding="utf-8") as f:
        f.write(text)
    p = ledger.run("--as-of", "2026-11-25", "import", kind, name, ok=False)
    check(p.returncode == 65, f"balint import {kind} {name} refuses the file (rc {p.returncode})")
    return [l[len("balint: "):] for l in p.stderr.splitlines() if l.startswith("balint: ")]


def counts(ledger):
    return ledger.sql("SELECT (SELECT count(*) FROM person) || '/' || (SELECT count(*) FROM entry)")


def http_part(server, ledger):
    roles = {"member": "ann", "leader": "helen", "secretary": "sec", "auditor": "aud"}
    s = {r: ApiSession(server, u, PASSWORD) for r, u in roles.items()}
    # Who may: the import form and the upload are the secretary's alone.
    want = {"member": 403, "leader": 403, "secretary": 200, "auditor": 403}
    for role, status in want.items():
        got = s[role].get("/import")[0]
        check(got == status, f"GET /import as {role}: {got} (want {status})")
    check(server.request("GET", "/import")[0] == 303, "GET /import logged out goes to the login page")
    before = counts(ledger)
    for role, status in {"member": 403, "leader": 403, "auditor": 403}.items():
        got = upload(server, s[role], "people", "people.csv", GOOD_PEOPLE)[0]
        check(got == status, f"POST /import as {role}: {got} (want {status})")
    check(upload(server, None, "people", "people.csv", GOOD_PEOPLE)[0] == 303,
          "POST /import logged out goes to the login page")
    check(upload(server, s["secretary"], "people", "people.csv", GOOD_PEOPLE, csrf=False)[0] == 403,
          "the secretary's upload without the CSRF token is refused")
    check(upload(server, s["secretary"], "people", "people.csv", GOOD_PEOPLE, origin=False,
                 extra={"Origin": "http://evil.example"})[0] == 403,
          "the secretary's upload from another origin is refused")
    check(counts(ledger) == before, f"no refused upload wrote anything ({before})")

    sec = s["secretary"]
    # A bad file: the same report as the command line's, as a table, nothing written.
    status, page = upload(server, sec, "people", "people-bad.csv", BAD_PEOPLE)
    check(status == 422, f"a people file with problems: 422 ({status})")
    rows = table(page)
    check(len(rows) >= 4, f"the report has a row per problem and its summary ({rows})")
    check(as_cli_lines("people-bad.csv", rows) == cli_report(ledger, "people", "people-bad.csv", BAD_PEOPLE),
          "the web's people report is the CLI's, line for line")
    check("<script>alert" not in page and "<b>x</b>" not in page and "\u202e" not in page,
          "markup and bidi controls from the file are shown as text, never as they are")
    check(counts(ledger) == before, "the refused file wrote nothing")
    # Dry run of the clean file: counted, nothing written.
    status, page = upload(server, sec, "people", "people.csv", GOOD_PEOPLE, dry_run=True)
    check(status == 200 and "would add 3 people" in page, f"a dry run says what it would add ({status})")
    check(counts(ledger) == before, f"the dry run wrote nothing ({counts(ledger)})")
    status, page = upload(server, sec, "people", "people.csv", GOOD_PEOPLE)
    check(status == 200 and "Added 3 people; 0 already present" in page, f"the clean file is imported ({status})")
    check(ledger.sql("SELECT group_concat(id) FROM (SELECT id FROM person WHERE id IN ('pat','quinn','rae') ORDER BY id)")
          == "pat,quinn,rae", "every row of the clean file landed")
    # Entries: formula cells, bad dates, an unknown person, a future date.
    status, page = upload(server, sec, "entries", "entries-bad.csv", BAD_ENTRIES)
    check(status == 422, f"an entries file with problems: 422 ({status})")
    web = as_cli_lines("entries-bad.csv", table(page))
    cli = cli_report(ledger, "entries", "entries-bad.csv", BAD_ENTRIES)
    check(web == cli, f"the web's entries report is the CLI's, line for line ({web} vs {cli})")
    entries_before = ledger.sql("SELECT count(*) FROM entry")
    status, page = upload(server, sec, "entries", "entries.csv", GOOD_ENTRIES, dry_run=True)
    check(status == 200 and ledger.sql("SELECT count(*) FROM entry") == entries_before,
          "a dry run of entries writes nothing")
    status, page = upload(server, sec, "entries", "entries.csv", GOOD_ENTRIES)
    check(status == 200 and int(ledger.sql("SELECT count(*) FROM entry")) == int(entries_before) + 3,
          f"the clean entries file lands all 3 rows ({status})")
    check(ledger.sql("SELECT note FROM entry WHERE person='pat' AND date='2026-10-05'") == "=1+1",
          "a formula-like note is kept as text")
    status, page = upload(server, sec, "entries", "entries.csv", GOOD_ENTRIES)
    check(status == 200 and "Added 0 entries; 3 already present" in page, "importing again adds nothing")
    # Hostile uploads.
    before = counts(ledger)
    huge = b"id,name\n" + b"x" * (5 * 1024 * 1024)
    try:
        status = upload(server, sec, "people", "huge.csv", huge)[0]
    except OSError:  # the server may close the connection while the body is still being sent
        status = 413
    check(status == 413, f"a 5 MB upload is refused with 413 ({status})")
    status, page = upload(server, sec, "people", "pic.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    check(status == 415 and "not CSV" in page, f"a PNG is refused as not CSV ({status})")
    status, page = upload(server, sec, "people", "book.xlsx", b"PK\x03\x04\x14\0\x06\0")
    check(status == 415 and "save it from the spreadsheet as CSV" in page, f"a workbook is refused ({status})")
    status, page = upload(server, sec, "nonsense", "people.csv", GOOD_PEOPLE)
    check(status == 400, f"an unknown kind is refused ({status})")
    check(counts(ledger) == before, "no hostile upload wrote anything")
    check(server.request("GET", "/healthz")[0] == 200, "the server still serves")


def form_post(server, session, path, fields, origin=True):
    h = {"Cookie": session.cookie, "Content-Type": "application/x-www-form-urlencoded"}
    if origin:
        h["Origin"] = server.origin
    status, headers, page = server.request("POST", path, dict(fields, csrf=session.csrf), h)
    return status, headers, page.decode("utf-8", "replace")


def people_part(server, ledger):
    roles = {"member": "ann", "leader": "helen", "secretary": "sec", "auditor": "aud"}
    s = {r: ApiSession(server, u, PASSWORD) for r, u in roles.items()}
    reads = [("/people", 200), ("/people?q=pat", 200), ("/people/pat", 200),
             ("/people/pat?rules=bbs-leader-2023", 200), ("/people/nobody", 404)]
    for path, ok in reads:
        for role in roles:
            want = ok if role in ("secretary", "auditor") else 403
            got = s[role].get(path)[0]
            check(got == want, f"GET {path} as {role}: {got} (want {want})")
    page = s["auditor"].get("/people/pat")[2].decode()
    posts = re.findall(r'<form method="post" action="([^"]+)"', page)
    check(posts == ["/logout"], f"the auditor's person page has no form that writes but logging out ({posts})")
    pat_entry = ledger.sql("SELECT min(id) FROM entry WHERE person = 'pat'")
    writes = [("/people", {"id": "sam", "name": "Sam Smith"}),
              ("/people/pat", {"name": "Pat Person", "email": "pat@example.org", "attr.region": "East"}),
              ("/people/pat/waive", {"rules": "bbs-leader-2023", "requirement": "group-hours", "reason": "prior learning"}),
              ("/people/pat/accredit", {"rules": "bbs-leader-2023"}),
              (f"/entries/{pat_entry}/void", {"reason": "entered twice", "back": "/people/pat"})]
    before = ledger.sql("SELECT (SELECT count(*) FROM person) || (SELECT group_concat(value) FROM person_attr)"
                        " || (SELECT count(*) FROM waiver) || (SELECT count(*) FROM void)")
    for path, fields in writes:
        for role in ("member", "leader", "auditor"):
            got = form_post(server, s[role], path, fields)[0]
            # the member and the leader may void their own entries: pat's is neither's (404)
            want = 404 if path.startswith("/entries/") and role != "auditor" else 403
            check(got == want, f"POST {path} as {role}: {got} (want {want})")
        check(form_post(server, s["secretary"], path, fields, origin=False)[0] == 403,
              f"POST {path} by the secretary without Origin or Referer is refused")
    after = ledger.sql("SELECT (SELECT count(*) FROM person) || (SELECT group_concat(value) FROM person_attr)"
                       " || (SELECT count(*) FROM waiver) || (SELECT count(*) FROM void)")
    check(before == after, f"no refused write changed the ledger ({before})")
    sec = s["secretary"]
    # The secretary: add, change, waive, a refused accreditation, a void back to the page.
    status, headers, _ = form_post(server, sec, "/people", {"id": "sam", "name": "Sam Smith", "attrs": "region=South"})
    check(status == 303 and headers.get("Location") == "/people/sam?done=added", f"the secretary adds sam ({status})")
    status, _, page = form_post(server, sec, "/people", {"id": "sam", "name": "Sam Again"})
    check(status == 409 and "already exists" in page, f"adding sam again is refused ({status})")
    status, _, page = form_post(server, sec, "/people", {"id": "evil", "name": "<script>x</script> \u202eevil"})
    check(status == 400 and "<script>x" not in page, f"a name with a bidi control is refused, shown as text ({status})")
    status, _, _ = form_post(server, sec, "/people/sam", {"name": "Sam Smith", "email": "", "attr.region": "",
                                                          "new_attr": "grade=2"})
    check(status == 303 and ledger.sql("SELECT group_concat(key || '=' || value) FROM person_attr WHERE person='sam'")
          == "grade=2", f"changing sam's attributes: region removed, grade added ({status})")
    found = sec.get("/people?q=smith")[2].decode()
    check('href="/people/sam"' in found and 'href="/people/pat"' not in found, "the search finds sam alone")
    page = sec.get("/people/pat?rules=bbs-leader-2023")[2].decode()
    reqs = re.findall(r'<select id="requirement" name="requirement">(.*?)</select>', page, re.S)
    first = re.search(r'<option value="([^"]+)"', reqs[0]).group(1) if reqs else ""
    check(first and "id=\"progress\"" in page and "id=\"decision\"" in page,
          "the person page shows the progress, the decision and the requirements to waive")
    status, headers, _ = form_post(server, sec, "/people/pat/waive", {"rules": "bbs-leader-2023", "requirement": first,
                                                                      "reason": "IBF course accepted"})
    check(status == 303 and ledger.sql("SELECT reason FROM waiver WHERE person='pat'") == "IBF course accepted",
          f"the secretary waives {first} for pat ({status})")
    status, _, _ = form_post(server, sec, "/people/pat/waive", {"rules": "bbs-leader-2023", "requirement": first,
                                                                "reason": "again"})
    check(status == 409, f"a second waiver of the same requirement is refused ({status})")
    status, _, page = form_post(server, sec, "/people/pat/accredit", {"rules": "bbs-leader-2023"})
    check(status == 409 and ledger.sql("SELECT count(*) FROM accreditation WHERE person='pat'") == "0",
          f"pat, not eligible, is not accredited ({status})")
    # Every requirement waived, quinn is eligible: the decision is recorded once.
    page = sec.get("/people/quinn?rules=bbs-leader-2023")[2].decode()
    select = re.search(r'<select id="requirement" name="requirement">(.*?)</select>', page, re.S).group(1)
    for req in re.findall(r'<option value="([^"]+)"', select):
        check(form_post(server, sec, "/people/quinn/waive", {"rules": "bbs-leader-2023", "requirement": req,
                                                             "reason": "equivalent training"})[0] == 303,
              f"quinn's {req} is waived")
    page = sec.get("/people/quinn?rules=bbs-leader-2023")[2].decode()
    check('action="/people/quinn/accredit"' in page, "once eligible, quinn's page offers the accreditation")
    status, headers, _ = form_post(server, sec, "/people/quinn/accredit", {"rules": "bbs-leader-2023"})
    check(status == 303 and ledger.sql("SELECT family || ' ' || granted_on || ' ' || note FROM accreditation WHERE person='quinn'")
          == "bbs-leader 2026-11-25 rule set bbs-leader-2023", f"the secretary accredits quinn ({status})")
    status, _, _ = form_post(server, sec, "/people/quinn/accredit", {"rules": "bbs-leader-2023"})
    check(status == 409 and ledger.sql("SELECT count(*) FROM accreditation WHERE person='quinn'") == "1",
          f"accrediting again is refused ({status})")
    status, headers, _ = form_post(server, sec, f"/entries/{pat_entry}/void", {"reason": "entered twice", "back": "/people/pat"})
    check(status == 303 and headers.get("Location") == "/people/pat?done=voided"
          and ledger.sql(f"SELECT reason FROM void WHERE entry = {pat_entry}") == "entered twice",
          f"the secretary voids pat's entry with a reason, back on pat's page ({status})")
    status, headers, _ = form_post(server, sec, f"/entries/{pat_entry}/void", {"reason": "x", "back": "//evil.example"})
    check(status == 409, f"voiding twice is a conflict ({status})")


def browser_part(server, ledger):
    from browser import Browser  # Selenium: imported only when the browser part runs
    files = os.path.join(ledger.dir, "upload")
    os.makedirs(files)
    bad, good = os.path.join(files, "records-bad.csv"), os.path.join(files, "records.csv")
    with open(bad, "w") as f:
        f.write("kind,person,body,family,on,from\n"
                "membership,pat,Balint Society UK,,,2026-01-01\n"
                "enrolment,nobody,,bbs-leader,2026-02-01,\n"
                "accreditation,quinn,,bbs-lader,2026-03-01,\n")
    with open(good, "w") as f:
        f.write("kind,person,body,family,on,from\n"
                "enrolment,pat,,bbs-leader,2026-02-01,\n"
                "enrolment,quinn,,bbs-leader,2026-03-01,\n")
    b = Browser(server.origin, "secretary")
    try:
        b.go("/login")
        b.fill({"user": "sec", "password": PASSWORD})
        b.submit_with_enter("password")
        b.wait_for_path("/", "the secretary logs in")
        b.click("a[href='/import']")
        b.wait_for_path("/import", "the navigation's import")
        b.fill({"kind": "records (memberships, enrolments, accreditations, documents)"})
        b.find("#file").send_keys(bad)
        b.click("form[action='/import'] button[type=submit]")
        b.wait_for_path("/import", "uploading a file with errors")
        rows = b.finds("#problems tbody tr")
        check(len(rows) >= 2 and any("nobody" in r.text for r in rows),
              f"the table lists the file's problems ({[r.text for r in rows]})")
        check(b.find("input[name=dry_run]").is_selected(), "the dry run stays ticked")
        b.find("input[name=dry_run]").click()
        b.find("#file").send_keys(good)
        b.click("form[action='/import'] button[type=submit]")
        b.wait_for_path("/import", "uploading the fixed file")
        check("Added 2 records" in b.find("#import-summary").text, "the fixed file is imported")
        check(not b.finds("#problems"), "no problem table after a clean file")
        # The people pages, axe-core on each: the list, a search, pat's page with the evidence.
        b.click("a[href='/people']")
        b.wait_for_path("/people", "the navigation's people")
        b.fill({"q": "quist"})
        b.submit_with_enter("q")
        b.wait_for_path("/people?q=quist", "searching the people")
        check([r.text.split()[0] for r in b.finds("#people tbody tr")] == ["quinn"], "the search finds quinn")
        b.go("/people/pat")
        check("bbs-leader" in b.find("#progress").text and b.finds("#decision") and b.finds("#entries"),
              "pat's page shows the progress, the decision and the entries")
        # The record forms opened (axe-core on them), a document uploaded by Chromium itself.
        b.driver.execute_script("document.querySelectorAll('details.record-form').forEach(d => d.open = true)")
        b.axe()
        report = os.path.join(files, "report.txt")
        data = b"Supervisor's report\r\n\0binary\xff"
        with open(report, "wb") as f:
            f.write(data)
        b.fill({"d-type": "supervisor-report", "d-on": "2026-06-30"})
        b.find("#d-file").send_keys(report)
        b.click("form[action='/people/pat/documents'] button[type=submit]")
        b.wait_for_path("/people/pat", "uploading a document")
        sha = hashlib.sha256(data).hexdigest()
        check(sha in b.find("#documents").text and "report.txt" in b.find("#documents").text,
              "the uploaded document is listed with its SHA-256")
        check(ledger.sql("SELECT sha256 || ' ' || size FROM document WHERE person = 'pat'") == f"{sha} {len(data)}",
              "the ledger keeps the file's bytes and SHA-256")
        b.click("a[href='/accounts']")
        b.wait_for_path("/accounts", "the navigation's accounts")
        check(b.finds("#acct-sec") and b.finds("form[action='/accounts/aud/role']"), "the accounts page lists the accounts")
    finally:
        b.quit()
    check(ledger.sql("SELECT count(*) FROM enrolment WHERE person IN ('pat','quinn')") == "2",
          "both enrolments landed")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    ledger = Ledger(args.balint)
    L = ledger.run
    L("init")
    for pid, role in [("sec", "secretary"), ("aud", "auditor"), ("ann", "member"), ("helen", "leader")]:
        L("person", "add", pid, "--name", pid.title())
        L("user", "add", pid, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    server = Server(ledger)
    try:
        http_part(server, ledger)
        people_part(server, ledger)
        if not args.no_browser:
            browser_part(server, ledger)
    finally:
        rc = server.stop()
    check(rc == 0, "the server stopped cleanly")
    check("internal error" not in open(server.log.name).read(), "the server's log has no internal error")
    shutil.rmtree(ledger.dir)
    print("secretary_test: all passed")


if __name__ == "__main__":
    run_main(main)
