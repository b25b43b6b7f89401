#!/usr/bin/env python3
"""balint serve killed with SIGKILL under load, and started again (the small version of
bench/load/run.sh --kill 10): a 10,000-entry society (bench/generate.py), 18 members and 2
leaders logging, confirming and voiding through the JSON API, the secretary uploading a CSV
through /import and issuing certificates through /issue, the command line running `balint
audit`; the server killed --kills times at seeded random moments within --seconds. Then:
PRAGMA integrity_check ok, every acknowledged write in the ledger (entries under the id the
server answered, confirmations, voids, certificates), the import all or nothing, no
certificate half-issued, no request failed other than those a kill cut.
Usage: kill_test.py --balint build/balint [--seconds 30] [--kills 5]"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from harness import REPO, Fail, run_main, check

sys.path.insert(0, os.path.join(REPO, "bench", "load"))
import driver  # noqa: E402  (bench/load/driver.py)


def society(balint, work):
    """bench/generate.py's society, small, imported as its setup.sh does."""
    gen = os.path.join(work, "society")
    subprocess.run([sys.executable, os.path.join(REPO, "bench", "generate.py"), "--people", "400",
                    "--entries", "10000", "--out", gen], check=True, capture_output=True, timeout=120)
    db = os.path.join(work, "ledger.sqlite")

    def run(*args, stdin=None):
        p = subprocess.run(args, stdin=stdin, capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise Fail(f"{' '.join(args)}: rc {p.returncode}: {p.stderr[:500]}")

    run(balint, "--db", db, "init", "-q")
    run(balint, "--db", db, "import", "people", os.path.join(gen, "people.csv"), "-q")
    with open(os.path.join(gen, "records.sql")) as f:
        run("sqlite3", db, stdin=f)
    run(balint, "--db", db, "import", "entries", os.path.join(gen, "entries.csv"), "--allow-future", "-q")
    with open(os.path.join(gen, "post-import.sql")) as f:
        run("sqlite3", db, stdin=f)
    return db


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--kills", type=int, default=5)
    args = ap.parse_args()
    balint = os.path.abspath(args.balint)
    os.environ.update(BALINT_RULES_DIR=os.path.join(REPO, "rules"), TZ="UTC", LC_ALL="C.UTF-8")
    work = tempfile.mkdtemp(prefix="balint-kill-")
    os.chmod(work, 0o700)
    db = society(balint, work)
    if driver.main(["prepare", "--balint", balint, "--db", db, "--members", "18", "--leaders", "2"]):
        raise Fail("driver.py prepare failed")
    out = os.path.join(work, "out")
    rc = driver.main(["run", "--balint", balint, "--db", db, "--out", out,
                      "--seconds", str(args.seconds), "--kill", str(args.kills),
                      "--think", "0.1:0.6", "--ramp", "1", "--timeout", "30",
                      "--import-rows", "3000", "--import-at", "0.1", "--issue-every", "2",
                      "--audit-at", "0.2", "--audit-every", "5", "--pdf-share", "0.05",
                      "--void-share", "0.2", "--kill-after-logins", "1"])
    with open(os.path.join(out, "result.json")) as f:
        result = json.load(f)
    for good, what in result["checks"]:
        check(good, what)
    check(len(result["kills"]) == args.kills, f"the server was killed {args.kills} times and came back")
    check(sum(1 for i in result["incarnations"] if i["ended"] == "SIGKILL") == args.kills,
          "each kill was a SIGKILL of a running server")
    check(result["present"] >= result["expected"] > 0, "the ledger holds every acknowledged entry")
    routes = result["routes"]
    check(routes.get("log", {}).get("n", 0) >= 20 and routes.get("confirm", {}).get("n", 0) >= 1
          and result["issued"] >= 1,
          "members logged, leaders confirmed, certificates were issued "
          f"(log {routes.get('log', {}).get('n')}, confirm {routes.get('confirm', {}).get('n')}, "
          f"void {routes.get('void', {}).get('n')}, certificates {result['issued']})")
    check(sum(result["cut"].values()) > 0, f"the kills cut requests in flight ({result['cut']})")
    check(rc == 0, "the driver passed")
    shutil.rmtree(work)
    print("kill_test: all passed")


if __name__ == "__main__":
    run_main(main)
