#!/usr/bin/env python3
"""Runs one golden test: a folder with `cmd` (a bash script run on the real binary) and the
expected `stdout`, `stderr` (absent means empty) and `rc` (absent means 0).

The script runs under `bash -euo pipefail`: a command that fails ends it (its exit code is
`rc`), so a command expected to fail says so (`balint ... || echo "rc=$?"`, or last in the
script), and a pipe fails when any part of it does (cut one short with `sed -n 1,Np`, which
reads to the end, not `head` or `grep -m`: the writer before them may die of SIGPIPE). It runs in a fresh temporary folder
holding a copy of the test folder, with:
  PATH      the balint binary's folder first, then tests/golden/bin (helpers: `ledger-state`,
            the ledger's hash with its write-ahead log folded in, for before/after checks)
  BALINT_DB $PWD/ledger.sqlite
  REPO      the source tree (for examples/, rules/, templates/)
  HOME, XDG_* inside the temporary folder; TZ=UTC; LC_ALL=C.UTF-8
Use --update to (re)write the expected files after reading them by eye.
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

EXPECTED = ("stdout", "stderr", "rc")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("test")
    args = ap.parse_args()
    test = os.path.abspath(args.test)
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    with tempfile.TemporaryDirectory(prefix="balint-golden-") as tmp:
        work = os.path.join(tmp, "work")
        shutil.copytree(test, work, ignore=shutil.ignore_patterns(*EXPECTED))
        env = {
            "PATH": os.pathsep.join([os.path.dirname(os.path.abspath(args.balint)),
                                     os.path.join(repo, "tests", "golden", "bin"),
                                     os.environ.get("PATH", "")]),
            "BALINT_DB": os.path.join(work, "ledger.sqlite"),
            "REPO": repo,
            "HOME": os.path.join(tmp, "home"),
            "XDG_DATA_HOME": os.path.join(tmp, "home", ".local", "share"),
            "XDG_CONFIG_HOME": os.path.join(tmp, "home", ".config"),
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
        }
        # The sanitizers' settings reach a sanitized balint (tests/hardening/sanitize.sh sets
        # them; LSAN_OPTIONS names the suppressions for leaks inside fontconfig and Cairo).
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if name in os.environ:
                env[name] = os.environ[name]
        os.makedirs(env["HOME"])
        p = subprocess.run(["bash", "-euo", "pipefail", "cmd"], cwd=work, env=env, capture_output=True, timeout=600)
        got = {
            "stdout": p.stdout.decode("utf-8", "replace"),
            "stderr": p.stderr.decode("utf-8", "replace"),
            "rc": f"{p.returncode}\n",
        }
        # Paths inside the temporary folder read as $WORK, so expectations are stable.
        for k in ("stdout", "stderr"):
            got[k] = got[k].replace(work, "$WORK").replace(repo, "$REPO")
    if args.update:
        for name in EXPECTED:
            path = os.path.join(test, name)
            if got[name] in ("", "0\n") and name != "stdout":
                if os.path.exists(path):
                    os.remove(path)
                continue
            with open(path, "w", encoding="utf-8") as f:
                f.write(got[name])
        print(f"updated {test}")
        return 0
    failed = False
    for name in EXPECTED:
        path = os.path.join(test, name)
        default = "0\n" if name == "rc" else ""
        want = open(path, encoding="utf-8").read() if os.path.exists(path) else default
        if want != got[name]:
            failed = True
            sys.stdout.write(f"--- {name} differs ({os.path.basename(test)}):\n")
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got[name].splitlines(True), "expected", "got"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
