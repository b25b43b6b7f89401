#!/usr/bin/env python3
"""balint serve over HTTP: the authorisation table (every route x role x own/other's data),
CSRF and Origin refusals that change nothing, hostile names shown as text, expired, fixated
and disabled sessions, the login throttle, the JSON API's errors, graceful shutdown.
Usage: http_test.py --balint build/balint"""
import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

from harness import (AS_OF, PASSWORD, ApiSession, run_main, Ledger, Server, check, entry_ids,
                     society)


def authorisation_table(server, ledger, facts):
    """Each route with own and other's data, for each role; the expected status per role."""
    ann_entry = entry_ids(ledger, "ann")[0]    # in helen's group
    dee_entry = entry_ids(ledger, "dee")[0]    # in otto's group
    roles = {"member": "ann", "leader": "helen", "secretary": "sec", "auditor": "aud"}
    sessions = {r: ApiSession(server, u, PASSWORD) for r, u in roles.items()}
    # (method, path, body, {role: status}); None = not logged in.
    cases = [
        ("GET", "/api/me", None, {None: 401, "member": 200, "leader": 200, "secretary": 200, "auditor": 200}),
        ("GET", "/api/people/ann/entries", None, {None: 401, "member": 200, "leader": 200, "secretary": 200, "auditor": 200}),
        ("GET", "/api/people/dee/entries", None, {None: 401, "member": 404, "leader": 404, "secretary": 200, "auditor": 200}),
        ("GET", "/api/people/nobody/entries", None, {None: 401, "member": 404, "leader": 404, "secretary": 404, "auditor": 404}),
        ("GET", "/api/people/ann/progress?rules=cpd-uk", None, {None: 401, "member": 200, "leader": 200, "secretary": 200, "auditor": 200}),
        ("GET", "/api/people/dee/progress?rules=cpd-uk", None, {None: 401, "member": 404, "leader": 404, "secretary": 200, "auditor": 200}),
        ("GET", "/", None, {None: 303, "member": 200, "leader": 200, "secretary": 200, "auditor": 200}),
        ("GET", "/groups", None, {None: 303, "member": 403, "leader": 200, "secretary": 200, "auditor": 403}),
        ("GET", "/log", None, {None: 303, "member": 200, "leader": 200, "secretary": 200, "auditor": 403}),
        ("GET", f"/certificates/{facts['serial']}", None, {None: 303, "member": 200, "leader": 200, "secretary": 200, "auditor": 200}),
        ("GET", "/certificates/CPD-2026-999999", None, {None: 303, "member": 404, "leader": 404, "secretary": 404, "auditor": 404}),
        ("GET", f"/api/verify/{facts['code']}", None, {None: 200, "member": 200, "leader": 200, "secretary": 200, "auditor": 200}),
        ("GET", "/register", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/register?q=ann&standing=revoked", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/activity", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/activity.csv?person=ann", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/verify", None, {None: 200, "member": 200, "leader": 200, "secretary": 200, "auditor": 200}),
        ("GET", "/audit", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/audit/anomalies?of=rules:cpd-uk", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/audit.csv?of=rules:cpd-uk", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/audit.json?of=pathway:bbs-leader", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/audit.pdf?of=pathway:bbs-leader", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/audit/letters/zoe?of=pathway:bbs-leader&sample=1&seed=1", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/audit/letters/nobody?of=pathway:bbs-leader&sample=1&seed=1", None,
         {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 404}),
        ("GET", "/import", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 403}),
        ("GET", "/people?q=ann", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/people/dee", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("GET", "/people/nobody", None, {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 404}),
        ("POST", "/import", {"kind": "nothing"}, {None: 303, "member": 403, "leader": 403, "secretary": 400, "auditor": 403}),
        ("POST", "/people/nobody/accredit", {"rules": "bbs-leader-2023"}, {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("POST", "/people/nobody/waive", {"rules": "cpd-uk", "reason": "x"}, {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        # A person's records and the accounts: the secretary's to write (an unknown person 404,
        # a bad field 400), the auditor refused like the member and the leader.
        ("POST", "/people/nobody/memberships", {"body": "UK Balint Society", "from": "2026-01-01"},
         {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("POST", "/people/dee/memberships", {"body": "UK Balint Society", "from": "2026-13-01"},
         {None: 303, "member": 403, "leader": 403, "secretary": 400, "auditor": 403}),
        ("POST", "/people/nobody/enrolments", {"family": "bbs-leader", "enrol_on": "2026-01-01"},
         {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("POST", "/people/dee/enrolments", {"family": "Not A Family", "enrol_on": "2026-01-01"},
         {None: 303, "member": 403, "leader": 403, "secretary": 400, "auditor": 403}),
        ("POST", "/people/nobody/documents", {"type": "supervisor-report", "doc_on": "2026-01-01"},
         {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("POST", "/people/dee/documents", {"type": "no such type", "doc_on": "2026-01-01"},
         {None: 303, "member": 403, "leader": 403, "secretary": 400, "auditor": 403}),
        ("GET", "/accounts", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 403}),
        ("POST", "/accounts", {"person": "nobody", "role": "member"},
         {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("POST", "/accounts", {"person": "dee", "role": "boss"},
         {None: 303, "member": 403, "leader": 403, "secretary": 400, "auditor": 403}),
        ("POST", "/accounts/nobody/role", {"role": "leader"}, {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("POST", "/accounts/nobody/disable", {}, {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("POST", "/accounts/nobody/reset", {}, {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("POST", "/accounts/zoe/reset", {}, {None: 303, "member": 403, "leader": 403, "secretary": 404, "auditor": 403}),
        ("GET", "/issue", None, {None: 303, "member": 403, "leader": 403, "secretary": 200, "auditor": 200}),
        ("POST", "/issue", {"rules": "nothing"}, {None: 303, "member": 403, "leader": 403, "secretary": 400, "auditor": 403}),
        ("GET", "/api/nothing", None, {None: 404, "member": 404, "leader": 404, "secretary": 404, "auditor": 404}),
        # Writes that would change nothing useful still prove the decision: an unknown entry.
        ("POST", "/api/entries/999999/void", {"reason": "x"}, {None: 401, "member": 404, "leader": 404, "secretary": 404, "auditor": 403}),
        ("POST", f"/api/entries/{dee_entry}/confirm", {}, {None: 401, "member": 403, "leader": 404, "secretary": 200, "auditor": 403}),
        ("POST", f"/api/entries/{ann_entry}/void", {"reason": "r"}, {None: 401, "member": 200, "leader": 403, "secretary": 409, "auditor": 403}),
        ("POST", "/api/entries", {"person": "dee", "date": "2026-11-01", "activity": "group", "role": "member", "minutes": 60},
         {None: 401, "member": 403, "leader": 403, "secretary": 201, "auditor": 403}),
        ("POST", "/api/entries", {"person": "dee", "date": "2026-11-01", "activity": "group", "role": "member", "minutes": 60, "group": "Thursday group"},
         {None: 401, "member": 403, "leader": 201, "secretary": 201, "auditor": 403}),
    ]
    for method, path, body, want in cases:
        for role, status_wanted in want.items():
            if role is None:
                h = {"Content-Type": "application/json", "Origin": server.origin} if method == "POST" else {}
                got = server.request(method, path, body if body is not None else None, h)[0]
            elif method == "GET":
                got = sessions[role].get(path)[0]
            else:
                got = sessions[role].post(path, body)[0]
            check(got == status_wanted, f"{method} {path} as {role or 'nobody'}: {got} (want {status_wanted})")
    # The leader confirms an entry of their group; the member of it cannot confirm their own.
    bob_entry = entry_ids(ledger, "bob")[0]
    check(ApiSession(server, "bob", PASSWORD).post(f"/api/entries/{bob_entry}/confirm")[0] == 403,
          "a member cannot confirm their own entry")
    check(sessions["leader"].post(f"/api/entries/{bob_entry}/confirm")[0] == 200,
          "the leader confirms an entry of their group")
    check(ledger.sql(f"SELECT verified_by FROM entry WHERE id = {bob_entry}") == "helen",
          "the confirmation is the entry's verified_by")
    check(sessions["leader"].post(f"/api/entries/{bob_entry}/confirm")[0] == 409, "confirming twice is a conflict")
    check(ApiSession(server, "bob", PASSWORD).post(f"/api/entries/{bob_entry}/void", {"reason": "x"})[0] == 403,
          "a member cannot void a confirmed entry")


def csrf_and_origin(server, ledger):
    s = ApiSession(server, "cy", PASSWORD)
    before = ledger.sql("SELECT count(*) FROM entry") + "/" + ledger.sql("SELECT count(*) FROM void")
    body = {"date": "2026-11-02", "activity": "group", "role": "member", "minutes": 60}
    cy_entry = entry_ids(ledger, "cy")[0]
    for what, kwargs in [("no CSRF token", {"csrf": False}),
                         ("a wrong CSRF token", {"csrf": False, "extra": {"X-CSRF-Token": "x" * 43}}),
                         ("a foreign Origin", {"origin": "http://evil.example"})]:
        status, _, data = s.post("/api/entries", body, **kwargs)
        check(status == 403 and "error" in json.loads(data), f"POST /api/entries with {what}: 403 {{error}}")
        check(s.post(f"/api/entries/{cy_entry}/void", {"reason": "x"}, **kwargs)[0] == 403, f"void with {what}: 403")
    # A form post from another site (cookie sent, no token): refused.
    status = server.request("POST", "/log", {"person": "cy", "date": "2026-11-02", "activity": "group",
                                             "role": "member", "minutes": "60"},
                            {"Cookie": s.cookie, "Origin": "http://evil.example"})[0]
    check(status == 403, "a cross-site form post is refused")
    after = ledger.sql("SELECT count(*) FROM entry") + "/" + ledger.sql("SELECT count(*) FROM void")
    check(before == after, "the refused requests changed nothing")


def hostile_names(server, ledger):
    s = ApiSession(server, "eve", PASSWORD)
    page = s.get("/")[2].decode()
    check("<script>alert(1)" not in page, "a <script> name is not markup on the dashboard")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in page, "it is shown as text")
    check("\u202e" not in page and "\u27e8U+202E\u27e9" in page, "a bidi override is shown as its code")
    groups = ApiSession(server, "helen", PASSWORD).get("/groups")[2].decode()
    check("<script>alert(1)" not in groups and "&lt;script&gt;" in groups, "and as text on the leader's page")


def hostile_input_on_every_page(server, ledger):
    """Every HTML page, including those that show back what was typed (a form with a mistake,
    a failed login, an unknown code or invitation, a missing page), carries no markup from its
    input: the pages have no script of their own, so any '<script' is an injection."""
    attack = '"><script>alert(2)</script>\u202e'
    ledger.run("log", "--person", "eve", "--date", "2026-10-08", "--activity", "group", "--role",
               "member", "--minutes", "60", "--group", attack, "--note", attack, "--setting", attack)
    eve = ApiSession(server, "eve", PASSWORD)
    helen = ApiSession(server, "helen", PASSWORD)
    origin = {"Origin": server.origin}
    sec = ApiSession(server, "sec", PASSWORD)
    form = lambda s, extra: dict({"csrf": s.csrf}, **extra)
    pages = [
        ("eve's dashboard", "GET", "/", None, {"Cookie": eve.cookie}),
        ("the log form", "GET", "/log", None, {"Cookie": eve.cookie}),
        ("the log form with mistakes", "POST", "/log",
         form(eve, {"date": attack, "activity": "group", "role": "member", "minutes": attack,
                    "leader": attack, "group": attack, "note": attack, "setting": attack}),
         dict(origin, Cookie=eve.cookie)),
        ("the leader's groups page", "GET", "/groups", None, {"Cookie": helen.cookie}),
        ("the group log with mistakes", "POST", "/groups/log",
         form(helen, {"person": ["ann", attack], "date": attack, "activity": "group",
                      "role": "member", "minutes": "60", "group": attack, "leader": attack}),
         dict(origin, Cookie=helen.cookie)),
        ("a void with a hostile reason of an unknown entry", "POST", "/entries/999999/void",
         form(eve, {"reason": attack}), dict(origin, Cookie=eve.cookie)),
        ("the login page", "GET", "/login", None, {}),
        ("a failed login", "POST", "/login", {"user": attack, "password": attack}, origin),
        ("an unknown invitation", "GET", "/invite?token=" + urllib.parse.quote(attack), None, {}),
        ("a refused invitation", "POST", "/invite",
         {"token": attack, "password": attack, "password2": attack}, origin),
        ("the verify page", "GET", "/verify", None, {}),
        ("the certificate register searched for markup", "GET",
         "/register?standing=" + urllib.parse.quote(attack) + "&q=" + urllib.parse.quote(attack), None,
         {"Cookie": ApiSession(server, "sec", PASSWORD).cookie}),
        ("the activity log filtered by markup", "GET",
         "/activity?since=" + urllib.parse.quote(attack) + "&person=" + urllib.parse.quote(attack), None,
         {"Cookie": ApiSession(server, "aud", PASSWORD).cookie}),
        ("a membership with a hostile body and dates", "POST", "/people/dee/memberships",
         form(sec, {"body": attack, "from": attack, "to": attack}), dict(origin, Cookie=sec.cookie)),
        ("a membership with a hostile body", "POST", "/people/dee/memberships",
         form(sec, {"body": attack, "from": "2026-01-01"}), dict(origin, Cookie=sec.cookie)),
        ("an enrolment in a hostile family", "POST", "/people/dee/enrolments",
         form(sec, {"family": attack, "enrol_on": "2026-01-01", "new": "1"}), dict(origin, Cookie=sec.cookie)),
        ("a document of a hostile type", "POST", "/people/dee/documents",
         form(sec, {"type": attack, "doc_on": attack, "note": attack}), dict(origin, Cookie=sec.cookie)),
        ("an account for a hostile person and role", "POST", "/accounts",
         form(sec, {"person": attack, "role": attack}), dict(origin, Cookie=sec.cookie)),
        ("the accounts page", "GET", "/accounts", None, {"Cookie": sec.cookie}),
        ("an unknown code", "POST", "/verify", {"code": attack}, origin),
        ("a missing page", "GET", "/" + urllib.parse.quote(attack), None, {}),
        ("a missing certificate", "GET", "/certificates/" + urllib.parse.quote(attack), None,
         {"Cookie": eve.cookie}),
    ]
    for what, method, path, body, headers in pages:
        status, got_headers, data = server.request(method, path, body, headers)
        text = data.decode()
        check(status < 500, f"{what}: answered {status}")
        if status in (301, 302, 303):
            continue
        check(got_headers.get("Content-Type", "").startswith("text/html"), f"{what}: an HTML page")
        check("<script" not in text.lower(), f"{what}: no script in the page")
        check("\u202e" not in text, f"{what}: no bidi override in the page")
    page = eve.get("/")[2].decode()
    check("<bdi>&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\u27e8U+202E\u27e9</bdi>" in page,
          "a group name made of markup and a bidi override shows on the dashboard as text")


def dashboard_full_report(server, ledger):
    """Each pathway on the dashboard has its table and a link to its full report (every session
    that counted or nearly did: most of the page for a long history); the report itself, as
    `balint progress --explain` prints it, is on the page when asked for (?report=full)."""
    ann = ApiSession(server, "ann", PASSWORD)
    status, _, data = ann.get("/?pathway=cpd-uk")
    page = data.decode()
    check(status == 200 and 'data-family="cpd-uk"' in page, "ann's dashboard shows cpd-uk")
    check("<pre>" not in page and "counted:" not in page, "without the full report")
    link = 'href="/?pathway=cpd-uk&amp;report=full#report-cpd-uk"'
    check(link in page, "but with a link to it")
    status, _, data = ann.get("/?pathway=cpd-uk&report=full")
    full = data.decode()
    check(status == 200 and '<details open id="report-cpd-uk">' in full, "the link opens the report")
    pre = re.search(r"<pre>(.*?)</pre>", full, re.S)
    # The page shows each line whole (the browser wraps), as --wide does on a terminal.
    cli = ledger.run("--as-of", AS_OF, "--wide", "progress", "ann", "--pathway", "cpd-uk",
                     "--explain").stdout
    check(pre is not None and html.unescape(pre.group(1)) == cli,
          "the full report is what `balint progress --explain` prints")
    table = lambda p: re.search(r'<table class="requirements.*?</table>', p, re.S).group(0)
    check(table(page) == table(full), "the requirements table is the same with the report or without")


def dashboard_after_writes(server, ledger):
    """The server keeps each dashboard it sends and sends it again while the ledger has not
    changed; every write shows on the next dashboard, whoever made it: the command line (another
    process), sqlite3 (another program), the API and the pages (this server)."""
    bob = ApiSession(server, "bob", PASSWORD)
    other = ApiSession(server, "bob", PASSWORD)  # another session: its own CSRF token in the forms

    def page():
        status, _, data = bob.get("/")
        check(status == 200, "bob's dashboard: 200")
        return data.decode()

    def sessions_total(p):
        m = re.search(r'<tr class="total"><td>total</td><td></td><td class="num">(\d+)</td>', p)
        return int(m.group(1)) if m else None

    first = page()
    n = sessions_total(first)
    check(n is not None and page() == first, "the dashboard asked for twice, nothing written between: the same page")
    ledger.run("log", "--person", "bob", "--date", "2026-11-03", "--activity", "group", "--role", "member",
               "--minutes", "45", "--group", "Thursday group", "--leader", "helen")
    cli_id = entry_ids(ledger, "bob")[-1]
    p = page()
    check(sessions_total(p) == n + 1 and f'data-label="Entry">{cli_id}' in p,
          "an entry logged with `balint log` (another process) is on the next dashboard")
    ledger.sql("UPDATE person SET name = 'Bob Renamed-by-sqlite3' WHERE id = 'bob'")
    check("Bob Renamed-by-sqlite3" in page(), "a name changed by sqlite3 (another program) is on the next dashboard")
    status, _, data = bob.post("/api/entries", {"date": "2026-11-04", "activity": "group", "role": "member",
                                                "minutes": 50, "note": "through the API"})
    check(status == 201, "bob logs an entry through the API")
    api_id = json.loads(data)["ids"][0]
    p = page()
    check(sessions_total(p) == n + 2 and f'id="void-{api_id}"' in p,
          "an entry logged through the API is on the next dashboard")
    check(bob.post(f"/api/entries/{api_id}/void", {"reason": "cache check"})[0] == 200, "bob voids it through the API")
    p = page()
    check(sessions_total(p) == n + 1 and "void: cache check" in p and f'id="void-{api_id}"' not in p,
          "the void is on the next dashboard")
    status, headers, _ = server.request(
        "POST", "/log", {"csrf": bob.csrf, "date": "2026-11-05", "activity": "group", "role": "member",
                         "minutes": "40", "note": "through the form"},
        {"Cookie": bob.cookie, "Origin": server.origin})
    check(status == 303, "bob logs an entry through the page's form")
    form_id = entry_ids(ledger, "bob")[-1]
    p = page()
    check(sessions_total(p) == n + 2 and f'id="void-{form_id}"' in p,
          "an entry logged through the form is on the next dashboard")
    check(page() == p, "and that page is sent again while nothing changes")
    status, _, data = other.get("/")
    check(status == 200 and f'value="{other.csrf}"' in data.decode() and f'value="{bob.csrf}"' not in data.decode(),
          "another session of the same person gets its own CSRF token, not the cached page's")
    ledger.sql("UPDATE person SET name = 'Bob Baker' WHERE id = 'bob'")


def sessions(server, ledger):
    # Fixation: a cookie value chosen before login is never accepted nor kept.
    planted = "balint=" + "A" * 43
    status, headers, _ = server.request("POST", "/login", {"user": "dee", "password": PASSWORD},
                                        {"Cookie": planted, "Origin": server.origin})
    check(status == 303 and headers["Set-Cookie"].split(";")[0] != planted, "login issues a new session id")
    check(server.request("GET", "/api/me", headers={"Cookie": planted})[0] == 401, "the planted id is no session")
    cookie = headers["Set-Cookie"].split(";")[0]
    check("HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"],
          "the cookie is HttpOnly; SameSite=Strict")
    check(server.request("GET", "/api/me", headers={"Cookie": cookie})[0] == 200, "the new session works")
    # A stolen cookie whose session has expired (idle, then absolute).
    ledger.sql("UPDATE account_session SET last_seen_at = last_seen_at - 3 * 3600")
    check(server.request("GET", "/api/me", headers={"Cookie": cookie})[0] == 401, "an idle-expired session is refused")
    s = ApiSession(server, "dee", PASSWORD)
    ledger.sql("UPDATE account_session SET expires_at = 1")
    check(s.get("/api/me")[0] == 401, "an absolutely expired session is refused")
    # Logout ends the session in the ledger.
    s = ApiSession(server, "dee", PASSWORD)
    check(s.post("/api/logout")[0] == 200 and s.get("/api/me")[0] == 401, "logout ends the session")
    # A disabled account: its live session and API token stop at once.
    s = ApiSession(server, "dee", PASSWORD)
    token = ledger.run("user", "token", "dee").stdout.strip()
    bearer = {"Authorization": "Bearer " + token}
    check(server.request("GET", "/api/me", headers=bearer)[0] == 200, "an API token works")
    ledger.run("user", "disable", "dee")
    check(s.get("/api/me")[0] == 401, "a disabled account's session is refused")
    check(server.request("GET", "/api/me", headers=bearer)[0] == 401, "and its API token")
    status = server.request("POST", "/api/login", {"user": "dee", "password": PASSWORD},
                            {"Content-Type": "application/json"})[0]
    check(status == 401, "and its login")


def throttle(server):
    statuses = [server.request("POST", "/api/login", {"user": "bob", "password": "wrong password!"},
                               {"Content-Type": "application/json"})[0] for _ in range(7)]
    check(statuses[:5] == [401] * 5, f"five wrong passwords: 401 each ({statuses})")
    check(429 in statuses[5:], "then the throttle answers 429")
    status, headers, _ = server.request("POST", "/api/login", {"user": "bob", "password": PASSWORD},
                                        {"Content-Type": "application/json"})
    check(status == 429 and "Retry-After" in headers, "even the right password waits (Retry-After)")


def login_timing(server):
    """A wrong password takes as long for an unknown user as for a real one (no oracle)."""
    def seconds(user):
        t = time.monotonic()
        status = server.request("POST", "/api/login", {"user": user, "password": "not the password"},
                                {"Content-Type": "application/json"})[0]
        check(status == 401, f"a wrong login for {user}: 401")
        return time.monotonic() - t
    known, unknown = [], []
    for real, made_up in zip(("ann", "helen", "cy", "ann", "helen"), ("nobody1", "nobody2", "nobody3", "nobody4", "nobody5")):
        known.append(seconds(real))      # interleaved: the machine's load falls on both alike
        unknown.append(seconds(made_up))
    known, unknown = sorted(known)[2], sorted(unknown)[2]
    # Without the dummy hash: 0.001 s against 0.15 s. A loaded machine spreads the times, so
    # the medians need only be of one order.
    check(unknown >= 0.25 * known, f"an unknown user's login takes as long ({unknown:.3f} s vs {known:.3f} s)")


def api_errors(server):
    s = ApiSession(server, "ann", PASSWORD)
    status, _, data = s.post("/api/entries", {"date": "2026-13-01", "activity": "group", "role": "member", "minutes": 60})
    check(status == 400 and "date" in json.loads(data)["error"], f"a bad date: 400 naming the field ({status} {data!r})")
    status, _, data = s.post("/api/entries", None, extra={"Content-Type": "application/json"})
    status = server.request("POST", "/api/entries", "[1,2]", {"Cookie": s.cookie, "X-CSRF-Token": s.csrf,
                                                              "Content-Type": "application/json"})[0]
    check(status == 400, "a body that is not an object: 400")
    big = "x" * (5 * 1024 * 1024)
    status = server.request("POST", "/api/entries", big, {"Cookie": s.cookie, "Content-Type": "application/json"})[0]
    check(status == 413, "a 5 MB body: 413")
    check(server.request("GET", "/api/verify/not-a-code")[0] == 400, "a malformed code: 400")


def certificate_register(server, ledger, facts):
    """The register page (secretary and auditor): search by person, name, serial or code, the
    standing filter, and a revocation's reason shown as text."""
    sec = ApiSession(server, "sec", PASSWORD)
    page = sec.get("/register?q=ANN")[2].decode()
    check(facts["serial"] in page and facts["code"] in page and 'class="current"' in page,
          "the register found by 'ANN' shows ann's certificate, current, with its code")
    page = sec.get("/register?q=" + urllib.parse.quote("able"))[2].decode()
    check(facts["serial"] in page, "a part of the holder's name, in another case, finds it too")
    page = sec.get("/register?q=nobody-has-this")[2].decode()
    check(facts["serial"] not in page and "0 shown of 0 matching" in page,
          "a search that matches nothing shows no certificate")
    attack = '"><script>alert(3)</script>\u202e'
    # A certificate issued on the server's day (it runs --as-of), which the page revokes.
    out = ledger.run("--as-of", AS_OF, "certificate", "bob", "--rules", "cpd-uk", "-p", "2026", "--out",
                     os.path.join(ledger.dir, "bob.pdf")).stdout
    facts = dict(facts, serial=re.search(r"CPD-\d{4}-\d{6}", out).group(0))
    path = f"/certificates/{facts['serial']}/revoke"
    for user in ("ann", "helen", "aud"):
        status = ApiSession(server, user, PASSWORD).post(path, {"reason": "x"})[0]
        check(status == 403, f"{user} may not revoke: 403 ({status})")
    check(sec.post("/certificates/CPD-2026-999999/revoke", {"reason": "x"})[0] == 404, "an unknown serial: 404")
    check(sec.post(path, {"reason": "  "})[0] == 400, "a revocation without a reason: 400")
    check(sec.post(path, {"reason": "x"}, csrf=False)[0] == 403, "without the CSRF token: 403")
    check(ledger.sql("SELECT count(*) FROM certificate_revocation") == "0", "none of those revoked anything")
    status, headers, _ = sec.post(path, {"reason": attack})
    check(status == 303 and headers.get("Location", "").endswith("done=revoked"),
          f"the secretary revokes it through the page's form: 303 to the register ({status})")
    check(sec.post(path, {"reason": "again"})[0] == 409, "revoking it again: 409")
    check(ledger.run("verify", os.path.join(ledger.dir, "bob.pdf"), ok=False).returncode == 1,
          "balint verify now says the certificate is not valid")
    page = sec.get("/register?standing=revoked")[2].decode()
    check(facts["serial"] in page and 'class="revoked"' in page,
          "after a revocation, the revoked filter shows it")
    check("<script" not in page.lower() and "\u202e" not in page and "&lt;script&gt;alert(3)" in page,
          "the revocation's reason is shown as text, its bidi override as an escape")
    page = sec.get("/register?standing=current")[2].decode()
    check(facts["serial"] not in page, "and the current filter no longer does")
    aud = ApiSession(server, "aud", PASSWORD).get("/register")
    check(aud[0] == 200 and facts["serial"] in aud[2].decode(), "the auditor reads the register")


def audit_pages(server, ledger):
    """The audit pages (secretary and auditor): the downloads are the bytes `balint audit` writes
    for the same options and day (CSV, JSON, PDF, the anomalies' CSV, each evidence-request
    letter); a sample's seed is kept in the address; the filters; the anomalies most severe
    first with their entries; a name made of markup, or of a spreadsheet formula, stays text."""
    L = ledger.run
    L("person", "add", "mal", "--name", "=HYPERLINK(\"http://evil.example\",\"x\")")
    for _ in range(2):  # 26 hours on one day: a high-severity anomaly
        L("log", "--person", "mal", "--date", "2026-10-02", "--activity", "group", "--role", "member",
          "--minutes", "780", "--group", "Thursday group", "--leader", "helen")
    aud = ApiSession(server, "aud", PASSWORD)
    sec = ApiSession(server, "sec", PASSWORD)
    query = "of=rules:cpd-uk&from=2026-01-01&to=2026-12-31&sample=3&seed=42"
    cli = ["--as-of", AS_OF, "audit", "--rules", "cpd-uk", "--from", "2026-01-01", "--to", "2026-12-31",
           "--sample", "3", "--seed", "42"]

    def cli_bytes(*extra):
        return subprocess.run([ledger.balint, *cli, *extra], env=ledger.env, cwd=ledger.dir,
                              capture_output=True, check=True, timeout=120).stdout

    out = tempfile.mkdtemp(dir=ledger.dir)
    cli_bytes("--pdf", os.path.join(out, "audit.pdf"), "--letters", os.path.join(out, "letters"))
    for what, path, want in [("CSV", "/audit.csv?" + query, cli_bytes("--format", "csv")),
                             ("JSON", "/audit.json?" + query, cli_bytes("--format", "json")),
                             ("anomalies CSV", "/audit.csv?" + query + "&anomalies_only=1",
                              cli_bytes("--anomalies-only", "--format", "csv")),
                             ("anomalies JSON", "/audit.json?" + query + "&anomalies_only=1",
                              cli_bytes("--anomalies-only", "--format", "json")),
                             ("PDF", "/audit.pdf?" + query, open(os.path.join(out, "audit.pdf"), "rb").read())]:
        status, headers, data = aud.get(path)
        check(status == 200 and "attachment" in headers.get("Content-Disposition", ""),
              f"the audit's {what} downloads ({status})")
        check(data == want, f"the downloaded {what} is byte for byte what `balint audit` writes")
    csv_text = cli_bytes("--format", "csv").decode()
    check("'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text,
          "a name made of a formula is written with a leading ' in the CSV")
    letters = sorted(os.listdir(os.path.join(out, "letters")))
    check(len(letters) == 3, f"the command writes three letters ({letters})")
    page = aud.get("/audit?" + query)[2].decode()
    for name in letters:
        person = name[len("evidence-request-"):-len(".pdf")]
        check(f'/audit/letters/{person}?' in page, f"the sample on the page links {person}'s letter")
        status, _, data = aud.get(f"/audit/letters/{person}?{query}")
        check(status == 200 and data == open(os.path.join(out, "letters", name), "rb").read(),
              f"{person}'s letter is byte for byte the command's")
    drawn = {n[len("evidence-request-"):-len(".pdf")] for n in letters}
    undrawn = next(p for p in ("ann", "bob", "cy", "dee", "eve", "helen", "otto", "mal") if p not in drawn)
    check(aud.get(f"/audit/letters/{undrawn}?{query}")[0] == 404, "a letter of someone not drawn: 404")
    check(aud.get("/audit/letters/ann?of=rules:cpd-uk")[0] == 400, "a letter without a sample: 400")
    check("drawn with seed 42" in page, "the page shows the sample's seed")
    # The hostile names are text on the page.
    check("<script" not in page.lower() and "\u202e" not in page, "no script and no bidi override on the audit page")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\u27e8U+202E\u27e9" in page,
          "eve's name shows as text, its bidi override as its code")
    # A sample without a seed: a fresh one, put in the address so the page, downloads and letters agree.
    status, headers, _ = sec.get("/audit?of=pathway:bbs-leader&sample=1&q=zo")
    location = headers.get("Location", "")
    check(status == 303 and re.search(r"[?&]seed=\d+", location) and "sample=1" in location and "q=zo" in location,
          f"a sample without a seed redirects to one with a fresh seed ({location})")
    status, _, data = sec.get(location)
    check(status == 200 and 'href="/audit/letters/zoe?' in data.decode(), "which draws zoe, the one enrolled")
    # Filters: a part of a name in another case, a standing.
    page = aud.get("/audit?of=rules:cpd-uk&q=BAKER")[2].decode()
    check("(<bdi>bob</bdi>)" in page and "(<bdi>ann</bdi>)" not in page, "the name search finds bob by 'BAKER' alone")
    page = aud.get("/audit?of=rules:cpd-uk&standing=anomalies&q=mal")[2].decode()
    check("(<bdi>mal</bdi>)" in page and "1 shown of" in page, "the anomalies standing keeps mal")
    # The anomalies, most severe first, with the entries behind each.
    page = aud.get("/audit/anomalies?of=rules:cpd-uk&from=2026-01-01&to=2026-12-31")[2].decode()
    severities = re.findall(r'<tr role="row" class="(high|medium|low)">', page)
    order = {"high": 0, "medium": 1, "low": 2}
    check(severities and severities[0] == "high" and
          [order[s] for s in severities] == sorted(order[s] for s in severities),
          f"the anomalies are listed most severe first ({severities[:4]}...)")
    day = re.search(r'<tr role="row" class="high"><td role="cell" class="title">day-over-24h</td>.*?</tr>',
                    page, re.S)
    mal_ids = entry_ids(ledger, "mal")
    check(day is not None and "(<bdi>mal</bdi>)" in day.group(0) and
          all(f"entry {i}:" in day.group(0) for i in mal_ids) and "13.00 hours" in day.group(0),
          "the 26-hour day is among the high ones, with both its entries")
    check("<script" not in page.lower() and "\u202e" not in page, "no script and no bidi override on the anomalies page")
    # Hostile and wrong queries answer with the form and a reason, as text.
    attack = '"><script>alert(4)</script>\u202e'
    for what, path in [("an unknown pathway", "/audit?of=pathway:" + urllib.parse.quote(attack)),
                       ("a day that is not a date", "/audit?from=" + urllib.parse.quote(attack)),
                       ("a search of markup", "/audit?q=" + urllib.parse.quote(attack)),
                       ("a seed that is not a number", "/audit/anomalies?sample=2&seed=" + urllib.parse.quote(attack)),
                       ("a download of an unknown rule set", "/audit.csv?of=rules:nope")]:
        status, headers, data = aud.get(path)
        text = data.decode()
        check(status in (200, 400) and headers.get("Content-Type", "").startswith("text/html"),
              f"{what}: an HTML page ({status})")
        check("<script" not in text.lower() and "\u202e" not in text, f"{what}: no markup from the query")
    check(aud.get("/audit?of=pathway:nope")[0] == 400, "an unknown pathway: 400")
def activity_log(server, ledger):
    """The activity log (secretary and auditor): the writes of this test's pages and of the
    API, each once, with who made them; filters; the CSV download; reading it writes nothing."""
    before = int(ledger.sql("SELECT count(*) FROM activity"))
    sec = ApiSession(server, "sec", PASSWORD)
    status, _, data = sec.post("/api/entries", {"person": "bob", "date": "2026-11-02", "activity": "group",
                                                "role": "member", "minutes": 45})
    entry = json.loads(data)["ids"][0] if status == 201 else None
    check(status == 201, f"the secretary logs an entry for bob through the API ({status} {data!r})")
    check(sec.post(f"/api/entries/{entry}/void", {"reason": "=cmd|' /C calc'!A0"})[0] == 200, "and voids it")
    check(int(ledger.sql("SELECT count(*) FROM activity")) == before + 2, "two writes, two rows")
    check(ledger.sql("SELECT actor || ' ' || operation || ' ' || subject FROM activity ORDER BY id DESC LIMIT 1")
          == f"web:sec void {entry}", "the void is recorded as the secretary's account")
    aud = ApiSession(server, "aud", PASSWORD)
    status, _, data = aud.get("/activity?person=bob")
    page = data.decode()
    check(status == 200 and "web:sec" in page and f"entry <bdi>{entry}</bdi>" in page,
          "the auditor's page filtered by bob shows the secretary's void of bob's entry")
    check("certificate revoke" in page and "<script" not in page.lower() and "\u202e" not in page,
          "and the page's revocation (a reason made of markup) shows as text")
    check(aud.get("/activity?since=2026-13-01")[0] == 400, "a date that is not one: 400")
    check("0 shown, newest first, of 0 matching" in aud.get("/activity?until=2000-01-01")[2].decode(),
          "a range before any write shows no row")
    status, headers, data = aud.get("/activity.csv?person=bob")
    lines = data.decode().splitlines()
    check(status == 200 and headers.get("Content-Type", "").startswith("text/csv")
          and "attachment" in headers.get("Content-Disposition", ""), "the CSV is a download")
    check(lines[0] == "at,actor,operation,subject,people,detail", f"the CSV's header ({lines[0]!r})")
    void_row = [line for line in lines if f",web:sec,void,entry {entry}," in line]
    check(len(void_row) == 1 and void_row[0].endswith(',"{""reason"":""=cmd|\' /C calc\'!A0""}"'),
          f"the CSV quotes the JSON detail; a cell never begins with '=' ({void_row!r})")
    check(int(ledger.sql("SELECT count(*) FROM activity")) == before + 2, "reading the log wrote nothing")
    cli = ledger.run("activity", "--format", "json")  # the command line reads the same rows
    check(json.loads(cli.stdout)[-1]["operation"] == "void", "balint activity ends with the void")


def certificate_issuing(server, ledger):
    """Issuing from the browser (secretary): the plan for three people, one of whose name no
    installed font can draw; the confirm issues exactly that plan and is refused when the ledger
    changed in between, without the CSRF token, and to everyone but the secretary; the result
    lists what was issued and what was not printed; the holder's dashboard announces it and
    balint verify accepts the downloaded file."""
    L = ledger.run
    L("person", "add", "kim", "--name", "\u6797\U0002a6a5")  # CJK extension B: no font has it
    L("log", "--person", "kim", "--date", "2026-10-01", "--activity", "group", "--role", "member",
      "--minutes", "90", "--group", "Thursday group", "--leader", "helen")
    count = lambda: int(ledger.sql("SELECT count(*) FROM certificate"))
    before = count()
    sec, aud = ApiSession(server, "sec", PASSWORD), ApiSession(server, "aud", PASSWORD)
    query = "/issue?rules=cpd-uk&period=2026&people=" + urllib.parse.quote("cy dee,kim")
    form = {"rules": "cpd-uk", "period": "2026", "people": "cy dee,kim"}
    digest = lambda page: re.search(r'name="digest" value="([0-9a-f]{64})"', page).group(1)
    status, _, data = sec.get(query)
    page = data.decode()
    planned = page[page.index('id="planned"'):page.index("</table>", page.index('id="planned"'))]
    check(status == 200 and "Cy Clark" in planned and "Dee Dane" in planned and "kim" not in planned,
          f"the plan lists cy and dee ({status})")
    check('id="unprintable"' in page and "kim" in page[page.index('id="unprintable"'):],
          "and kim under 'not printed', with the reason")
    old = digest(page)
    page = aud.get(query)[2].decode()
    check("Dee Dane" in page and 'name="digest"' not in page, "the auditor sees the plan, no button")
    for user in ("cy", "helen", "aud"):
        got = ApiSession(server, user, PASSWORD).post("/issue", dict(form, digest=old))[0]
        check(got == 403, f"{user} may not issue: 403 ({got})")
    check(sec.post("/issue", dict(form, digest=old), csrf=False)[0] == 403, "without the CSRF token: 403")
    # The ledger changes between plan and confirm: cy's figures grow.
    L("log", "--person", "cy", "--date", "2026-10-08", "--activity", "group", "--role", "member",
      "--minutes", "60", "--group", "Thursday group", "--leader", "helen")
    status, _, data = sec.post("/issue", dict(form, digest=old))
    check(status == 409 and "has changed" in data.decode() and count() == before,
          f"a confirm of a plan the ledger no longer gives: 409, nothing issued ({status})")
    new = digest(data.decode())
    check(new != old, "the page shows the new plan to confirm")
    status, _, data = sec.post("/issue", dict(form, digest=new))
    page = data.decode()
    issued = re.findall(r'href="/certificates/(CPD-\d{4}-\d{6})\?revision=1"', page)
    check(status == 200 and len(issued) == 2 and count() == before + 2,
          f"the confirm issues the two planned ({status}, {issued})")
    check('id="unprintable"' in page and "kim" in page[page.index('id="unprintable"'):],
          "the result lists kim as not printed")
    check(ledger.sql("SELECT count(*) FROM certificate WHERE person = 'kim'") == "0", "kim has none")
    check(sec.post("/issue", dict(form, digest=new))[0] == 409 and count() == before + 2,
          "the same confirm again (a reload) issues nothing: 409")
    cy = ApiSession(server, "cy", PASSWORD)
    serial = ledger.sql("SELECT serial FROM certificate WHERE person = 'cy'")
    check(serial in issued and 'class="done new-certificate"' in cy.get("/")[2].decode(),
          "cy's dashboard announces the new certificate")
    status, headers, pdf = cy.get(f"/certificates/{serial}")
    path = os.path.join(ledger.dir, "cy-web.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    check(status == 200 and ledger.run("verify", path, ok=False).returncode == 0,
          f"balint verify accepts the downloaded certificate ({status})")


def health(server):
    """/healthz, for a process supervisor: answered without a session, by a query of the ledger."""
    status, got, data = server.request("GET", "/healthz")
    text = data.decode() if isinstance(data, bytes) else data
    check(status == 200 and text.startswith("ok: ledger schema "), f"/healthz: 200 ok ({status} {text!r})")
    check(got.get("Content-Type", "").startswith("text/plain"), "/healthz is plain text")


def behind_proxy(ledger):
    """--behind-proxy: X-Forwarded-Proto https from the (loopback) proxy makes the cookie Secure;
    without --behind-proxy the same header is ignored, and without it the cookie is not Secure."""
    def login_cookie(server, headers):
        h = dict({"Content-Type": "application/json"}, **headers)
        status, got, _ = server.request("POST", "/api/login", {"user": "ann", "password": PASSWORD}, h)
        check(status == 200, f"login through {headers or 'no proxy header'}: 200 ({status})")
        return got["Set-Cookie"]
    proxied = Server(ledger, "--behind-proxy")
    try:
        check("; Secure" in login_cookie(proxied, {"X-Forwarded-Proto": "https"}),
              "behind a proxy that says https, the session cookie is Secure")
        check("Secure" not in login_cookie(proxied, {}), "without the proxy's header it is not")
    finally:
        check(proxied.stop() == 0, "the proxied server stops cleanly")
    direct = Server(ledger)
    try:
        check("Secure" not in login_cookie(direct, {"X-Forwarded-Proto": "https"}),
              "without --behind-proxy, X-Forwarded-Proto is not trusted")
    finally:
        direct.stop()


def graceful_stop(ledger):
    """SIGTERM while a request is half sent: that request is still answered in full and its
    entry written; the server then exits 0."""
    import signal, socket
    server = Server(ledger)
    s = ApiSession(server, "cy", PASSWORD)
    before = int(ledger.sql("SELECT count(*) FROM entry WHERE person = 'cy'"))
    body = json.dumps({"date": "2026-11-03", "activity": "group", "role": "member", "minutes": 45}).encode()
    head = (f"POST /api/entries HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nCookie: {s.cookie}\r\n"
            f"X-CSRF-Token: {s.csrf}\r\nOrigin: {server.origin}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    c = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    c.sendall(head + body[:10])
    time.sleep(0.5)
    server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    c.sendall(body[10:])
    reply = b""
    while chunk := c.recv(65536):
        reply += chunk
    c.close()
    check(reply.startswith(b"HTTP/1.1 201"), f"the request in flight at SIGTERM is answered: {reply[:40]!r}")
    check(server.proc.wait(timeout=30) == 0, "then the server exits 0")
    server.log.close()
    check(int(ledger.sql("SELECT count(*) FROM entry WHERE person = 'cy'")) == before + 1,
          "and the entry of that request is in the ledger")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    args = ap.parse_args()
    ledger = Ledger(args.balint)
    facts = society(ledger)
    refused = ledger.run("serve", "--listen", "0.0.0.0:8089", ok=False)
    check(refused.returncode == 2 and "without TLS" in refused.stderr, "a public address without TLS is refused")
    server = Server(ledger)
    try:
        authorisation_table(server, ledger, facts)
        csrf_and_origin(server, ledger)
        hostile_names(server, ledger)
        hostile_input_on_every_page(server, ledger)
        dashboard_full_report(server, ledger)
        dashboard_after_writes(server, ledger)
        sessions(server, ledger)
        api_errors(server)
        health(server)
        certificate_register(server, ledger, facts)
        audit_pages(server, ledger)
        activity_log(server, ledger)
        certificate_issuing(server, ledger)
        login_timing(server)
        throttle(server)
    finally:
        rc = server.stop()
    check(rc == 0, "SIGTERM stops the server cleanly")
    log = open(server.log.name).read()
    check("GET /api/me 200" in log and "ann" in log, "one log line per request, with the user")
    check("token=" not in log, "no secret in the log")
    behind_proxy(ledger)   # after the log checks: each new Server writes serve.log afresh
    graceful_stop(ledger)
    print("http_test: all passed")


if __name__ == "__main__":
    run_main(main)
