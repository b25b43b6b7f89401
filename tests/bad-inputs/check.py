#!/usr/bin/env python3
"""Feeds every bad input in cases.tsv to the real `balint` and checks how it is refused.

    check.py [--balint PATH] [--only SUBSTRING] [--record]

cases.tsv has one case a line, tab-separated: FILE, COMMAND, RC, FRAGMENT.
  FILE      relative to this folder; `gen:NAME` is one of the huge files make_files.py's
            huge_files() makes at run time (10 MB fields, 200,000 bad rows ...);
            `special:NAME` a FIFO, socket, link to a device, sparse file over a limit or a
            template naming one, made by make_files.special_file() in the case's folder
  COMMAND   balint's arguments; {} is the file's path, {dir} a fresh folder holding only a copy
            of the file (for --rules-dir), {bad} this folder
  RC        the exit code expected
  FRAGMENT  text the error must contain: on stderr, or on stdout when written `stdout:TEXT`

Each case runs with `--as-of 2026-01-10` in a folder of its own, on a fresh copy of a small
ledger (three people, one entry, an issuer key). A case passes when the exit code and the
fragment are as expected, the input file is byte-identical afterwards with nothing written
beside it (no -wal, -shm or key file: some cases give a corpus file as --db), every stderr line
starts with "balint: " and none is an internal error, neither stdout nor stderr holds a raw
control or bidi-control character (text from the input must be printed escaped), it finishes
within the time limit, the ledger file is byte-identical afterwards, and
no file was left behind (no half-written PDF, no temporary file).

Prints "ok FILE (COMMAND)" or "FAIL FILE (COMMAND): why" per case, then a summary; exits 1 when
a case failed. --record prints what each case actually does instead, as cases.tsv lines.
"""
import argparse
import hashlib
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_files  # noqa: E402

# What may never reach the terminal raw (issue 14): C0 controls but newline, DEL, C1 controls,
# bidi controls and the Unicode line and paragraph separators; balint escapes them.
RAW_CONTROLS = (set(map(chr, range(0x20))) - {"\n"}) | {chr(0x7F)} | set(map(chr, range(0x80, 0xA0))) | {
    "\u061c", "\u200e", "\u200f", "\u2028", "\u2029"} | set(map(chr, range(0x202A, 0x202F))) | set(
    map(chr, range(0x2066, 0x206A)))
TIMEOUT = 120  # seconds for one case; the slowest (200,000 bad rows) takes a few


def ledger_state(db):
    """The ledger's SHA-256 with its write-ahead log folded in: the ledger runs in WAL mode, so
    a write can sit in db-wal while db's bytes are unchanged. Checkpointing an empty WAL leaves
    the file's bytes alone."""
    if not os.path.isfile(db):
        raise FileNotFoundError(db)  # sqlite3.connect would create it
    con = sqlite3.connect(db)
    try:
        busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        con.close()
    if busy or (os.path.exists(db + "-wal") and os.path.getsize(db + "-wal") > 0):
        return "the WAL could not be checkpointed"
    return sha256(db)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_cases(only):
    cases = []
    with open(os.path.join(HERE, "cases.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                sys.exit(f"cases.tsv:{n}: expected 4 tab-separated columns, got {len(parts)}")
            file, command, rc, fragment = parts
            if only and only not in file and only not in command:
                continue
            cases.append((file, command, int(rc), fragment))
    return cases


class Ledger:
    """A small ledger made once; each case gets a copy of its files."""

    def __init__(self, balint, root, env):
        self.dir = os.path.join(root, "base")
        os.makedirs(self.dir)
        db = os.path.join(self.dir, "ledger.sqlite")
        run = lambda *a: subprocess.run([balint, "--db", db, *a], env=env, check=True,
                                        capture_output=True, cwd=self.dir)
        run("init")
        run("person", "add", "ann", "--name", "Ann Example")
        run("person", "add", "helen", "--name", "Helen Leader")
        run("person", "add", "bo", "--name", "Bo Example")
        run("log", "--person", "ann", "--date", "2025-03-04", "--activity", "group", "--role",
            "member", "--minutes", "90", "--leader", "helen")
        run("keys", "init")
        self.files = sorted(os.listdir(self.dir))

    def copy_to(self, folder):
        for f in self.files:
            shutil.copy2(os.path.join(self.dir, f), os.path.join(folder, f))
        return os.path.join(folder, "ledger.sqlite")


def run_case(balint, env, ledger, gen_dir, root, index, case):
    file, command, want_rc, fragment = case
    work = os.path.join(root, f"case{index}")
    os.makedirs(work)
    db = ledger.copy_to(work)
    before = ledger_state(db)
    lone = os.path.join(work, "only")
    os.makedirs(lone)
    special = file.startswith("special:")
    if special:  # made in the folder {dir} names; not hashed (a 2 GB sparse file)
        src = make_files.special_file(file[len("special:"):], lone)
        src_before = None
    else:
        src = os.path.join(gen_dir, file[4:]) if file.startswith("gen:") else os.path.join(HERE, file)
        src_before = sha256(src) if os.path.isfile(src) else None
        shutil.copy(src, lone)
    present = sorted(os.listdir(work))
    args = [a.replace("{}", src).replace("{dir}", lone).replace("{bad}", HERE)
            for a in shlex.split(command)]
    case_env = dict(env, BALINT_DB=db)
    start = time.monotonic()
    try:
        p = subprocess.run([balint, "--as-of", "2026-01-10", *args], env=case_env, cwd=work,
                           capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, [f"no answer within {TIMEOUT} s"]
    took = time.monotonic() - start
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    got = (p.returncode, out, err, took)
    problems = []
    if p.returncode != want_rc:
        problems.append(f"exit code {p.returncode}, expected {want_rc}")
    stream, text = ("stdout", out) if fragment.startswith("stdout:") else ("stderr", err)
    frag = fragment[len("stdout:"):] if stream == "stdout" else fragment
    if frag.replace("$FILE", src) not in text.replace(HERE + "/", ""):
        problems.append(f"{stream} lacks {frag!r}: {text.strip()[:300]!r}")
    for line in err.splitlines():
        if not line.startswith("balint: "):
            problems.append(f"a stderr line not starting 'balint: ': {line[:200]!r}")
            break
    for name, stream_text in (("stdout", out), ("stderr", err)):
        raw = next((c for c in stream_text if c in RAW_CONTROLS), None)
        if raw is not None:
            problems.append(f"a raw U+{ord(raw):04X} on {name} (text from the input printed "
                            "unescaped)")
            break
    if "internal error" in err:
        problems.append("an internal error")
    if len(err) > 300_000:  # 1,000 problems of up to ~300 bytes
        problems.append(f"{len(err)} bytes on stderr (a huge value echoed?)")
    if ledger_state(db) != before:
        problems.append("the ledger changed (its file or its write-ahead log)")
    if src_before is not None and sha256(src) != src_before:
        problems.append("the input file changed")
    beside = [src + s for s in ("-wal", "-shm", "-journal", ".key", ".pub") if os.path.exists(src + s)]
    if beside and not file.startswith("gen:") and not special:
        problems.append(f"files written beside the input: {beside}")
    left = sorted(set(os.listdir(work)) - set(present))
    left = [f for f in left if not f.startswith("ledger.sqlite-")]  # WAL/SHM of a live db
    if left:
        problems.append(f"files left behind: {left}")
    return got, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", default=shutil.which("balint") or "balint")
    ap.add_argument("--only", default="")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    balint = os.path.abspath(args.balint) if os.sep in args.balint else args.balint
    cases = read_cases(args.only)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="balint-bad-inputs-") as root:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.path.join(root, "home"),
            "XDG_DATA_HOME": os.path.join(root, "home", "data"),
            "XDG_CONFIG_HOME": os.path.join(root, "home", "config"),
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        os.makedirs(env["HOME"])
        ledger = Ledger(balint, root, env)
        gen_dir = os.path.join(root, "gen")
        os.makedirs(gen_dir)
        if any(c[0].startswith("gen:") for c in cases):
            make_files.huge_files(gen_dir)
        for i, case in enumerate(cases):
            file, command = case[0], case[1]
            got, problems = run_case(balint, env, ledger, gen_dir, root, i, case)
            if args.record:
                rc, out, err, took = got if got else (-1, "", "", TIMEOUT)
                text = err if err.strip() else "stdout:" + out
                first = text.strip().splitlines()[0] if text.strip() else ""
                print(f"{file}\t{command}\t{rc}\t{first[:160]}\t# {took:.2f}s {len(err)}B")
                continue
            if problems:
                failed += 1
                print(f"FAIL {file} ({command}): " + "; ".join(problems))
            else:
                print(f"ok {file} ({command})")
            sys.stdout.flush()
    if not args.record:
        print(f"{len(cases)} cases: {len(cases) - failed} ok, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
