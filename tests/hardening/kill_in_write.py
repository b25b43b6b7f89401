#!/usr/bin/env python3
"""Runs a command that writes a ledger and SIGKILLs it a given time into its write transaction,
or measures how long that transaction lasts. The kill tests (kill-import.sh,
kill-certificate.sh) use it so that their kills land while the command is writing, and can
say how many did.

    kill_in_write.py --db LEDGER --measure -- CMD...      prints: measured WRITE_MS TOTAL_MS RC
    kill_in_write.py --db LEDGER --delay-ms D -- CMD...   prints: OUTCOME WAITED_MS RC

The ledger runs in WAL mode: a connection holds SQLite's WAL write lock (a POSIX lock on byte
120 of LEDGER-shm) from its transaction's first write to its commit or rollback, and no longer;
readers and checkpoints lock other bytes. The command's progress through its write is read
from /proc/locks, every half millisecond, without changing the command.

OUTCOME is
  in-write        the lock was held by the command at the last look before the kill
  outside-write   killed, but the lock was not held then (before the write, or after it)
  finished-first  the command exited by itself before the kill
  no-write        it exited without ever taking the lock
A caller confirms an in-write kill by the ledger's state (the write must be rolled back): a kill
can still fall in the microseconds between the commit and the lock's release.

The command's stdout and stderr go to --out and --err (default /dev/null). Exit 0, or 2 on bad
usage.
"""
import argparse
import os
import signal
import subprocess
import sys
import time

WRITE_LOCK_BYTE = 120  # SQLite: UNIX_SHM_BASE ((22 + SQLITE_SHM_NLOCK) * 4) + WAL_WRITE_LOCK (0)
POLL = 0.0005


def holds_write_lock(pid, shm):
    """True when process `pid` holds the WAL write lock on the file `shm`."""
    try:
        ino = os.stat(shm).st_ino
    except FileNotFoundError:
        return False
    with open("/proc/locks") as f:
        for line in f:
            # "1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 120 120" (a blocked waiter has "->")
            parts = line.split()
            if len(parts) < 8 or parts[1] == "->":
                continue
            if (parts[1] == "POSIX" and parts[3] == "WRITE" and parts[4] == str(pid)
                    and parts[5].rsplit(":", 1)[-1] == str(ino)
                    and parts[6] == str(WRITE_LOCK_BYTE)):
                return True
    return False


def ms(t):
    return int(round(t * 1000))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--measure", action="store_true")
    mode.add_argument("--delay-ms", type=int)
    ap.add_argument("--out", default=os.devnull)
    ap.add_argument("--err", default=os.devnull)
    ap.add_argument("cmd", nargs="+")
    args = ap.parse_args()
    shm = args.db + "-shm"
    with open(args.out, "wb") as out, open(args.err, "wb") as err:
        start = time.monotonic()
        p = subprocess.Popen(args.cmd, stdout=out, stderr=err)
        first = last = None  # when the lock was first and last seen held
        killed_in = None
        while p.poll() is None:
            held = holds_write_lock(p.pid, shm)
            now = time.monotonic()
            if held:
                last = now
                if first is None:
                    first = now
            if (args.delay_ms is not None and first is not None
                    and now - first >= args.delay_ms / 1000):
                os.kill(p.pid, signal.SIGKILL)
                killed_in = held
                break
            time.sleep(POLL)
        rc = p.wait()
        end = time.monotonic()
    if args.measure:
        write = ms(last - first) if first is not None else -1
        print(f"measured {write} {ms(end - start)} {rc}")
    elif killed_in is None:
        print(f"{'no-write' if first is None else 'finished-first'} -1 {rc}")
    else:
        print(f"{'in-write' if killed_in else 'outside-write'} {ms(now - first)} {rc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
