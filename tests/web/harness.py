"""Shared by the web tests: a temporary ledger, a running `balint serve`, HTTP helpers."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AS_OF = "2026-11-25"


class Fail(Exception):
    pass


def run_main(main):
    """Runs a test's main(): a Fail is printed as "FAIL: why" and exits 1; main's return
    value (None for 0) is the exit code."""
    try:
        sys.exit(main() or 0)
    except Fail as e:
        print("FAIL:", e, flush=True)
        sys.exit(1)


def check(cond, what):
    if not cond:
        raise Fail(what)
    print("ok:", what, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Ledger:
    def __init__(self, balint):
        self.balint = os.path.abspath(balint)
        self.dir = tempfile.mkdtemp(prefix="balint-web-")
        self.env = dict(os.environ, BALINT_DB=os.path.join(self.dir, "ledger.sqlite"),
                        HOME=self.dir, XDG_CONFIG_HOME=os.path.join(self.dir, "config"),
                        TZ="UTC", LC_ALL="C.UTF-8")

    def run(self, *args, stdin=None, ok=True):
        p = subprocess.run([self.balint, *args], env=self.env, input=stdin, capture_output=True,
                           text=True, cwd=self.dir, timeout=120)
        if ok and p.returncode != 0:
            raise Fail(f"balint {' '.join(args)}: rc {p.returncode}: {p.stderr}")
        return p

    def sql(self, query):
        return subprocess.run(["sqlite3", self.env["BALINT_DB"], query], capture_output=True,
                              text=True, check=True).stdout.strip()


class Server:
    def __init__(self, ledger, *extra):
        self.port = free_port()
        self.log = open(os.path.join(ledger.dir, "serve.log"), "w")
        self.proc = subprocess.Popen([ledger.balint, "--as-of", AS_OF, "serve", "--listen",
                                      f"127.0.0.1:{self.port}", *extra], env=ledger.env,
                                     stderr=self.log, cwd=ledger.dir)
        for _ in range(100):
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise Fail("the server did not start")

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = dict(headers or {})
        h.setdefault("Host", f"127.0.0.1:{self.port}")
        if isinstance(body, dict):
            if h.get("Content-Type") == "application/json":
                body = json.dumps(body)
            else:
                body = urllib.parse.urlencode(body, doseq=True)
                h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=30)
        self.log.close()
        return rc


class ApiSession:
    """A logged-in JSON client: cookie and CSRF token."""

    def __init__(self, server, user, password):
        self.server = server
        status, headers, body = server.request(
            "POST", "/api/login", {"user": user, "password": password},
            {"Content-Type": "application/json"})
        if status != 200:
            raise Fail(f"login of {user}: {status} {body!r}")
        self.cookie = headers["Set-Cookie"].split(";")[0]
        self.csrf = json.loads(body)["csrf"]

    def get(self, path):
        return self.server.request("GET", path, headers={"Cookie": self.cookie})

    def post(self, path, body=None, csrf=True, origin=True, extra=None):
        h = {"Cookie": self.cookie, "Content-Type": "application/json"}
        if csrf:
            h["X-CSRF-Token"] = self.csrf
        if origin is True:
            h["Origin"] = self.server.origin
        elif origin:
            h["Origin"] = origin
        h.update(extra or {})
        return self.server.request("POST", path, body or {}, h)


PASSWORD = "correct horse battery"
EVIL = "<script>alert(1)</script> \u202eevil\u202c"


def society(ledger):
    """A small society: a leader (helen) of "Thursday group", members zoe (no account yet),
    ann, bob, cy, dee (another group's member), eve (a name made to attack pages); a CPD
    certificate issued to ann."""
    L = ledger.run
    L("init")
    L("person", "add", "helen", "--name", "Helen Barker")
    L("person", "add", "otto", "--name", "Otto Leader")
    for pid, name in [("zoe", "Zoe Example"), ("ann", "Ann Able"), ("bob", "Bob Baker"),
                      ("cy", "Cy Clark"), ("dee", "Dee Dane")]:
        L("person", "add", pid, "--name", name)
    # The name of a person made before names were checked (SPEC §8 now refuses bidi controls).
    L("person", "add", "eve", "--name", "Eve")
    ledger.sql(f"UPDATE person SET name = '{EVIL}' WHERE id = 'eve'")
    L("enrol", "zoe", "--family", "bbs-leader", "--on", "2025-01-10")
    L("log", "--person", "helen", "--date", "2026-10-01", "--activity", "group", "--role", "leader",
      "--minutes", "90", "--group", "Thursday group")
    L("log", "--person", "otto", "--date", "2026-10-01", "--activity", "group", "--role", "leader",
      "--minutes", "90", "--group", "Friday group")
    for pid in ("ann", "bob", "cy", "eve"):
        L("log", "--person", pid, "--date", "2026-10-01", "--activity", "group", "--role", "member",
          "--minutes", "90", "--group", "Thursday group", "--leader", "helen")
    L("log", "--person", "dee", "--date", "2026-10-01", "--activity", "group", "--role", "member",
      "--minutes", "90", "--group", "Friday group", "--leader", "otto")
    for pid, role in [("helen", "leader"), ("otto", "leader"), ("ann", "member"), ("bob", "member"),
                      ("cy", "member"), ("dee", "member"), ("eve", "member")]:
        L("user", "add", pid, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    L("person", "add", "sec", "--name", "Sam Secretary")
    L("user", "add", "sec", "--role", "secretary", "--password-stdin", stdin=PASSWORD + "\n")
    L("person", "add", "aud", "--name", "Ada Auditor")
    L("user", "add", "aud", "--role", "auditor", "--password-stdin", stdin=PASSWORD + "\n")
    L("keys", "init")
    out = L("certificate", "ann", "--rules", "cpd-uk", "-p", "2026", "--out",
            os.path.join(ledger.dir, "ann.pdf")).stdout
    code = re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", out)
    serial = re.search(r"CPD-\d{4}-\d{6}", out)
    return {"code": code.group(0), "serial": serial.group(0)}


def entry_ids(ledger, person):
    return [int(x) for x in ledger.sql(f"SELECT id FROM entry WHERE person = '{person}' ORDER BY id").split()]
