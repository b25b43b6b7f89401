#!/usr/bin/env bash
# Two balint binaries side by side on the import and audit jobs of run.sh, runs interleaved
# (old, new, old, new, ...), for before/after figures of a change (bench/README.md).
#
#   bench/audit/compare.sh OLD_BALINT NEW_BALINT [WORKDIR]
#
# WORKDIR (default /tmp/balint-bench-audit) must hold what run.sh made: large/ and
# large.sqlite. RUNS (default 3): the median wall and CPU time, and the largest peak memory;
# the progress job, a few milliseconds a run, is timed PROGRESS_RUNS times (default 7 x RUNS).
#
# Each binary reads a copy of large.sqlite that its own `init` has brought to its schema (a
# no-op when the schemas agree), so a binary of an older schema than the other's can be
# compared: make large.sqlite with the older binary (BALINT=OLD run.sh ...).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
old=$1 new=$2 work=${3:-/tmp/balint-bench-audit}
runs=${RUNS:-3}
as_of=2026-11-25
export BALINT_RULES_DIR=$repo/rules TZ=UTC LC_ALL=C.UTF-8
# OLD_RULES: the rule files the old binary reads (its own tree's rules/, when the vocabulary of
# the rule files has grown since: an older binary refuses keys it does not know).
old_rules=${OLD_RULES:-$repo/rules}
cd "$work"
[ -s large.sqlite ] && [ -s large/entries.csv ] || { echo "compare.sh: run run.sh first" >&2; exit 1; }

rules_of() {  # BALINT: the rule folder it reads
  if [ "$1" = "$old" ]; then echo "$old_rules"; else echo "$repo/rules"; fi
}
prepare() {  # BALINT LEDGER
  rm -f "$2" "$2-wal" "$2-shm"
  "$1" --db "$2" init -q
  "$1" --db "$2" import people large/people.csv -q
  sqlite3 "$2" < large/records.sql
}
sample() {  # prints "wall cpu maxrss_kb" of one run of CMD... (wait4: CPU to the microsecond)
  python3 -c '
import os, subprocess, sys, time
with open("cmp-out.txt", "wb") as out, open("cmp-err.txt", "wb") as err:
    t = time.perf_counter()
    p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(1)
print(f"{wall:.4f} {ru.ru_utime + ru.ru_stime:.4f} {ru.ru_maxrss}")
' "$@" || { cat cmp-err.txt >&2; exit 1; }
}
median() {  # LABEL FILE: the median wall time and, sorted apart, the median CPU time
  local w c m
  w=$(cut -d' ' -f1 "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  c=$(cut -d' ' -f2 "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  m=$(cut -d' ' -f3 "$2" | sort -n | tail -1)
  printf '%-58s %8.3f %8.3f %7.0f\n' "$1" "$w" "$c" "$((m / 1024))"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
printf '%-58s %8s %8s %7s\n' "job (median of $runs, interleaved)" "wall s" "cpu s" "MB"
: > cmp-import-old.txt; : > cmp-import-new.txt; : > cmp-audit-old.txt; : > cmp-audit-new.txt
for ((i = 0; i < runs; i++)); do
  for which in old new; do
    b=$old; [ $which = new ] && b=$new
    BALINT_RULES_DIR=$(rules_of "$b")
    prepare "$b" cmp-import.sqlite
    sample "$b" --db cmp-import.sqlite import entries large/entries.csv --allow-future -q >> cmp-import-$which.txt
  done
done
for which in old new; do
  b=$old; [ $which = new ] && b=$new
  BALINT_RULES_DIR=$(rules_of "$b")
  rm -f cmp-$which.sqlite-wal cmp-$which.sqlite-shm
  cp large.sqlite cmp-$which.sqlite
  "$b" --db cmp-$which.sqlite init -q ||
    { echo "compare.sh: $b cannot open large.sqlite (make it with the older binary)" >&2; exit 1; }
done
for ((i = 0; i < runs; i++)); do
  for which in old new; do
    b=$old; [ $which = new ] && b=$new
    BALINT_RULES_DIR=$(rules_of "$b")
    sample "$b" --db cmp-$which.sqlite --as-of $as_of audit --rules bbs-leader-2023 --format csv \
      >> cmp-audit-$which.txt
    cp cmp-out.txt cmp-audit-$which.csv
  done
done
progress_runs=${PROGRESS_RUNS:-$((7 * runs))}
: > cmp-progress-old.txt; : > cmp-progress-new.txt
for ((i = 0; i < progress_runs; i++)); do
  for which in old new; do
    b=$old; [ $which = new ] && b=$new
    BALINT_RULES_DIR=$(rules_of "$b")
    sample "$b" --db cmp-$which.sqlite --as-of $as_of progress probe-large --pathway bbs-leader \
      >> cmp-progress-$which.txt
    cp cmp-out.txt cmp-progress-$which.txt.out
  done
done
median "import entries, before ($old)" cmp-import-old.txt
median "import entries, after ($new)" cmp-import-new.txt
median "audit --rules bbs-leader-2023 --format csv, before" cmp-audit-old.txt
median "audit --rules bbs-leader-2023 --format csv, after" cmp-audit-new.txt
median "progress probe-large --pathway bbs-leader, before" cmp-progress-old.txt
median "progress probe-large --pathway bbs-leader, after" cmp-progress-new.txt
if cmp -s cmp-audit-old.csv cmp-audit-new.csv; then
  echo "audit CSV: the same bytes before and after"
else
  echo "audit CSV: DIFFERS before and after"
fi
if cmp -s cmp-progress-old.txt.out cmp-progress-new.txt.out; then
  echo "progress report: the same bytes before and after"
else
  echo "progress report: DIFFERS before and after"
fi
rm -f cmp-import.sqlite cmp-import.sqlite-wal cmp-import.sqlite-shm cmp-old.sqlite* cmp-new.sqlite*
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
