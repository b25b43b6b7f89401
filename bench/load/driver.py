#!/usr/bin/env python3
"""Load and kill -9 test of `balint serve` (bench/load/README.md). Standard library only.

  driver.py prepare --balint B --db LEDGER [--members 200 --leaders 20]
      Accounts on LEDGER (kept there, made once): MEMBERS members and LEADERS leaders, people of
      the ledger enrolled in a pathway; each leader leads "Load group NN" (an entry as its
      leader), each member belongs to one of those groups; a secretary; a signing key.
      Writes LEDGER.load.json (who is who).

  driver.py run --balint B --db LEDGER [--seconds 300] [--kill N] [--out DIR] ...
      Serves LEDGER on loopback and drives it for --seconds: every member and leader logs in
      once (the session is kept), then loops: dashboard, log a session (the server's answer:
      the new entry's id), now and then a personal entry voided again, a progress PDF; leaders
      also their groups page and confirm their members' entries. The secretary uploads a CSV of
      --import-rows entries through /import and issues certificates through /issue; the command
      line runs `balint audit` on the same ledger. With --kill N the server is killed with
      SIGKILL at N seeded random moments and started again. Then, server stopped: PRAGMA
      integrity_check, every acknowledged write in the ledger (entries by id and note,
      confirmations, voids, the import's rows all or none, certificates), nothing half-issued.
      Prints the figures; writes DIR/result.json. Exit 0 when every check passed and no request
      failed (requests cut by a kill are counted apart and are not failures).
"""
import argparse
import hashlib
import http.client
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

PASSWORD = "load-test-password-not-secret"
SECRETARY = "load-secretary"
IMPORT_NOTE = "load-import-"
CERT_RULES = "cpd-uk"
CERT_PERIOD = "2026"
AUDIT_RULES = "bbs-leader-2023"
ENTRY_DATES = [f"2026-11-{d:02d}" for d in range(2, 28)]


class Fail(Exception):
    pass


def group_name(i):
    return f"Load group {i + 1:02d}"


# ---- prepare -----------------------------------------------------------------------------------

def balint_cmd(balint, db, *args, stdin=None, timeout=600):
    p = subprocess.run([balint, "--db", db, *args], input=stdin, capture_output=True, text=True,
                       timeout=timeout)
    if p.returncode != 0:
        raise Fail(f"balint {' '.join(args)}: rc {p.returncode}: {p.stderr.strip()[:500]}")
    return p.stdout


def prepare(args):
    db = args.db
    plan_file = db + ".load.json"
    con = sqlite3.connect(db)
    enrolled = [r[0] for r in con.execute(
        "SELECT DISTINCT person FROM enrolment WHERE person IN (SELECT person FROM entry "
        "WHERE date BETWEEN '2026-01-01' AND '2026-11-30') ORDER BY person")]
    con.close()
    need = args.members + args.leaders
    if len(enrolled) < need:
        raise Fail(f"the ledger has {len(enrolled)} people enrolled in a pathway with entries in "
                   f"2026; {need} needed")
    rng = random.Random(args.seed)
    chosen = rng.sample(enrolled, need)
    leaders = sorted(chosen[:args.leaders])
    members = sorted(chosen[args.leaders:])
    plan = {"password": PASSWORD, "secretary": SECRETARY,
            "leaders": [{"id": p, "group": group_name(i)} for i, p in enumerate(leaders)],
            "members": [{"id": p, "group": group_name(i % args.leaders)}
                        for i, p in enumerate(members)]}
    users = set(balint_cmd(args.balint, db, "user", "list").split())
    # Each leader leads their group: an entry as its leader (one import for all).
    seed_csv = db + ".load-leaders.csv"
    with open(seed_csv, "w") as f:
        f.write("person,date,activity,role,minutes,group,note\n")
        for ld in plan["leaders"]:
            f.write(f"{ld['id']},2026-11-01,group,leader,90,{ld['group']},load-seed\n")
    balint_cmd(args.balint, db, "-q", "import", "entries", seed_csv)
    os.unlink(seed_csv)
    con = sqlite3.connect(db)
    has_secretary = con.execute("SELECT count(*) FROM person WHERE id = ?", (SECRETARY,)).fetchone()[0]
    con.close()
    if not has_secretary:
        balint_cmd(args.balint, db, "person", "add", SECRETARY, "--name", "Load Secretary")
    # The first account with its password through `balint user add --password-stdin` (an
    # Argon2id hash, about a second on a busy machine); the others made by `balint user add`
    # without one and then given the same hash (the same password), so that 221 accounts take
    # seconds, not minutes.
    made = []
    for who, role in ([(SECRETARY, "secretary")] + [(ld["id"], "leader") for ld in plan["leaders"]]
                      + [(m["id"], "member") for m in plan["members"]]):
        if who in users:
            continue
        if not made:
            balint_cmd(args.balint, db, "user", "add", who, "--role", role, "--password-stdin",
                       stdin=PASSWORD + "\n")
        else:
            balint_cmd(args.balint, db, "user", "add", who, "--role", role)
        made.append(who)
    if len(made) > 1:
        con = sqlite3.connect(db)
        with con:
            con.executemany(
                "UPDATE account SET password_hash = (SELECT password_hash FROM account WHERE "
                "person = ?) WHERE person = ?", [(made[0], who) for who in made[1:]])
        con.close()
    if not os.path.exists(db + ".key"):
        balint_cmd(args.balint, db, "keys", "init")
    with open(plan_file, "w") as f:
        json.dump(plan, f, indent=1)
    print(f"prepare: {len(members)} members, {len(leaders)} leaders, a secretary; "
          f"{len(made)} accounts made now; {plan_file}", flush=True)


# ---- the server --------------------------------------------------------------------------------

def proc_status(pid):
    """VmHWM and VmRSS in kB, and user + system CPU seconds, of a running process."""
    out = {"hwm": 0, "rss": 0, "cpu": 0.0}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    out["hwm"] = int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    out["rss"] = int(line.split()[1])
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        out["cpu"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        pass
    return out


class ServerProcess:
    """`balint serve` on loopback: started, watched (peak memory, CPU), killed, started again."""

    def __init__(self, args, port, log_path):
        self.args, self.port, self.log_path = args, port, log_path
        self.proc = None
        self.lock = threading.Lock()
        self.epoch = 0          # raised at every kill: a request begun before it may be cut
        self.down = False
        self.incarnations = []  # {"pid", "hwm_kb", "cpu_s", "ended"}
        self.current = None

    def start(self, timeout=120):
        log = open(self.log_path, "a")
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
        cmd = [self.args.balint, "--db", self.args.db, "serve", "--listen",
               f"127.0.0.1:{self.port}", "--threads", str(self.args.threads),
               # Every simulated user comes from 127.0.0.1, where a society's members come
               # from their own addresses (or through a proxy, not counted): the cap of
               # connections from one address (32 by default) is lifted to the server's whole cap.
               "--max-per-address", "1024"]
        self.proc = subprocess.Popen(cmd, stderr=log, stdout=subprocess.DEVNULL, env=env)
        log.close()
        self.current = {"pid": self.proc.pid, "hwm_kb": 0, "cpu_s": 0.0, "ended": None}
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise Fail(f"balint serve exited with {self.proc.returncode} on starting "
                           f"(log: {self.log_path})")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                c.request("GET", "/healthz")
                ok = c.getresponse().status == 200
                c.close()
                if ok:
                    with self.lock:
                        self.incarnations.append(self.current)
                        self.down = False
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise Fail(f"balint serve did not answer /healthz within {timeout} s")

    def sample(self):
        with self.lock:
            if self.proc is None or self.current is None or self.proc.poll() is not None:
                return
            s = proc_status(self.proc.pid)
            self.current["hwm_kb"] = max(self.current["hwm_kb"], s["hwm"], s["rss"])
            self.current["cpu_s"] = max(self.current["cpu_s"], s["cpu"])

    def kill(self):
        self.sample()
        with self.lock:
            self.down = True
            self.epoch += 1
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=60)
        self.current["ended"] = "SIGKILL"

    def stop(self):
        self.sample()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait(timeout=60)
        self.current["ended"] = f"SIGTERM, exit {rc}"
        return rc


# ---- measuring ---------------------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = {}       # route -> [ms]
        self.status = {}        # route -> {status: count}
        self.errors = []        # (route, what)
        self.cut = {}           # route -> requests cut by a kill (kill mode only)
        self.acked_entries = {}  # note -> id
        self.unacked_entries = []  # notes of writes left unanswered (a kill, a timeout)
        self.acked_confirms = {}  # entry id -> leader
        self.acked_voids = set()
        self.imports = []       # {"seconds", "added", "present", "status"}
        self.issued = []        # serials (with revision) the server said it issued
        self.issue_conflicts = 0
        self.audits = []        # {"seconds", "rc"}

    def record(self, route, ms, status):
        with self.lock:
            self.latency.setdefault(route, []).append(ms)
            s = self.status.setdefault(route, {})
            s[status] = s.get(status, 0) + 1

    def error(self, route, what, counted=False):
        """A request that failed; `counted`: its status is counted already (an HTTP answer)."""
        with self.lock:
            self.errors.append((route, what))
            if not counted:
                s = self.status.setdefault(route, {})
                key = what.split(":")[0]
                s[key] = s.get(key, 0) + 1

    def cut_by_kill(self, route):
        with self.lock:
            self.cut[route] = self.cut.get(route, 0) + 1


class Stopped(Exception):
    """The run's time is up."""


class Cut(Exception):
    """A request whose connection a kill of the server cut (kill mode)."""


class Client:
    """One simulated browser: its own connection (kept alive, as a browser does, and opened
    again after --idle-close seconds unused: the server closes it after 5), its session."""

    def __init__(self, run, user):
        self.run, self.user = run, user
        self.conn = None
        self.conn_epoch = 0  # the server's epoch when the connection was opened
        self.last_used = 0.0
        self.keep_for = run.args.idle_close
        self.answered = False  # whether the last request had an answer
        self.cookie = None
        self.csrf = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, route, method, path, body=None, headers=None, expect=(200,)):
        run = self.run
        h = {"Host": f"127.0.0.1:{run.port}"}
        if self.cookie:
            h["Cookie"] = self.cookie
        if method == "POST":
            h["Origin"] = f"http://127.0.0.1:{run.port}"
            if self.csrf:
                h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        if not run.args.keep_alive:
            h["Connection"] = "close"
        epoch = run.server.epoch
        if self.conn is not None and (time.monotonic() - self.last_used > self.keep_for
                                      or self.conn_epoch != epoch):
            self.close()  # unused too long, or opened to a server since killed
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", run.port, timeout=run.args.timeout)
            self.conn_epoch = epoch
        t0 = time.monotonic()
        self.answered = False
        try:
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
            data = r.read()
            self.answered = True
        except (OSError, http.client.HTTPException) as e:
            self.close()
            if run.killing and (run.server.down or run.server.epoch != epoch):
                run.tally.cut_by_kill(route)
                raise Cut() from e
            run.tally.error(route, f"{type(e).__name__}: {e}")
            raise Fail(f"{route}: {e}") from e
        ms = (time.monotonic() - t0) * 1000
        self.last_used = time.monotonic()
        if r.will_close:
            self.close()
        else:  # kept no longer than the server says it keeps it (Keep-Alive: timeout=N)
            m = re.search(r"timeout=(\d+)", r.getheader("Keep-Alive") or "")
            self.keep_for = min(run.args.idle_close, int(m.group(1)) - 0.5) if m else run.args.idle_close
        run.tally.record(route, ms, r.status)
        if r.status not in expect:
            run.tally.error(route, f"HTTP {r.status} {method} {path}: {data[:300]!r}", True)
            raise Fail(f"{route}: HTTP {r.status}")
        return r, data

    def login(self):
        body = json.dumps({"user": self.user, "password": self.run.plan["password"]})
        r, data = self.request("login", "POST", "/api/login", body,
                               {"Content-Type": "application/json"})
        self.cookie = r.getheader("Set-Cookie").split(";")[0]
        self.csrf = json.loads(data)["csrf"]
        with self.run.tally.lock:
            self.run.logged_in.add(self.user)

    def post_json(self, route, path, obj, expect=(200,)):
        return self.request(route, "POST", path, json.dumps(obj),
                            {"Content-Type": "application/json"}, expect)

    def post_form(self, route, path, fields, expect=(200,)):
        fields = dict(fields, csrf=self.csrf)
        return self.request(route, "POST", path, urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"}, expect)


class Run:
    def __init__(self, args):
        self.args = args
        with open(args.db + ".load.json") as f:
            self.plan = json.load(f)
        self.port = args.port or free_port()
        self.tally = Tally()
        self.killing = args.kill > 0
        self.stop = threading.Event()
        self.queues = {ld["group"]: [] for ld in self.plan["leaders"]}  # ids to confirm
        self.qlock = threading.Lock()
        os.makedirs(args.out, exist_ok=True)
        self.server = ServerProcess(args, self.port, os.path.join(args.out, "serve.log"))
        self.started = None
        self.logged_in = set()  # who has had a session (Client.login)

    # -- the simulated people --
    def think(self, rng):
        lo, hi = self.args.think
        if self.stop.wait(rng.uniform(lo, hi)):
            raise Stopped()

    def until_up(self):
        while self.server.down and not self.stop.is_set():
            time.sleep(0.2)

    def person(self, who, group, leader, seed):
        rng = random.Random(seed)
        self.stop.wait(rng.uniform(0, self.args.ramp))
        c = Client(self, who)
        n = 0
        pdf_link = None
        while not self.stop.is_set():
            try:
                if c.cookie is None:
                    c.login()
                    self.think(rng)
                    continue
                r, page = c.request("dashboard", "GET", "/")
                m = re.search(rb'href="(/progress\.pdf\?pathway=[^"]+)"', page)
                pdf_link = m.group(1).decode() if m else pdf_link
                self.think(rng)
                if leader:
                    c.request("groups", "GET", "/groups")
                    with self.qlock:
                        todo = self.queues[group][:self.args.confirms]
                        del self.queues[group][:len(todo)]
                    for entry_id in todo:
                        try:
                            c.post_json("confirm", f"/api/entries/{entry_id}/confirm", {})
                            with self.tally.lock:
                                self.tally.acked_confirms[entry_id] = who
                        except Fail:
                            pass
                    self.think(rng)
                n += 1
                note = f"load-{who}-{n}"
                body = {"date": rng.choice(ENTRY_DATES), "activity": "group",
                        "role": "leader" if leader else "member", "minutes": 90,
                        "group": group, "note": note}
                self.log_entry(c, note, body, None if leader else group)
                if not leader and rng.random() < self.args.void_share:
                    n += 1
                    note = f"load-{who}-{n}"
                    body = {"date": rng.choice(ENTRY_DATES), "activity": "supervision",
                            "role": "supervisee", "minutes": 60, "note": note}
                    entry_id = self.log_entry(c, note, body, None)
                    if entry_id is not None:
                        c.post_json("void", f"/api/entries/{entry_id}/void",
                                    {"reason": "logged by mistake (load test)"})
                        with self.tally.lock:
                            self.tally.acked_voids.add(entry_id)
                if pdf_link and rng.random() < self.args.pdf_share:
                    r, data = c.request("progress.pdf", "GET", pdf_link)
                    if not data.startswith(b"%PDF-"):
                        self.tally.error("progress.pdf", "not a PDF", True)
                self.think(rng)
            except Cut:
                self.until_up()
            except Fail:
                try:
                    self.think(rng)
                except Stopped:
                    break
            except Stopped:
                break
        c.close()

    def log_entry(self, c, note, body, confirm_group):
        try:
            r, data = c.post_json("log", "/api/entries", body, expect=(201,))
        except (Cut, Fail) as e:  # no answer (cut, timed out: it may have been written) or a refusal
            if not c.answered:
                with self.tally.lock:
                    self.tally.unacked_entries.append(note)
            raise
        entry_id = json.loads(data)["ids"][0]
        with self.tally.lock:
            self.tally.acked_entries[note] = entry_id
        if confirm_group:
            with self.qlock:
                self.queues[confirm_group].append(entry_id)
        return entry_id

    # -- the secretary --
    def secretary(self):
        rng = random.Random(self.args.seed + 1)
        c = Client(self, self.plan["secretary"])
        import_at = self.started + self.args.import_at * self.args.seconds
        self.import_again = True
        next_issue = self.started + self.args.issue_every / 2
        while not self.stop.is_set():
            try:
                if c.cookie is None:
                    c.login()
                    continue
                if self.import_again and time.monotonic() >= import_at:
                    try:  # once; again only when a kill cut it (Cut passes through)
                        self.import_csv(c)
                        self.import_again = False
                    except Fail:
                        self.import_again = False
                        raise
                    continue
                if self.args.issue_every > 0 and time.monotonic() >= next_issue:
                    next_issue = time.monotonic() + self.args.issue_every
                    self.issue(c, rng)
                    continue
            except Cut:
                self.until_up()
                continue
            except Fail:
                pass
            self.stop.wait(0.5)
        c.close()

    def import_csv(self, c):
        c.request("import page", "GET", "/import")
        boundary = "----balint-load-" + hashlib.sha256(os.urandom(8)).hexdigest()[:16]
        parts = []
        for name, value in (("csrf", c.csrf), ("kind", "entries"), ("encoding", "")):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                         f'{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                     f'filename="load-import.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode())
        parts.append(self.import_bytes)
        parts.append(f"\r\n--{boundary}--\r\n".encode())
        t0 = time.monotonic()
        try:
            r, page = c.request("import", "POST", "/import", b"".join(parts),
                                {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        except Cut:
            self.tally.imports.append({"seconds": round(time.monotonic() - t0, 2),
                                       "status": "cut by a kill"})
            raise
        m = re.search(rb'id="import-summary">[^<]*?(\d+)[^<]*?; (\d+)', page)
        added, present = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        self.tally.imports.append({"seconds": round(time.monotonic() - t0, 2), "status": r.status,
                                   "added": added, "present": present})
        if added is None:
            self.tally.error("import", f"no summary on the page: {page[:300]!r}")
            return False
        return True

    def issue(self, c, rng):
        people = " ".join(rng.sample(self.cert_people, 2))
        q = urllib.parse.urlencode({"rules": CERT_RULES, "period": CERT_PERIOD, "people": people})
        r, page = c.request("issue plan", "GET", "/issue?" + q)
        m = re.search(rb'name="digest" value="([0-9a-f]+)"', page)
        if not m:
            self.tally.error("issue plan", f"no plan to confirm: {page[:300]!r}")
            return
        try:
            r, page = c.post_form("issue", "/issue", {"rules": CERT_RULES, "period": CERT_PERIOD,
                                                      "people": people,
                                                      "digest": m.group(1).decode()},
                                  expect=(200, 409))
        except Cut:
            return
        if r.status == 409:  # the plan changed in between (said so on the page): not an error
            with self.tally.lock:
                self.tally.issue_conflicts += 1
            return
        serials = re.findall(rb'href="/certificates/([A-Z]+-\d{4}-\d{6})\?revision=(\d+)"', page)
        with self.tally.lock:
            self.tally.issued += [(s.decode(), int(v)) for s, v in serials]

    # -- the command line --
    def auditor(self):
        at = self.started + self.args.audit_at * self.args.seconds
        while not self.stop.wait(max(0.0, at - time.monotonic())):
            t0 = time.monotonic()
            try:
                p = subprocess.run([self.args.balint, "--db", self.args.db, "audit", "--rules",
                                    AUDIT_RULES, "--format", "csv"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True,
                                   timeout=self.args.seconds + 60,
                                   env=dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8"))
                rc, err = p.returncode, p.stderr.strip()
            except subprocess.TimeoutExpired:
                rc, err = "timeout", ""
            self.tally.audits.append({"seconds": round(time.monotonic() - t0, 2), "rc": rc})
            if rc != 0:
                self.tally.error("cli audit", f"rc {rc}: {err[:300]}")
            at = time.monotonic() + self.args.audit_every
            if self.args.audit_every <= 0:
                return

    # -- the killer and the watcher --
    def killer(self, moments):
        if self.args.kill_after_logins:
            # The kills spread over what is left of the run once everyone has a session (a
            # busy machine may take most of a short run to hash 21 passwords).
            everyone = len(self.plan["members"]) + len(self.plan["leaders"]) + 1
            while len(self.logged_in) < everyone and not self.stop.wait(0.2):
                pass
            t0 = time.monotonic() - self.started
            span = max(self.args.seconds * 0.9 - t0, 5.0) / (self.args.seconds * 0.8)
            moments = [t0 + (m - 0.1 * self.args.seconds) * span for m in moments]
        for at in moments:
            if self.stop.wait(max(0.0, self.started + at - time.monotonic())):
                return
            t0 = time.monotonic()
            self.server.kill()
            try:
                self.server.start()
            except Fail as e:
                self.tally.error("restart", str(e))
                return
            self.kills.append({"at_s": round(at, 1),
                               "down_s": round(time.monotonic() - t0, 2)})

    def watcher(self):
        while not self.stop.wait(0.5):
            self.server.sample()

    def import_rows(self):
        """The CSV the secretary uploads: people outside the simulated ones and the
        certificate holders, dates in 2026, each row its own note."""
        con = sqlite3.connect(f"file:{self.args.db}?mode=ro", uri=True)
        busy = {p["id"] for p in self.plan["members"] + self.plan["leaders"]}
        busy.add(self.plan["secretary"])
        ids = [r[0] for r in con.execute("SELECT id FROM person ORDER BY id")]
        self.cert_people = [r[0] for r in con.execute(
            "SELECT person FROM entry WHERE date BETWEEN '2026-01-01' AND '2026-11-30' "
            "GROUP BY person HAVING count(*) >= 3 ORDER BY person")
            if r[0] not in busy][:20]
        con.close()
        pool = [p for p in ids if p not in busy and p not in self.cert_people]
        rng = random.Random(self.args.seed + 2)
        tag = f"{int(time.time())}"
        lines = ["person,date,activity,role,minutes,note"]
        for i in range(self.args.import_rows):
            d = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
            lines.append(f"{rng.choice(pool)},{d},group,member,90,{IMPORT_NOTE}{tag}-{i}")
        self.import_tag = f"{IMPORT_NOTE}{tag}-"
        return ("\n".join(lines) + "\n").encode()

    def go(self):
        a = self.args
        con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
        self.base_entries = con.execute("SELECT count(*) FROM entry").fetchone()[0]
        self.base_certs = con.execute("SELECT count(*) FROM certificate").fetchone()[0]
        con.close()
        self.import_bytes = self.import_rows()
        self.kills = []
        rng = random.Random(a.seed)
        moments = sorted(rng.uniform(0.1 * a.seconds, 0.9 * a.seconds) for _ in range(a.kill))
        self.load_before = os.getloadavg()
        print(f"run: {len(self.plan['members'])} members, {len(self.plan['leaders'])} leaders, "
              f"a secretary, the CLI's audit; {a.seconds:.0f} s; think {a.think[0]:g} to "
              f"{a.think[1]:g} s; {a.kill} kills; {self.base_entries} entries; "
              f"load average {self.load_before[0]:.2f} {self.load_before[1]:.2f} "
              f"{self.load_before[2]:.2f}", flush=True)
        self.server.start()
        self.started = time.monotonic()
        threads = []
        for i, ld in enumerate(self.plan["leaders"]):
            threads.append(threading.Thread(target=self.person, daemon=True,
                                            args=(ld["id"], ld["group"], True, a.seed * 1000 + i)))
        for i, m in enumerate(self.plan["members"]):
            threads.append(threading.Thread(target=self.person, daemon=True,
                                            args=(m["id"], m["group"], False, a.seed * 1000 + 500 + i)))
        threads.append(threading.Thread(target=self.secretary, daemon=True))
        threads.append(threading.Thread(target=self.auditor, daemon=True))
        threads.append(threading.Thread(target=self.watcher, daemon=True))
        if a.kill:
            threads.append(threading.Thread(target=self.killer, args=(moments,), daemon=True))
        for t in threads:
            t.start()
        self.stop.wait(a.seconds)
        self.stop.set()
        hard_end = time.monotonic() + a.timeout + 30
        for t in threads:
            t.join(timeout=max(0.1, hard_end - time.monotonic()))
        stuck = sum(t.is_alive() for t in threads)
        self.elapsed = time.monotonic() - self.started
        self.settle()
        rc = self.server.stop()
        self.load_after = os.getloadavg()
        return self.check(stuck, rc)

    # -- after the run: the ledger as left --
    def check(self, stuck, server_rc):
        a, t = self.args, self.tally
        checks = []

        def ok(cond, what):
            checks.append((bool(cond), what))
            return cond

        con = sqlite3.connect(a.db)
        ok(con.execute("PRAGMA integrity_check").fetchall() == [("ok",)], "PRAGMA integrity_check: ok")
        ok(not con.execute("PRAGMA foreign_key_check").fetchall(), "PRAGMA foreign_key_check: nothing")
        present = con.execute("SELECT count(*) FROM entry").fetchone()[0]
        rows = {}
        for entry_id, note in con.execute("SELECT id, note FROM entry WHERE note LIKE 'load-%' "
                                           "AND note NOT LIKE ?", (IMPORT_NOTE + "%",)):
            rows.setdefault(note, []).append(entry_id)
        missing = [n for n, i in t.acked_entries.items() if rows.get(n) != [i]]
        ok(not missing, f"every acknowledged entry in the ledger once, under its id "
                        f"({len(t.acked_entries)}; missing or wrong: {missing[:5]})")
        unacked_present = sum(1 for n in t.unacked_entries if n in rows)
        stray = [n for n in rows if n not in t.acked_entries and n not in t.unacked_entries
                 and n != "load-seed"]
        ok(not stray, f"no entry nobody asked for ({stray[:5]})")
        imported = con.execute("SELECT count(*) FROM entry WHERE note LIKE ?",
                               (self.import_tag + "%",)).fetchone()[0]
        import_acked = any(i.get("added") is not None for i in t.imports)
        ok(imported in (0, a.import_rows) and (imported == a.import_rows or not import_acked),
           f"the import's rows all there or none ({imported} of {a.import_rows}; "
           f"acknowledged: {import_acked})")
        expected = self.base_entries + len(t.acked_entries) + (imported if import_acked else 0)
        ok(expected <= present <= expected + unacked_present + (0 if import_acked else imported),
           f"entries: expected {expected} (before {self.base_entries} + {len(t.acked_entries)} "
           f"acknowledged + {imported if import_acked else 0} imported), present {present}"
           + (f"; {unacked_present} of {len(t.unacked_entries)} writes left unanswered (cut by a "
              f"kill, or the client's timeout) were committed" if t.unacked_entries else ""))
        confirmed = dict(con.execute("SELECT entry, by_person FROM confirmation"))
        bad = [i for i, who in t.acked_confirms.items() if confirmed.get(i) != who]
        ok(not bad, f"every acknowledged confirmation there ({len(t.acked_confirms)}; "
                    f"missing: {bad[:5]})")
        voided = {r[0] for r in con.execute("SELECT entry FROM void")}
        bad = [i for i in t.acked_voids if i not in voided]
        ok(not bad, f"every acknowledged void there ({len(t.acked_voids)}; missing: {bad[:5]})")
        have = set(con.execute("SELECT serial, revision FROM certificate").fetchall())
        con.close()
        bad = [s for s in t.issued if tuple(s) not in have]
        ok(not bad, f"every certificate the server said it issued is in the register "
                    f"({len(t.issued)}; missing: {bad[:5]})")
        b = self.cert_before
        ok(not b["missing"] and not b["wrong"] and not b["orphans"],
           "certificates as the load left them: no row without its file or its staged bytes, no "
           "file without its row: " + self.cert_words(b))
        f = self.cert_state()
        ok(not f["missing"] and not f["wrong"] and not f["orphans"] and not f["pending"]
           and f["staging"] == 0 and f["rows"] > 0 if self.args.issue_every > 0 else True,
           "no half-issued certificate after one more issuing run: " + self.cert_words(f))
        ok(stuck == 0, f"every simulated user stopped within the time ({stuck} stuck)")
        ok(server_rc == 0, f"the server stopped cleanly on SIGTERM (exit {server_rc})")
        log = open(self.server.log_path, errors="replace").read()
        bad_lines = [ln for ln in log.splitlines()
                     if "internal error" in ln or "locked" in ln or re.match(r"\S+ \S+ 5\d\d ", ln)]
        ok(not bad_lines, f"the server's log has no 5xx, lock or internal error ({bad_lines[:3]})")
        ok(not t.errors, f"no request failed ({len(t.errors)}: {t.errors[:3]})")
        self.present, self.expected = present, expected
        self.imported, self.unacked_present = imported, unacked_present
        return checks

    def cert_folder(self):
        return os.path.join(os.path.dirname(os.path.abspath(self.args.db)), "certificates")

    def cert_state(self):
        """The register's rows for files in the server's certificates folder against the files:
        placed (there, with the register's SHA-256), pending (not there, but their bytes staged
        by a killed run: the next run moves them into place), missing, wrong; files without a
        row; staging folders left."""
        folder = self.cert_folder()
        con = sqlite3.connect(f"file:{self.args.db}?mode=ro", uri=True)
        certs = con.execute("SELECT revision, file, sha256 FROM certificate").fetchall()
        con.close()
        files = {}
        for revision, path, sha in certs:
            if path.startswith(folder + os.sep):
                files.setdefault(path, []).append((revision, sha))
        on_disk = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        staging = [os.path.join(folder, n) for n in on_disk if n.startswith(".balint-staging.")]
        staged = set()
        for d in staging:
            for n in os.listdir(d) if os.path.isdir(d) else []:
                with open(os.path.join(d, n), "rb") as f:
                    staged.add(hashlib.sha256(f.read()).hexdigest())
        st = {"rows": sum(len(v) for v in files.values()), "placed": 0, "pending": [],
              "missing": [], "wrong": [], "orphans": [], "staging": len(staging)}
        for path, revs in files.items():
            sha = max(revs)[1]  # the latest revision written to that file
            try:
                with open(path, "rb") as f:
                    good = hashlib.sha256(f.read()).hexdigest() == sha
                st["placed" if good else "wrong"] += 1 if good else [path]
            except OSError:
                st["pending" if sha in staged else "missing"].append(path)
        st["orphans"] = [n for n in on_disk
                         if n.endswith(".pdf") and os.path.join(folder, n) not in files]
        return st

    @staticmethod
    def cert_words(st):
        return (f"{st['rows']} register rows, {st['placed']} files in place with the register's "
                f"SHA-256, {len(st['pending'])} staged by a killed run (placed by the next run), "
                f"{len(st['missing'])} missing, {len(st['wrong'])} with other bytes, "
                f"{len(st['orphans'])} files without a row, {st['staging']} staging folders"
                + (f" ({(st['missing'] + st['wrong'] + st['orphans'])[:3]})"
                   if st["missing"] or st["wrong"] or st["orphans"] else ""))

    def settle(self):
        """After the load, before the server stops: the certificates as the kills left them,
        then one more issuing run (which first moves what a killed run registered into place)."""
        self.cert_before = self.cert_state()
        if self.args.issue_every <= 0:
            return
        self.stop.clear()
        c = Client(self, self.plan["secretary"])
        try:
            c.login()
            self.issue(c, random.Random(self.args.seed + 3))
        except (Fail, Cut) as e:
            self.tally.error("issue", f"the last issuing run: {e}")
        c.close()
        self.stop.set()

    def report(self, checks):
        a, t = self.args, self.tally
        total = sum(len(v) for v in t.latency.values())
        lines = []
        p = lines.append
        p(f"balint serve under load: {len(self.plan['members'])} members, "
          f"{len(self.plan['leaders'])} leaders, a secretary, the CLI; {self.elapsed:.0f} s; "
          f"think time {a.think[0]:g} to {a.think[1]:g} s; {a.threads} server threads; "
          f"keep-alive {'on' if a.keep_alive else 'off'}; kills {a.kill}")
        p(f"load average before {self.load_before[0]:.2f} {self.load_before[1]:.2f} "
          f"{self.load_before[2]:.2f}, after {self.load_after[0]:.2f} {self.load_after[1]:.2f} "
          f"{self.load_after[2]:.2f}")
        p(f"requests: {total} answered in {self.elapsed:.0f} s = {total / self.elapsed:.1f} a second")
        p("")
        p(f"| {'route':<14} | {'requests':>8} | {'a second':>8} | {'p50 ms':>8} | {'p95 ms':>8} "
          f"| {'p99 ms':>8} | {'max ms':>8} | statuses |")
        p(f"| {'-' * 14} | {'-' * 7}: | {'-' * 7}: | {'-' * 7}: | {'-' * 7}: | {'-' * 7}: "
          f"| {'-' * 7}: | -------- |")
        for route in sorted(t.latency, key=lambda r: -len(t.latency[r])):
            v = sorted(t.latency[route])
            st = ", ".join(f"{k}: {n}" for k, n in sorted(t.status[route].items(), key=str))
            if t.cut.get(route):
                st += f"; cut by a kill: {t.cut[route]}"
            p(f"| {route:<14} | {len(v):>8} | {len(v) / self.elapsed:>8.2f} | {pct(v, 50):>8.1f} "
              f"| {pct(v, 95):>8.1f} | {pct(v, 99):>8.1f} | {v[-1]:>8.1f} | {st} |")
        for route, n in t.cut.items():
            if route not in t.latency:
                p(f"| {route:<14} | {0:>8} | | | | | | cut by a kill: {n} |")
        p("")
        inc = self.server.incarnations
        p(f"server: peak resident memory {max(i['hwm_kb'] for i in inc) / 1024:.0f} MB "
          f"(VmHWM), CPU {sum(i['cpu_s'] for i in inc):.1f} s "
          f"({1000 * sum(i['cpu_s'] for i in inc) / max(total, 1):.2f} ms a request); "
          f"{len(inc)} process(es)")
        for i in t.imports:
            p(f"import of {a.import_rows} rows through /import: {i}")
        p(f"certificates issued through /issue: {len(t.issued)} "
          f"({t.issue_conflicts} plans changed before confirming, answered 409)")
        if t.audits:
            secs = sorted(x["seconds"] for x in t.audits)
            p(f"balint audit (CLI, same ledger): {len(t.audits)} runs, "
              f"{secs[0]:.1f} to {secs[-1]:.1f} s, exit codes {sorted({x['rc'] for x in t.audits}, key=str)}")
        if self.kills:
            p(f"kills: {len(self.kills)}: " + ", ".join(
                f"at {k['at_s']} s (back in {k['down_s']} s)" for k in self.kills))
        p(f"entries: expected {self.expected}, present {self.present}; acknowledged writes: "
          f"{len(t.acked_entries)} entries, {len(t.acked_confirms)} confirmations, "
          f"{len(t.acked_voids)} voids; {self.imported} imported rows"
          + (f"; writes left unanswered (cut by a kill, or timed out): {len(t.unacked_entries)} "
             f"({self.unacked_present} of them committed)" if t.unacked_entries else ""))
        p(f"errors: {len(t.errors)}")
        for route, what in t.errors[:20]:
            p(f"  {route}: {what}")
        p("")
        for good, what in checks:
            p(f"{'ok' if good else 'FAIL'}: {what}")
        text = "\n".join(lines)
        print(text, flush=True)
        with open(os.path.join(a.out, "report.txt"), "w") as f:
            f.write(text + "\n")
        result = {
            "seconds": self.elapsed, "requests": total, "per_second": total / self.elapsed,
            "routes": {r: {"n": len(v), "p50": pct(sorted(v), 50), "p95": pct(sorted(v), 95),
                           "p99": pct(sorted(v), 99), "statuses": {str(k): n for k, n in t.status[r].items()}}
                       for r, v in t.latency.items()},
            "errors": t.errors, "cut": t.cut, "incarnations": self.server.incarnations,
            "kills": self.kills, "imports": t.imports, "audits": t.audits,
            "issued": len(t.issued), "expected": self.expected, "present": self.present,
            "checks": checks, "load_before": self.load_before, "load_after": self.load_after}
        with open(os.path.join(a.out, "result.json"), "w") as f:
            json.dump(result, f, indent=1)
        return all(good for good, _ in checks)


def pct(sorted_values, q):
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, -(-len(sorted_values) * q // 100) - 1))
    return sorted_values[int(k)]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def think_range(text):
    lo, _, hi = text.partition(":")
    return float(lo), float(hi or lo)


def parser():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    pp = sub.add_parser("prepare")
    pp.add_argument("--balint", required=True)
    pp.add_argument("--db", required=True)
    pp.add_argument("--members", type=int, default=200)
    pp.add_argument("--leaders", type=int, default=20)
    pp.add_argument("--seed", type=int, default=19)
    rp = sub.add_parser("run")
    rp.add_argument("--balint", required=True)
    rp.add_argument("--db", required=True)
    rp.add_argument("--seconds", type=float, default=300)
    rp.add_argument("--kill", type=int, default=0, help="SIGKILL the server N times")
    rp.add_argument("--seed", type=int, default=19)
    rp.add_argument("--kill-after-logins", type=int, default=0,
                    help="1: the kills only once every user has logged in")
    rp.add_argument("--out", default=".")
    rp.add_argument("--port", type=int, default=0)
    rp.add_argument("--threads", type=int, default=8, help="balint serve --threads")
    rp.add_argument("--think", type=think_range, default=(5.0, 15.0),
                    help="seconds a user waits between pages, LO:HI (uniform; 5:15)")
    rp.add_argument("--ramp", type=float, default=60, help="users start within this many seconds")
    rp.add_argument("--timeout", type=float, default=60, help="seconds a request may take")
    rp.add_argument("--keep-alive", type=int, default=1, help="1: keep connections (a browser)")
    rp.add_argument("--idle-close", type=float, default=4.0,
                    help="a kept connection unused this long (or its Keep-Alive timeout less "
                         "0.5 s) is opened again")
    rp.add_argument("--confirms", type=int, default=5, help="confirmations per leader round")
    rp.add_argument("--void-share", type=float, default=0.1)
    rp.add_argument("--pdf-share", type=float, default=0.1)
    rp.add_argument("--import-rows", type=int, default=50000)
    rp.add_argument("--import-at", type=float, default=0.2, help="share of the run")
    rp.add_argument("--issue-every", type=float, default=20, help="seconds; 0: no issuing")
    rp.add_argument("--audit-at", type=float, default=0.3, help="share of the run")
    rp.add_argument("--audit-every", type=float, default=60,
                    help="seconds between audits after the first; 0: one audit")
    return ap


def main(argv=None):
    args = parser().parse_args(argv)
    args.balint = os.path.abspath(args.balint)
    try:
        if args.cmd == "prepare":
            prepare(args)
            return 0
        run = Run(args)
        checks = run.go()
        return 0 if run.report(checks) else 1
    except Fail as e:
        print("FAIL:", e, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
