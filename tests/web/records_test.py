#!/usr/bin/env python3
"""The secretary's records and accounts pages of balint serve, over HTTP.
Records: a membership, an enrolment and documents (one with an uploaded file) added on a
person's page land as the same rows (same SHA-256, same stored bytes, same activity-log
records) as `balint membership add`, `enrol` and `document add` make on a second ledger; bad
input (to before from, an unknown name without "new", an empty or oversized file, a bad date)
is refused with a message and writes nothing; a hostile file name is kept harmless and shown
as text. Accounts: an account added with an invitation whose one-time link (as `balint user
add --invite` prints it) sets the password and logs in with the role; a role change takes
effect; a reset gives a new link; a disabled account cannot log in; the office cannot lock
itself out; the auditor (and the member, the leader) is refused on every new write route and
nothing changes. Usage: records_test.py --balint build/balint"""
import argparse
import hashlib
import html
import json
import os
import re
import shutil
import sys
import urllib.parse

from harness import PASSWORD, ApiSession, run_main, Ledger, Server, check
from secretary_test import form_post, multipart

# Bytes no text file has: a NUL, bytes that are not UTF-8, CR LF, a PDF header.
REPORT = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\r\n\0\xff\xfe supervisor's report for Pat\n"
ROLES = {"member": "ann", "leader": "helen", "secretary": "sec", "auditor": "aud"}


def setup(ledger, accounts):
    L = ledger.run
    L("init")
    for pid, name in [("sec", "Sam Secretary"), ("aud", "Ada Auditor"), ("ann", "Ann Able"),
                      ("helen", "Helen Barker"), ("pat", "Pat Person"), ("quinn", "Quinn Quist")]:
        L("person", "add", pid, "--name", name)
    if accounts:
        for role, pid in ROLES.items():
            L("user", "add", pid, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")


def upload_document(server, session, person, fields, file=None, csrf=True, origin=True):
    f = dict(fields)
    if csrf:
        f["csrf"] = session.csrf
    body, ctype = multipart(f, {"file": file} if file else {})
    h = {"Content-Type": ctype, "Cookie": session.cookie}
    if origin:
        h["Origin"] = server.origin
    status, headers, page = server.request("POST", f"/people/{person}/documents", body, h)
    return status, headers, page.decode("utf-8", "replace")


def error_of(page):
    m = re.search(r'<p class="error" role="alert"[^>]*>(.*?)</p>', page, re.S)
    return html.unescape(m.group(1)) if m else ""


RECORD_ROWS = {
    "membership": "SELECT person, body, date_from, ifnull(date_to, '-') FROM membership ORDER BY id",
    "enrolment": "SELECT person, family, enrolled_on FROM enrolment ORDER BY id",
    "document": "SELECT id, person, type, dated, file_name, sha256, ifnull(size, '-'), hex(content), note "
                "FROM document ORDER BY id",
    "activity": "SELECT operation, kind, subject, people, detail FROM activity "
                "WHERE operation IN ('membership add', 'enrol', 'document add') ORDER BY id",
}


def rows(ledger):
    return {k: ledger.sql(q) for k, q in RECORD_ROWS.items()}


def everything(ledger):
    """What a refused write must leave as it was: records, accounts, invitations, the log."""
    return ledger.sql("SELECT (SELECT count(*) FROM membership) || '/' || (SELECT count(*) FROM enrolment)"
                      " || '/' || (SELECT count(*) FROM document) || '/' || (SELECT count(*) FROM account)"
                      " || '/' || (SELECT group_concat(person || role || disabled, ',') FROM account)"
                      " || '/' || (SELECT count(*) FROM account_invitation)"
                      " || '/' || (SELECT count(*) FROM activity WHERE actor LIKE 'web%')")


def records_part(server, web, cli):
    s = {r: ApiSession(server, u, PASSWORD) for r, u in ROLES.items()}
    sec = s["secretary"]
    with open(os.path.join(cli.dir, "report.pdf"), "wb") as f:
        f.write(REPORT)
    C = cli.run
    # The same records, one through the pages, one through the command line.
    status, headers, page = form_post(server, sec, "/people/pat/memberships",
                                      {"body": "UK Balint Society", "from": "2025-01-01", "to": "2025-12-31"})
    check(status == 303 and headers.get("Location", "").startswith("/people/pat?done=membership"),
          f"the secretary records pat's membership ({status} {error_of(page)})")
    C("membership", "add", "pat", "--body", "UK Balint Society", "--from", "2025-01-01", "--to", "2025-12-31")
    status, headers, page = form_post(server, sec, "/people/pat/enrolments", {"family": "bbs-leader", "enrol_on": "2025-02-01"})
    check(status == 303 and "done=enrolled" in headers.get("Location", ""), f"the secretary enrols pat ({status} {error_of(page)})")
    C("enrol", "pat", "--family", "bbs-leader", "--on", "2025-02-01")
    status, headers, page = form_post(server, sec, "/people/pat/enrolments", {"family": "bbs-leader", "enrol_on": "2025-02-01"})
    check(status == 303 and "done=already-enrolled" in headers.get("Location", ""),
          f"enrolling again on the same date adds nothing, as `enrol` says 'already' ({status})")
    status, headers, page = upload_document(server, sec, "pat", {"type": "supervisor-report", "doc_on": "2025-06-30",
                                                                 "note": "from Helen"}, ("report.pdf", REPORT))
    check(status == 303 and "done=document" in headers.get("Location", ""),
          f"the secretary uploads pat's supervisor report ({status} {error_of(page)})")
    out = C("document", "add", "pat", "--type", "supervisor-report", "--on", "2025-06-30", "--file", "report.pdf",
            "--note", "from Helen").stdout
    status, headers, page = upload_document(server, sec, "pat", {"type": "reference", "doc_on": "2025-07-01", "new": "1"})
    check(status == 303, f"a document of a new type without a file, 'new' ticked ({status} {error_of(page)})")
    C("document", "add", "pat", "--type", "reference", "--on", "2025-07-01", "--new")
    status, _, page = form_post(server, sec, "/people/quinn/memberships", {"body": "Balint Society of Nowhere",
                                                                           "from": "2024-01-01", "new": "1"})
    check(status == 303, f"a membership of a new body, 'new' ticked ({status} {error_of(page)})")
    C("membership", "add", "quinn", "--body", "Balint Society of Nowhere", "--from", "2024-01-01", "--new")
    a, b = rows(web), rows(cli)
    for k in RECORD_ROWS:
        check(a[k] == b[k] and a[k], f"the web's {k} rows are the command line's:\n{a[k]}")
    sha = hashlib.sha256(REPORT).hexdigest()
    check(web.sql("SELECT sha256 FROM document WHERE type = 'supervisor-report'") == sha and sha in out,
          "the stored SHA-256 is the file's (sha256 of the bytes, as `document add` prints it)")
    check(web.sql("SELECT hex(content) FROM document WHERE type = 'supervisor-report'") == REPORT.hex().upper(),
          "the stored bytes are the uploaded file's, byte for byte")
    check(web.sql("SELECT actor FROM activity WHERE operation = 'document add' LIMIT 1") == "web:sec",
          "the activity log says the secretary did it on the web")
    page = sec.get("/people/pat")[2].decode()
    check('id="memberships"' in page and "UK Balint Society" in page and 'id="enrolments"' in page
          and sha in page, "pat's page shows the membership, the enrolment and the document's SHA-256")

    # Bad input: refused with a message, nothing written.
    before = everything(web)
    bad = [
        ("/people/pat/memberships", {"body": "UK Balint Society", "from": "2025-06-01", "to": "2025-01-01"},
         "ends before it begins"),
        ("/people/pat/memberships", {"body": "UK Balint Societ", "from": "2025-06-01"},
         "did you mean 'UK Balint Society'"),
        ("/people/pat/memberships", {"body": "UK Balint Society", "from": "2025-02-30"}, "YYYY-MM-DD"),
        ("/people/pat/memberships", {"body": "  ", "from": "2025-02-01"}, "Give the body"),
        ("/people/pat/enrolments", {"family": "bbs-lader", "enrol_on": "2025-02-01"}, "did you mean 'bbs-leader'"),
        ("/people/pat/enrolments", {"family": "bbs-leader", "enrol_on": "2025-03-01"}, "already enrolled in bbs-leader since 2025-02-01"),
        ("/people/pat/enrolments", {"family": "<b>x</b>", "enrol_on": "2025-03-01", "new": "1"}, "is not a family name"),
    ]
    for path, fields, want in bad:
        status, _, page = form_post(server, sec, path, fields)
        check(status == 400 and want in error_of(page),
              f"{path} {fields} is refused: {status} {error_of(page)!r}")
        check("<b>x</b>" not in page, "the refused value is shown as text")
    status, _, page = upload_document(server, sec, "pat", {"type": "supervisor-report", "doc_on": "2025-06-30"},
                                      ("empty.pdf", b""))
    check(status == 400 and "empty" in error_of(page), f"an empty file is refused ({status} {error_of(page)!r})")
    status, _, page = upload_document(server, sec, "pat", {"type": "supervisors-report", "doc_on": "2025-06-30"},
                                      ("report.pdf", REPORT))
    check(status == 400 and "did you mean 'supervisor-report'" in error_of(page) and "new" in error_of(page),
          f"an unknown document type without 'new' is refused, its hint saying how ({status} {error_of(page)!r})")
    huge = b"x" * (5 * 1024 * 1024)
    try:
        status, _, page = upload_document(server, sec, "pat", {"type": "supervisor-report", "doc_on": "2025-06-30"},
                                          ("huge.pdf", huge))
        check(status == 413 and "4 MB" in page, f"a 5 MB upload is refused with 413 and says the limit ({status})")
    except OSError:  # the server may close the connection while the body is still being sent
        print("ok: the 5 MB upload was cut off by the server")
    check(everything(web) == before, f"no refused record wrote anything ({before})")
    check(server.request("GET", "/healthz")[0] == 200, "the server still serves")

    # A hostile file name: its folders dropped, controls and bidi made '_', shown as text.
    hostile = "..\\..\\x\\<img src=x onerror=alert(1)>\u202egpj.pdf"
    status, _, page = upload_document(server, sec, "quinn", {"type": "supervisor-report", "doc_on": "2025-06-30",
                                                             "note": "<script>alert(1)</script>"},
                                      (hostile, b"report"))
    check(status == 303, f"a file with a hostile name is stored ({status} {error_of(page)})")
    stored = web.sql("SELECT file_name FROM document WHERE person = 'quinn'")
    check(stored == "<img src=x onerror=alert(1)>_gpj.pdf",
          f"kept under its last part, the bidi override made '_' ({stored!r})")
    page = sec.get("/people/quinn")[2].decode()
    check("<script>alert(1)" not in page and "<img src" not in page and "\u202e" not in page
          and "<img src=x onerror=alert(1)>_gpj.pdf" in html.unescape(page)
          and "<script>alert(1)</script>" in html.unescape(page),
          "the file name and the note are shown as text")

    # CSRF and Origin, and every role but the secretary: refused, nothing changes.
    before = everything(web)
    writes = [("/people/pat/memberships", {"body": "UK Balint Society", "from": "2026-01-01"}),
              ("/people/pat/enrolments", {"family": "cpd-uk", "enrol_on": "2026-01-01"})]
    for path, fields in writes:
        h = {"Cookie": sec.cookie, "Origin": server.origin}
        check(server.request("POST", path, fields, h)[0] == 403, f"POST {path} without the CSRF token: 403")
        check(form_post(server, sec, path, fields, origin=False)[0] == 403, f"POST {path} without Origin: 403")
        h = {"Cookie": sec.cookie, "Origin": "http://evil.example"}
        check(server.request("POST", path, dict(fields, csrf=sec.csrf), h)[0] == 403, f"POST {path} from another origin: 403")
        for role in ("member", "leader", "auditor"):
            check(form_post(server, s[role], path, fields)[0] == 403, f"POST {path} as {role}: 403")
    doc = {"type": "supervisor-report", "doc_on": "2026-01-01"}
    check(upload_document(server, sec, "pat", doc, ("r.pdf", b"x"), csrf=False)[0] == 403, "an upload without the CSRF token: 403")
    check(upload_document(server, sec, "pat", doc, ("r.pdf", b"x"), origin=False)[0] == 403, "an upload without Origin: 403")
    for role in ("member", "leader", "auditor"):
        check(upload_document(server, s[role], "pat", doc, ("r.pdf", b"x"))[0] == 403, f"an upload as {role}: 403")
    check(everything(web) == before, "no refused write changed anything")
    # The auditor reads the records, without a form that writes and without the account.
    page = s["auditor"].get("/people/pat")[2].decode()
    check('id="memberships"' in page and 'id="enrolments"' in page and sha in page,
          "the auditor sees pat's memberships, enrolments and documents")
    posts = re.findall(r'<form method="post" action="([^"]+)"', page)
    check(posts == ["/logout"] and 'id="account-h"' not in page,
          f"the auditor's page has no form that writes and no account section ({posts})")


def invitation_of(page):
    m = re.search(r'<code id="invitation-url">([^<]*)</code>', page)
    return html.unescape(m.group(1)) if m else ""


def accept(server, url, password):
    """Sets the password through the link; returns the status and the new session's cookie."""
    parts = urllib.parse.urlsplit(url)
    token = urllib.parse.parse_qs(parts.query)["token"][0]
    status = server.request("GET", parts.path + "?" + parts.query)[0]
    if status != 200:
        return status, ""
    status, headers, _ = server.request("POST", "/invite", {"token": token, "password": password, "password2": password},
                                        {"Origin": server.origin})
    return status, headers.get("Set-Cookie", "").split(";")[0]


def login_status(server, user, password):
    return server.request("POST", "/api/login", {"user": user, "password": password},
                          {"Content-Type": "application/json"})[0]


def me(server, user, password):
    status, _, body = server.request("POST", "/api/login", {"user": user, "password": password},
                                     {"Content-Type": "application/json"})
    return json.loads(body) if status == 200 else None


def accounts_part(server, web, cli):
    s = {r: ApiSession(server, u, PASSWORD) for r, u in ROLES.items()}
    sec = s["secretary"]
    page = sec.get("/accounts")[2].decode()
    check('id="acct-ann"' in page and 'id="acct-sec"' in page, "the accounts page lists the accounts")
    check('action="/accounts"' in sec.get("/people/pat")[2].decode(),
          "pat's page (no account yet) offers to add one")
    # Add with an invitation: the link shown once, as `balint user add --invite` prints it.
    status, _, page = form_post(server, sec, "/accounts", {"person": "pat", "role": "member"})
    url = invitation_of(page)
    check(status == 200 and re.fullmatch(re.escape(server.origin) + r"/invite\?token=[A-Za-z0-9_-]{43}", url),
          f"adding pat's account shows the invitation link ({status} {url!r})")
    until = re.search(r"until (\d{4}-\d\d-\d\d \d\d:\d\d UTC)", page)
    cli.run("user", "add", "pat", "--role", "member", "--invite", "--base-url", server.origin + "/")
    printed = cli.run("user", "reset", "pat", "--invite", "--base-url", server.origin).stdout
    check(until and re.search(r"invitation for pat \(one use, until \d{4}-\d\d-\d\d \d\d:\d\d UTC\):\n"
                              + re.escape(server.origin) + r"/invite\?token=[A-Za-z0-9_-]{43}\n", printed),
          f"the page shows what the command line prints: the link and its expiry in UTC ({printed!r})")
    check(web.sql("SELECT operation || ' ' || detail FROM activity WHERE operation = 'user add' AND subject = 'pat'")
          == cli.sql("SELECT operation || ' ' || detail FROM activity WHERE operation = 'user add' AND subject = 'pat'"),
          "the activity log's record of adding the account is the command line's")
    token = url.rsplit("=", 1)[1]
    check(token not in sec.get("/accounts")[2].decode() and token not in sec.get("/people/pat")[2].decode(),
          "the link is not shown again")
    check(web.sql(f"SELECT count(*) FROM activity WHERE detail LIKE '%{token}%'") == "0",
          "nor kept in the activity log")
    status, _, page = form_post(server, sec, "/accounts", {"person": "pat", "role": "leader"})
    check(status == 409, f"a second account for pat is refused ({status})")
    status, _, page = form_post(server, sec, "/accounts", {"person": "<script>x</script>", "role": "leader"})
    check(status == 400 and "<script>x" not in page, f"a hostile person id is refused ({status})")
    status, cookie = accept(server, url, "pat's new password")
    check(status == 303 and cookie, f"the invitation link sets pat's password and logs pat in ({status})")
    check(accept(server, url, "another password!")[0] == 404, "the link works once")
    who = me(server, "pat", "pat's new password")
    check(who and who.get("role") == "member", f"pat logs in as a member ({who})")
    pat = ApiSession(server, "pat", "pat's new password")
    check(pat.get("/groups")[0] == 403, "as a member pat has no groups page")
    # A new role: pat's sessions end, the next login has it.
    status, headers, _ = form_post(server, sec, "/accounts/pat/role", {"role": "leader"})
    check(status == 303 and web.sql("SELECT role FROM account WHERE person = 'pat'") == "leader",
          f"the secretary makes pat a leader ({status})")
    check(pat.get("/")[0] == 303, "pat's session was ended")
    pat = ApiSession(server, "pat", "pat's new password")
    check(me(server, "pat", "pat's new password")["role"] == "leader" and pat.get("/groups")[0] == 200,
          "logged in again pat is a leader and has the groups page")
    # Reset: a new link, sessions ended.
    status, _, page = form_post(server, sec, "/accounts/pat/reset", {})
    url2 = invitation_of(page)
    check(status == 200 and url2 and url2 != url, f"a reset shows a new link ({status})")
    check(pat.get("/")[0] == 303, "the reset ended pat's session")
    check(accept(server, url2, "pat's second password")[0] == 303
          and login_status(server, "pat", "pat's second password") == 200, "the new link sets a new password")
    # Disable: no login.
    status, _, _ = form_post(server, sec, "/accounts/pat/disable", {})
    check(status == 303 and login_status(server, "pat", "pat's second password") == 401,
          f"a disabled account cannot log in ({status})")
    page = sec.get("/accounts")[2].decode()
    row = re.search(r'<tr id="acct-pat">(.*?)</tr>', page, re.S).group(1)
    check("disabled" in row and "/accounts/pat/role" not in row, "the list shows pat disabled, without forms")
    ops = web.sql("SELECT group_concat(operation, ',') FROM (SELECT operation FROM activity WHERE subject = 'pat'"
                  " AND kind = 'account' ORDER BY id)")
    check(ops == "user add,invitation accept,user role,user reset,invitation accept,user disable",
          f"every change is in the activity log ({ops})")
    # The office cannot lock itself out: the last secretary who can log in keeps the role.
    before = everything(web)
    for path, fields in [("/accounts/sec/disable", {}), ("/accounts/sec/role", {"role": "auditor"})]:
        status, _, page = form_post(server, sec, path, fields)
        check(status == 409 and "last secretary account" in error_of(page),
              f"{path} on the secretary's own, last account is refused ({status} {error_of(page)!r})")
    check(everything(web) == before and sec.get("/accounts")[0] == 200,
          "nothing changed and the secretary is still logged in")
    check(form_post(server, sec, "/accounts/sec/role", {"role": "secretary"})[0] == 303,
          "keeping the secretary role is no lock-out")
    sec = ApiSession(server, "sec", PASSWORD)  # that ended the session
    # With a second secretary able to log in, the first may step down.
    web.run("person", "add", "sue", "--name", "Sue Second")
    web.run("user", "add", "sue", "--role", "secretary", "--password-stdin", stdin=PASSWORD + "\n")
    sue = ApiSession(server, "sue", PASSWORD)
    check(form_post(server, sec, "/accounts/sec/role", {"role": "auditor"})[0] == 303,
          "with another secretary, the secretary may give up the role")
    check(form_post(server, sue, "/accounts/sue/disable", {})[0] == 409, "but then sue is the last one")
    check(me(server, "sec", PASSWORD)["role"] == "auditor", "sec logs in as an auditor now")
    # Everyone but the secretary is refused on every accounts route; nothing changes.
    s["auditor"] = ApiSession(server, "sec", PASSWORD)  # an auditor now
    before = everything(web)
    routes = [("/accounts", {"person": "quinn", "role": "secretary"}), ("/accounts/ann/role", {"role": "secretary"}),
              ("/accounts/ann/disable", {}), ("/accounts/ann/reset", {})]
    for path, fields in routes:
        for role in ("member", "leader", "auditor"):
            status, _, page = form_post(server, s[role], path, fields)
            check(status == 403 and "token=" not in page, f"POST {path} as {role}: 403")
    for role in ("member", "leader", "auditor"):
        check(s[role].get("/accounts")[0] == 403, f"GET /accounts as {role}: 403")
    check(everything(web) == before, "no refused account change wrote anything")
    check("/accounts" in sue.get("/")[2].decode() and "/accounts" not in s["auditor"].get("/")[2].decode(),
          "the navigation offers Accounts to the secretary alone")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    args = ap.parse_args()
    web, cli = Ledger(args.balint), Ledger(args.balint)
    setup(web, True)
    setup(cli, False)
    server = Server(web)
    try:
        records_part(server, web, cli)
        accounts_part(server, web, cli)
    finally:
        rc = server.stop()
    check(rc == 0, "the server stopped cleanly")
    check("internal error" not in open(server.log.name).read(), "the server's log has no internal error")
    shutil.rmtree(web.dir)
    shutil.rmtree(cli.dir)
    print("records_test: all passed")


if __name__ == "__main__":
    run_main(main)
