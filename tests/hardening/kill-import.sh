#!/usr/bin/env bash
# Crash safety of `balint import entries` (SPEC §5: "a killed import leaves the ledger as it
# was before it"). Generates a large entries CSV, then KILLS times: starts the import into a
# fresh copy of a ledger that already holds people and a few entries, kills it with SIGKILL at
# a seeded moment of its write transaction, and checks that
#   - `PRAGMA integrity_check` is ok and `PRAGMA foreign_key_check` finds nothing;
#   - the ledger holds all of the import or none of it (BASE or BASE + ROWS entries, and one
#     import_batch row or none);
#   - it still works: importing the same file again completes and leaves exactly BASE + ROWS,
#     and then no file is left beside the ledger (no -wal, -shm or anything else).
# The kills are timed against the import's progress through its write: kill_in_write.py
# watches SQLite's WAL write lock (held from the transaction's start to its commit) in
# /proc/locks, and kill i falls in the i-th of KILLS equal slices of 5% .. 85% of the shortest
# write measured beforehand. A kill "landed during the write" when the lock was held at the
# last look before it and the import was rolled back; at least half of the kills must land so
# (else the test proves nothing and fails).
#
#   tests/hardening/kill-import.sh                       # the long run: 200,000 rows, 20 kills
#   tests/hardening/kill-import.sh --rows 25000 --kills 3  # what the golden test hard-kill-import runs
#
# Options: --rows N, --kills K, --seed S (the kill moments), --keep (keep the work folder).
# Uses `balint` from PATH (or $BALINT), sqlite3 and python3. Prints one line per kill:
#   kill 3/20 at 1234 ms into a write of ~2500 ms (in-write): ok (none)
# then how many kills landed during the write, and exits 1 if any check fails.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rows=200000 kills=20 seed=1 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--rows N] [--kills K] [--seed S] [--keep]" >&2; exit 2 ;;
  esac
done
balint="${BALINT:-balint}"
work="$(mktemp -d "${TMPDIR:-/tmp}/balint-kill-import.XXXXXX")"
[ $keep -eq 1 ] && echo "work folder: $work" >&2 || trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
fail=0
die() { echo "FAIL: $*"; fail=$((fail + 1)); }
q() { sqlite3 "$1" "$2" 2>&1; }

python3 "$here/gen_entries.py" --rows "$rows" --people 40 --seed "$seed" \
  --entries entries.csv --people-csv people.csv || exit 2

# The ledger before the import: people and three entries of its own.
export BALINT_DB="$work/base.sqlite"
"$balint" init > /dev/null && "$balint" -q import people people.csv &&
  "$balint" log --person p000,p001,p002 --date 2024-01-01 --activity group --role member \
    --minutes 90 --note "before" > /dev/null || { echo "FAIL: cannot set up the ledger"; exit 2; }
base=$(q base.sqlite 'SELECT count(*) FROM entry')
[ -e base.sqlite-wal ] && { echo "FAIL: base ledger left a WAL file open"; exit 2; }

# How long the import's write transaction lasts here (the shorter of two).
span=0
for t in 1 2; do
  rm -f timing.sqlite*
  cp base.sqlite timing.sqlite
  read -r _ took _ rc < <(python3 "$here/kill_in_write.py" --db timing.sqlite --measure \
    --err timing.err -- env BALINT_DB="$work/timing.sqlite" "$balint" -q import entries entries.csv)
  [ "$rc" = 0 ] || die "the timing import failed: $(cat timing.err)"
  [ "$took" -gt 0 ] || die "the timing import was never seen holding the write lock"
  [ $span -eq 0 ] || [ "$took" -lt $span ] && span=$took
  [ "$(q timing.sqlite 'SELECT count(*) FROM entry')" = "$((base + rows))" ] ||
    die "a complete import does not hold $((base + rows)) entries"
done
[ $fail -eq 0 ] || { echo "FAILED"; exit 1; }

RANDOM=$seed
landed=0
for i in $(seq 1 "$kills"); do
  failed_before=$fail
  rm -f ledger.sqlite ledger.sqlite-wal ledger.sqlite-shm
  cp base.sqlite ledger.sqlite
  before=$(ls -A | sort)
  # Kill i falls at a random moment of the i-th of KILLS equal slices of 5% .. 85% of the
  # write ($RANDOM: 15 bits each).
  slice=$((span * 80 / 100 / kills + 1))
  delay=$(( span * 5 / 100 + (i - 1) * slice + (RANDOM << 15 | RANDOM) % slice ))
  read -r what _ rc < <(python3 "$here/kill_in_write.py" --db ledger.sqlite \
    --delay-ms "$delay" --out import.out --err import.err \
    -- env BALINT_DB="$work/ledger.sqlite" "$balint" -q import entries entries.csv)
  case "$what" in
    in-write | outside-write) [ "$rc" = -9 ] || die "kill $i: rc $rc after a kill" ;;
    *) [ "$rc" = 0 ] || die "kill $i: the import failed by itself (rc $rc): $(cat import.err)" ;;
  esac
  integrity=$(q ledger.sqlite 'PRAGMA integrity_check')
  fks=$(q ledger.sqlite 'PRAGMA foreign_key_check')
  count=$(q ledger.sqlite 'SELECT count(*) FROM entry')
  batches=$(q ledger.sqlite 'SELECT count(*) FROM import_batch')
  state=""
  if [ "$count" = "$base" ] && [ "$batches" = 0 ]; then
    state=none
  elif [ "$count" = "$((base + rows))" ] && [ "$batches" = 1 ]; then
    state=all
  fi
  line="kill $i/$kills at $delay ms into a write of ~$span ms ($what)"
  if [ "$integrity" != ok ] || [ -n "$fks" ] || [ -z "$state" ]; then
    die "$line: integrity '$integrity', foreign keys '$fks', $count entries, $batches batches (expected $base or $((base + rows)))"
    continue
  fi
  [ "$what" = in-write ] && [ "$state" = none ] && landed=$((landed + 1))
  # Still usable: the same import again ends with every row exactly once.
  BALINT_DB="$work/ledger.sqlite" "$balint" import entries entries.csv > again.out 2> again.err ||
    die "$line: re-import failed: $(cat again.err)"
  after=$(q ledger.sqlite 'SELECT count(*) FROM entry')
  [ "$after" = "$((base + rows))" ] || die "$line: after re-importing, $after entries, not $((base + rows))"
  [ -s again.err ] && die "$line: re-import wrote to stderr: $(cat again.err)"
  # Nothing left behind once a later import has run: the files are those of before (the
  # outputs of this loop aside).
  left=$(comm -13 <(echo "$before") <(ls -A | grep -vxE 'import\.(out|err)|again\.(out|err)' | sort))
  [ -z "$left" ] || die "$line: files left behind: $(echo $left)"
  [ $fail -eq $failed_before ] && echo "$line: ok ($state)"
done
echo "landed during the write (killed holding the write lock, rolled back): $landed of $kills kills"
if [ $((landed * 2)) -lt "$kills" ]; then
  die "fewer than half of the kills landed during the write: the test proves too little"
else
  echo "at least half of the kills landed during the write"
fi
if [ $fail -eq 0 ]; then echo "all $kills kills: ok"; else echo "FAILED"; fi
[ $fail -eq 0 ]
