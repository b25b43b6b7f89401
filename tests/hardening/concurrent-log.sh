#!/usr/bin/env bash
# Concurrency: WRITERS processes log ENTRIES entries each into one ledger at the same time,
# while a reader runs `balint progress PERSON --rules cpd-uk` and `balint entries PERSON` in a
# loop until they finish. Checks that every entry is there exactly once (by its note), that
# every command exited 0 (progress may say 1, "not met") and that no process wrote anything to
# stderr (in particular no "database is locked").
#
#   tests/hardening/concurrent-log.sh                     # the long run: 2 × 10,000 `balint log`
#   tests/hardening/concurrent-log.sh --mode import       # 2 × 10,000 entries as 100 imports of 100
#   tests/hardening/concurrent-log.sh --entries 40        # what the golden test hard-concurrent-log runs
#
# Options: --entries N (per writer), --writers W (2), --mode log|import, --batch B (rows per
# imported file, 100), --keep. Uses `balint` from PATH (or $BALINT), sqlite3.
# `balint log` starts one process per entry (about 7 million instructions, some 10 to 25 ms
# each on a loaded machine), so the long run takes a few minutes; it prints its timings.
set -uo pipefail
entries=10000 writers=2 mode=log batch=100 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --entries) entries="$2"; shift 2 ;;
    --writers) writers="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--entries N] [--writers W] [--mode log|import] [--batch B] [--keep]" >&2
       exit 2 ;;
  esac
done
balint="${BALINT:-balint}"
work="$(mktemp -d "${TMPDIR:-/tmp}/balint-concurrent.XXXXXX")"
[ $keep -eq 1 ] && echo "work folder: $work" >&2 || trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
export BALINT_DB="$work/ledger.sqlite"
fail=0
die() { echo "FAIL: $*"; fail=1; }
now_ms() { date +%s%3N; }

"$balint" init > /dev/null || exit 2
for w in $(seq 1 "$writers"); do
  "$balint" -q person add "w$w" --name "Writer $w" || exit 2
done

# Entry i of writer w: date i of a 1500-day cycle and the note "w<w>-<i>". The dates and the
# import files are made before the clock starts.
mapfile -t dates < <(python3 -c "
import datetime as d
for i in range($entries + 1): print(d.date(2020, 1, 1) + d.timedelta(days=i % 1500))")
date_of() { echo "${dates[$1]}"; }

writer_log() {
  local w=$1 i
  for i in $(seq 1 "$entries"); do
    "$balint" log --person "w$w" --date "${dates[$i]}" --activity group --role member \
      --minutes 60 --note "w$w-$i" > /dev/null 2>> "err.w$w" || echo "log $i: rc $?" >> "rc.w$w"
  done
}

make_import_files() {
  local w=$1 i=1 f=0 n
  while [ $i -le "$entries" ]; do
    f=$((f + 1))
    {
      echo "date,person,activity,role,minutes,note"
      for ((n = i; n < i + batch && n <= entries; n++)); do
        echo "${dates[$n]},w$w,group,member,60,w$w-$n"
      done
    } > "w$w-$f.csv"
    i=$((i + batch))
  done
}

writer_import() {
  local w=$1 f
  for f in $(ls "w$w-"*.csv | sort -t- -k2 -n); do
    "$balint" -q import entries "$f" 2>> "err.w$w" || echo "import $f: rc $?" >> "rc.w$w"
  done
}

reader() {
  local n=0 rc
  while [ ! -e writers.done ]; do
    "$balint" progress w1 --rules cpd-uk > /dev/null 2>> err.reader
    rc=$?
    [ $rc -le 1 ] || echo "progress: rc $rc" >> rc.reader
    "$balint" entries w2 > /dev/null 2>> err.reader || echo "entries: rc $?" >> rc.reader
    n=$((n + 2))
  done
  echo $n > reader.count
}

if [ "$mode" = import ]; then
  [ "$batch" -ge 1 ] || exit 2
  for w in $(seq 1 "$writers"); do make_import_files "$w"; done
fi
t0=$(now_ms)
reader &
reader_pid=$!
pids=()
for w in $(seq 1 "$writers"); do
  if [ "$mode" = import ]; then writer_import "$w" & else writer_log "$w" & fi
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
took=$(($(now_ms) - t0))
touch writers.done
wait "$reader_pid"

for w in $(seq 1 "$writers"); do
  got=$(sqlite3 ledger.sqlite "SELECT count(*) || ' ' || count(DISTINCT note) FROM entry WHERE person = 'w$w'")
  [ "$got" = "$entries $entries" ] || die "writer $w: $got entries/distinct notes, expected $entries"
  missing=$(sqlite3 ledger.sqlite "SELECT count(*) FROM entry WHERE person = 'w$w' AND note NOT LIKE 'w$w-%'")
  [ "$missing" = 0 ] || die "writer $w: $missing entries with foreign notes"
done
for f in err.* rc.*; do
  [ -s "$f" ] || continue
  die "$f: $(sort "$f" | uniq -c | sort -rn | head -5 | tr '\n' ';')"
done
locked=$(cat err.* 2> /dev/null | grep -c 'database is locked')
[ "$(sqlite3 ledger.sqlite 'PRAGMA integrity_check')" = ok ] || die "integrity_check failed"
echo "$writers writers × $entries entries ($mode): all present exactly once"
echo "reader: $(cat reader.count) commands, stderr empty: $([ -s err.reader ] && echo no || echo yes)"
echo "'database is locked' reported: $locked times"
echo "time: ${took} ms ($((took / (entries > 0 ? entries : 1))) ms per entry per writer)" >&2
[ $fail -eq 0 ] && echo "ok" || echo "FAILED"
exit $fail
