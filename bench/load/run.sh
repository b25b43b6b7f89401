#!/usr/bin/env bash
# balint serve under load, and killed with SIGKILL under the same load (bench/load/README.md).
# Not a test (tests/web/kill_test.py is the small kill test of the suite). Loopback only;
# bounded: every request (60 s), the run (SECONDS_RUN) and the whole driver (SECONDS_RUN + 900 s).
#
#   bench/load/run.sh [--kill N] [WORKDIR]      (default /tmp/balint-bench-load; ~3 GB free)
#
# Environment:
#   BALINT            the binary (default build/balint)
#   PEOPLE, ENTRIES   the society (10000, 1000000; bench/generate.py, seeded), imported once into
#                     WORKDIR/base-ENTRIES.sqlite with the accounts (driver.py prepare) and kept;
#                     each run serves a fresh copy of it
#   MEMBERS, LEADERS  simulated members and leaders (200, 20)
#   SECONDS_RUN       how long they run (300)
#   THINK             seconds each waits between pages, LO:HI, uniform (5:15)
#   THREADS           balint serve --threads (8, its default)
#   IMPORT_ROWS       the secretary's CSV upload (50000)
#   SEED              the kill moments, who is simulated, the CSV (19)
#   DRIVER_ARGS       more options for driver.py run (driver.py run --help)
#
# The data are made under nice 19; the run itself (server, driver, the CLI's audit) at the
# caller's nice level.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kill=0
if [ "${1:-}" = "--kill" ]; then
  kill=$2
  shift 2
fi
work=${1:-/tmp/balint-bench-load}
balint=${BALINT:-$repo/build/balint}
case $balint in /*) ;; *) balint=$PWD/$balint ;; esac
people=${PEOPLE:-10000}
entries=${ENTRIES:-1000000}
members=${MEMBERS:-200}
leaders=${LEADERS:-20}
seconds=${SECONDS_RUN:-300}
think=${THINK:-5:15}
threads=${THREADS:-8}
import_rows=${IMPORT_ROWS:-50000}
seed=${SEED:-19}
export BALINT_RULES_DIR=$repo/rules TZ=UTC LC_ALL=C.UTF-8
for tool in sqlite3 python3 timeout; do
  command -v "$tool" > /dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done
[ -x "$balint" ] || { echo "run.sh: no $balint (build it first, or give BALINT)" >&2; exit 1; }
mkdir -p "$work"
cd "$work"

# ---- data (kept in WORKDIR and reused) ------------------------------------------------------
society=large-$entries
base=base-$entries-$members-$leaders.sqlite
[ -s "$society/entries.csv" ] ||
  nice -n 19 python3 "$repo/bench/generate.py" --people "$people" --entries "$entries" --out "$society"
if [ ! -s "$base.load.json" ]; then
  rm -f "$base" "$base-wal" "$base-shm" "$base.key" "$base.load.json"
  # The steps of the society's setup.sh (as bench/serve/run.sh); it runs to the end of 2027.
  nice -n 19 "$balint" --db "$base" init -q
  nice -n 19 "$balint" --db "$base" import people "$society/people.csv" -q
  nice -n 19 sqlite3 "$base" < "$society/records.sql"
  nice -n 19 "$balint" --db "$base" import entries "$society/entries.csv" --allow-future -q
  nice -n 19 sqlite3 "$base" < "$society/post-import.sql"
  nice -n 19 python3 "$here/driver.py" prepare --balint "$balint" --db "$base" \
    --members "$members" --leaders "$leaders" --seed "$seed"
fi

# ---- the run ------------------------------------------------------------------------------
if [ "$kill" -gt 0 ]; then out=run-kill-$kill; else out=run-load; fi
rm -rf "$out"
mkdir -m 700 "$out"
cp "$base" "$out/ledger.sqlite"
cp "$base.key" "$out/ledger.sqlite.key"
cp "$base.load.json" "$out/ledger.sqlite.load.json"
echo "bench/load/run.sh: $(date -u '+%Y-%m-%d %H:%M:%S') UTC; commit $(git -C "$repo" rev-parse --short HEAD 2> /dev/null || echo '?');" \
  "$(nproc) CPUs; nice $(nice); uptime:$(uptime)"
rc=0
timeout -k 30 $((${seconds%.*} + 900)) python3 "$here/driver.py" run --balint "$balint" \
  --db "$out/ledger.sqlite" --out "$out" --seconds "$seconds" --kill "$kill" --seed "$seed" \
  --think "$think" --threads "$threads" --import-rows "$import_rows" ${DRIVER_ARGS:-} || rc=$?
echo "bench/load/run.sh: finished $(date -u '+%H:%M:%S') UTC; uptime:$(uptime); exit $rc"
exit $rc
