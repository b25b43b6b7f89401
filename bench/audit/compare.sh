#!/usr/bin/env bash
# Two balint binaries side by side on the import and audit jobs of run.sh, runs interleaved
# (old, new, old, new, ...), for before/after figures of a change (bench/README.md).
#
#   bench/audit/compare.sh OLD_BALINT NEW_BALINT [WORKDIR]
#
# WORKDIR (default /tmp/balint-bench-audit) must hold what run.sh made: large/ and
# large.sqlite. RUNS (default 3): the median wall and CPU time, and the largest peak memory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
old=$1 new=$2 work=${3:-/tmp/balint-bench-audit}
runs=${RUNS:-3}
as_of=2026-11-25
export BALINT_RULES_DIR=$repo/rules TZ=UTC LC_ALL=C.UTF-8
cd "$work"
[ -s large.sqlite ] && [ -s large/entries.csv ] || { echo "compare.sh: run run.sh first" >&2; exit 1; }

prepare() {  # BALINT LEDGER
  rm -f "$2" "$2-wal" "$2-shm"
  "$1" --db "$2" init -q
  "$1" --db "$2" import people large/people.csv -q
  sqlite3 "$2" < large/records.sql
}
sample() {  # prints "wall cpu maxrss_kb" of one run of CMD...
  /usr/bin/time -v -o cmp-time.txt "$@" > cmp-out.txt 2> cmp-err.txt || { cat cmp-err.txt >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
                for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
              /User time/ { u = $2 } /System time/ { y = $2 } /Maximum resident/ { m = $2 }
              END { printf "%.3f %.3f %d\n", w, u + y, m }' cmp-time.txt
}
median() {  # LABEL FILE
  sort -n "$2" | awk -v label="$1" -v n="$runs" '
    { w[NR] = $1; c[NR] = $2; if ($3 > m) m = $3 }
    END { k = int((n + 1) / 2); printf "%-58s %8.2f %8.2f %7.0f\n", label, w[k], c[k], m / 1024 }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
printf '%-58s %8s %8s %7s\n' "job (median of $runs, interleaved)" "wall s" "cpu s" "MB"
: > cmp-import-old.txt; : > cmp-import-new.txt; : > cmp-audit-old.txt; : > cmp-audit-new.txt
for ((i = 0; i < runs; i++)); do
  for which in old new; do
    b=$old; [ $which = new ] && b=$new
    prepare "$b" cmp-import.sqlite
    sample "$b" --db cmp-import.sqlite import entries large/entries.csv --allow-future -q >> cmp-import-$which.txt
  done
done
for ((i = 0; i < runs; i++)); do
  for which in old new; do
    b=$old; [ $which = new ] && b=$new
    sample "$b" --db large.sqlite --as-of $as_of audit --rules bbs-leader-2023 --format csv \
      >> cmp-audit-$which.txt
    cp cmp-out.txt cmp-audit-$which.csv
  done
done
median "import entries, before ($old)" cmp-import-old.txt
median "import entries, after ($new)" cmp-import-new.txt
median "audit --rules bbs-leader-2023 --format csv, before" cmp-audit-old.txt
median "audit --rules bbs-leader-2023 --format csv, after" cmp-audit-new.txt
if cmp -s cmp-audit-old.csv cmp-audit-new.csv; then
  echo "audit CSV: the same bytes before and after"
else
  echo "audit CSV: DIFFERS before and after"
fi
rm -f cmp-import.sqlite cmp-import.sqlite-wal cmp-import.sqlite-shm
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
