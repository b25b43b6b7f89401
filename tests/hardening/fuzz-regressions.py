#!/usr/bin/env python3
"""Feeds every input the fuzzers ever failed on (tests/fuzz/regressions/HARNESS/*) to the
normal `balint` binary, the way a user would give it, so that plain builds and CI cover them
too (the fuzz build runs them through the harnesses: ctest -R fuzz-regress).

    fuzz-regressions.py [--balint PATH]

  csv_entries  balint import entries FILE --dry-run
  csv_people   balint import people FILE --dry-run
  rules        balint rules check FILE; and when it loads, balint progress ann --rules ID
               with only that file in --rules-dir (the evaluation the harness runs)
  template     balint certificate ann --rules cpd-uk -p 2025 --out out.pdf --template FILE

Prints "HARNESS/FILE: COMMAND rc N" per run, and "FAIL ..." when the run crashed, took
longer than 60 s, exited 70 (internal error) or wrote a stderr line not starting "balint: ".
Exits 1 on any failure. The golden test hard-fuzz-regressions pins this output.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REGRESSIONS = os.path.join(REPO, "tests", "fuzz", "regressions")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", default=shutil.which("balint") or "balint")
    balint = ap.parse_args().balint
    failed = 0
    with tempfile.TemporaryDirectory(prefix="balint-fuzz-regress-") as tmp:
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                   BALINT_DB=os.path.join(tmp, "ledger.sqlite"), TZ="UTC", LC_ALL="C.UTF-8")

        def run(args, cwd=tmp):
            try:
                return subprocess.run([balint, "--as-of", "2026-01-10", *args], env=env, cwd=cwd,
                                      capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                return None

        for setup in (["init"], ["person", "add", "ann", "--name", "Ann Example"],
                      ["person", "add", "helen", "--name", "Helen Leader"],
                      ["log", "--person", "ann", "--date", "2025-03-04", "--activity", "group",
                       "--role", "member", "--minutes", "90", "--leader", "helen"],
                      ["keys", "init"]):
            subprocess.run([balint, *setup], env=env, cwd=tmp, check=True, capture_output=True)

        def report(name, label, p):
            nonlocal failed
            why = []
            if p is None:
                why.append("no answer within 60 s")
            else:
                if p.returncode < 0:
                    why.append(f"killed by signal {-p.returncode}")
                if p.returncode == 70:
                    why.append("internal error")
                for line in p.stderr.decode("utf-8", "replace").splitlines():
                    if not line.startswith("balint: "):
                        why.append(f"stderr line {line[:120]!r}")
                        break
            if why:
                failed += 1
                print(f"FAIL {name}: {label}: {'; '.join(why)}")
            else:
                print(f"{name}: {label} rc {p.returncode}")

        for harness in sorted(os.listdir(REGRESSIONS)):
            folder = os.path.join(REGRESSIONS, harness)
            for f in sorted(os.listdir(folder)):
                path = os.path.join(folder, f)
                name = f"{harness}/{f}"
                if harness == "csv_entries":
                    report(name, "import entries --dry-run",
                           run(["import", "entries", path, "--dry-run"]))
                elif harness == "csv_people":
                    report(name, "import people --dry-run",
                           run(["import", "people", path, "--dry-run"]))
                elif harness == "rules":
                    p = run(["rules", "check", path])
                    report(name, "rules check", p)
                    if p is not None and p.returncode == 0:
                        lone = os.path.join(tmp, "rules-" + f)
                        os.makedirs(lone)
                        shutil.copy(path, lone)
                        text = open(path, encoding="utf-8", errors="replace").read()
                        m = re.search(r'^\s*id\s*=\s*"([^"]*)"', text, re.M)
                        report(name, "progress",
                               run(["--rules-dir", lone, "progress", "ann", "--rules",
                                    m.group(1) if m else "?"]))
                elif harness == "template":
                    out = os.path.join(tmp, "out.pdf")
                    if os.path.exists(out):
                        os.remove(out)
                    report(name, "certificate --template",
                           run(["certificate", "ann", "--rules", "cpd-uk", "-p", "2025", "--out",
                                out, "--template", path, "--force"]))
    print(f"{'FAILED' if failed else 'all ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
