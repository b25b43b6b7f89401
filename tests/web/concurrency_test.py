#!/usr/bin/env python3
"""The command line and the server write the same ledger at once (SPEC §8): for --seconds
(60 in ctest), three members log through the JSON API, a reader loads a dashboard, and on the
command line one loop runs `balint log` and another `balint import entries` of 200 rows. Then
every acknowledged write is in the ledger once, nothing else is, no request or command failed,
and "database is locked" reached nobody.
Usage: concurrency_test.py --balint build/balint [--seconds 60]"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time

from harness import PASSWORD, ApiSession, Fail, run_main, Ledger, Server, check, society

IMPORT_ROWS = 200


class Tally:
    """What each writer was told, and what went wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}      # note -> entry id (web) or None (command line)
        self.problems = []
        self.requests = 0

    def ack(self, note, entry_id=None):
        with self.lock:
            self.acked[note] = entry_id

    def problem(self, what):
        with self.lock:
            self.problems.append(what)


def session(server, user, tally):
    try:
        return ApiSession(server, user, PASSWORD)
    except Fail as e:
        tally.problem(str(e))
        return None


def web_writer(server, user, stop, tally):
    s = session(server, user, tally)
    if s is None:
        return
    n = 0
    while not stop.is_set():
        n += 1
        note = f"web-{user}-{n}"
        body = {"date": "2026-11-02", "activity": "group", "role": "member", "minutes": 60, "note": note}
        try:
            status, _, data = s.post("/api/entries", body)
        except OSError as e:
            tally.problem(f"{note}: {e}")
            continue
        with tally.lock:
            tally.requests += 1
        if status == 201:
            tally.ack(note, json.loads(data)["ids"][0])
        else:
            tally.problem(f"{note}: HTTP {status} {data[:200]!r}")


def web_reader(server, stop, tally):
    s = session(server, "helen", tally)
    if s is None:
        return
    while not stop.is_set():
        for path in ("/", "/groups", "/api/people/ann/entries"):
            status, _, data = s.get(path)
            with tally.lock:
                tally.requests += 1
            if status != 200:
                tally.problem(f"GET {path}: HTTP {status} {data[:200]!r}")


def cli_logger(ledger, stop, tally):
    n = 0
    while not stop.is_set():
        n += 1
        note = f"cli-log-{n}"
        p = ledger.run("-q", "log", "--person", "dee", "--date", "2026-11-03", "--activity", "group",
                       "--role", "member", "--minutes", "60", "--note", note, ok=False)
        if p.returncode == 0:
            tally.ack(note)
        else:
            tally.problem(f"balint log ({note}): rc {p.returncode}: {p.stderr.strip()}")
        if "locked" in p.stderr:
            tally.problem(f"balint log said: {p.stderr.strip()}")


def cli_importer(ledger, stop, tally):
    n = 0
    while not stop.is_set():
        n += 1
        path = os.path.join(ledger.dir, f"batch-{n}.csv")
        notes = [f"cli-import-{n}-{i}" for i in range(IMPORT_ROWS)]
        with open(path, "w") as f:
            f.write("person,date,activity,role,minutes,note\n")
            for note in notes:
                f.write(f"otto,2026-11-04,group,leader,90,{note}\n")
        p = ledger.run("-q", "import", "entries", path, ok=False)
        if p.returncode == 0:
            for note in notes:
                tally.ack(note)
        else:
            tally.problem(f"balint import ({path}): rc {p.returncode}: {p.stderr.strip()}")
        if "locked" in p.stderr:
            tally.problem(f"balint import said: {p.stderr.strip()}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    ledger = Ledger(args.balint)
    society(ledger)
    before = int(ledger.sql("SELECT count(*) FROM entry"))
    server = Server(ledger)
    tally, stop = Tally(), threading.Event()
    workers = [threading.Thread(target=web_writer, args=(server, u, stop, tally)) for u in ("ann", "bob", "cy")]
    workers += [threading.Thread(target=web_reader, args=(server, stop, tally)),
                threading.Thread(target=cli_logger, args=(ledger, stop, tally)),
                threading.Thread(target=cli_importer, args=(ledger, stop, tally))]
    started = time.monotonic()
    try:
        for w in workers:
            w.start()
        time.sleep(args.seconds)
    finally:
        stop.set()
        for w in workers:
            w.join(timeout=120)
        rc = server.stop()
    elapsed = time.monotonic() - started
    check(rc == 0, "the server stopped cleanly")
    web = {k: v for k, v in tally.acked.items() if k.startswith("web-")}
    cli = [k for k in tally.acked if k.startswith("cli-")]
    print(f"in {elapsed:.0f} s: {len(web)} entries through the server, {len(cli)} from the command "
          f"line, {tally.requests} HTTP requests", flush=True)
    check(not tally.problems, f"no request or command failed ({len(tally.problems)}: {tally.problems[:5]})")
    check(len(web) >= 20 and any(k.startswith("cli-log-") for k in cli)
          and any(k.startswith("cli-import-") for k in cli), "both sides wrote")
    rows = ledger.sql("SELECT id, note FROM entry WHERE note LIKE 'web-%' OR note LIKE 'cli-%'").splitlines()
    present = {}
    for line in rows:
        entry_id, note = line.split("|", 1)
        present.setdefault(note, []).append(int(entry_id))
    check(all(present.get(note) == [entry_id] for note, entry_id in web.items()),
          "every entry the server acknowledged is in the ledger once, under the id it answered")
    check(all(len(present.get(note, [])) == 1 for note in cli), "every command-line write is in the ledger once")
    check(len(present) == len(tally.acked), f"nothing else was written ({len(present)} vs {len(tally.acked)})")
    after = int(ledger.sql("SELECT count(*) FROM entry"))
    check(after == before + len(tally.acked), f"entries: {before} + {len(tally.acked)} = {after}")
    check(ledger.sql("PRAGMA integrity_check") == "ok", "PRAGMA integrity_check: ok")
    log = open(server.log.name).read()
    check("locked" not in log and "internal error" not in log, "the server's log has no lock error")
    shutil.rmtree(ledger.dir)
    print("concurrency_test: all passed")


if __name__ == "__main__":
    run_main(main)
