#!/usr/bin/env bash
# Audit and import benchmarks against the peers, side by side in one run (bench/README.md,
# "Audit and import"). Not a test: it times whole processes with /usr/bin/time -v.
#
#   bench/audit/run.sh [WORKDIR]        (default /tmp/balint-bench-audit; ~4 GB free needed)
#
# Environment: BALINT (default build/balint), PEOPLE and ENTRIES (10000, 1000000) for the large
# society, SMALL_PEOPLE and SMALL_ENTRIES (1000, 100000) for the second ledger size of the
# progress timing, RUNS (default 3: the median is shown), SKIP_HLEDGER=1 to leave out hledger
# (about 30 s and 3 GB).
#
# For each peer the same input: the generated entries.csv for the imports; the ledger's file
# for balint's audit and the hand-written SQL (audit-bbs-leader-2023.sql) run by sqlite3; the
# journal of `balint export entries --format ledger` for ledger-cli and hledger.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/balint-bench-audit}
balint=${BALINT:-$repo/build/balint}
people=${PEOPLE:-10000}
entries=${ENTRIES:-1000000}
small_people=${SMALL_PEOPLE:-1000}
small_entries=${SMALL_ENTRIES:-100000}
runs=${RUNS:-3}
as_of=2026-11-25
export BALINT_RULES_DIR=$repo/rules TZ=UTC LC_ALL=C.UTF-8
mkdir -p "$work"
cd "$work"

for tool in sqlite3 ledger hledger python3 /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done

# ---- data -------------------------------------------------------------------------------
gen() {  # DIR PEOPLE ENTRIES
  [ -s "$1/entries.csv" ] || python3 "$repo/bench/generate.py" --people "$2" --entries "$3" --out "$1"
}
gen large "$people" "$entries"
gen small "$small_people" "$small_entries"

# A ledger ready for entries: people and records (not timed).
prepare() {  # DIR LEDGER
  rm -f "$2" "$2-wal" "$2-shm"
  "$balint" --db "$2" init -q
  "$balint" --db "$2" import people "$1/people.csv" -q
  sqlite3 "$2" < "$1/records.sql"
}

# ---- measuring --------------------------------------------------------------------------
results=$work/results.txt
: > "$results"
# measure LABEL CMD...: runs CMD $runs times (stdout to out.txt), records the median wall
# time, its user+system CPU time and the largest peak RSS.
measure() {
  local label=$1
  shift
  local samples=()
  for ((i = 0; i < runs; i++)); do
    [ -n "${BEFORE_EACH:-}" ] && eval "$BEFORE_EACH"
    /usr/bin/time -v -o time.txt "$@" > out.txt 2> err.txt || { cat err.txt time.txt >&2; exit 1; }
    samples+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
                   for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
                 /User time/ { u = $2 } /System time/ { y = $2 }
                 /Maximum resident/ { m = $2 }
                 END { printf "%.3f %.3f %d", w, u + y, m }' time.txt)")
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { w[NR] = $1; c[NR] = $2; if ($3 > m) m = $3 }
    END { k = int((n + 1) / 2); printf "%-58s %8.2f %8.2f %7.0f\n", label, w[k], c[k], m / 1024 }' |
    tee -a "$results"
}
header() { printf '\n%-58s %8s %8s %7s\n' "$1" "wall s" "cpu s" "MB" | tee -a "$results"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs" | tee -a "$results"

# ---- import -----------------------------------------------------------------------------
header "import of $entries entries (large/entries.csv)"
BEFORE_EACH='prepare large import.sqlite' \
  measure "balint import entries (validated, one transaction)" \
  "$balint" --db import.sqlite import entries large/entries.csv --allow-future -q
BEFORE_EACH='rm -f plain.db' \
  measure "sqlite3 .import --csv into a plain table" \
  sqlite3 plain.db ".import --csv large/entries.csv entry"

# ---- the ledgers audited ----------------------------------------------------------------
build() {  # DIR LEDGER
  [ -s "$2" ] && [ "$2" -nt "$1/entries.csv" ] && return
  prepare "$1" "$2"
  "$balint" --db "$2" import entries "$1/entries.csv" --allow-future -q
  sqlite3 "$2" < "$1/post-import.sql"
  "$balint" --db "$2" export entries --format ledger > "$1/journal.ledger"
}
build large large.sqlite
build small small.sqlite

# ---- audit ------------------------------------------------------------------------------
header "audit, $people people x $entries entries, rule set bbs-leader-2023"
measure "balint audit --rules bbs-leader-2023 --format csv" \
  "$balint" --db large.sqlite --as-of $as_of audit --rules bbs-leader-2023 --format csv
cp out.txt audit-balint.csv
measure "sqlite3: the same aggregate in hand-written SQL" \
  sqlite3 -cmd "CREATE TEMP TABLE asof AS SELECT '$as_of' AS d" large.sqlite \
  ".read $here/audit-bbs-leader-2023.sql"
cp out.txt audit-sql.csv
measure "balint audit --pathway bbs-leader (enrolled only)" \
  "$balint" --db large.sqlite --as-of $as_of audit --pathway bbs-leader --format csv
measure "balint audit --rules bbs-leader-2023 --anomalies-only" \
  "$balint" --db large.sqlite --as-of $as_of audit --rules bbs-leader-2023 --anomalies-only --format csv
runs_saved=$runs
runs=1
measure "ledger -f journal balance --flat" ledger -f large/journal.ledger balance --flat
if [ -z "${SKIP_HLEDGER:-}" ]; then
  measure "hledger -f journal balance" hledger -f large/journal.ledger balance
fi
runs=$runs_saved

# The two audits agree on every value (the SQL has no anomaly checks).
python3 - audit-balint.csv audit-sql.csv <<'PY' | tee -a "$results"
import csv, sys
ours = {r["person"]: r for r in csv.DictReader(open(sys.argv[1]))}
sql = {r["person"]: r for r in csv.DictReader(open(sys.argv[2]))}
pairs = [("leading", "leading.value"), ("co_leading_accredited", "co-leading-accredited.value"),
         ("settings", "settings.value"), ("leadership_training", "leadership-training.value"),
         ("two_day_event", "two-day-event.value"), ("supervision", "supervision.value"),
         ("peer_supervision", "peer-supervision.value")]
bad = set(ours) ^ set(sql)
for p in set(ours) & set(sql):
    o, s = ours[p], sql[p]
    if any(int(s[a]) != int(o[b]) for a, b in pairs) or \
       (o["eligible"] == "yes") != (s["eligible"] == "1") or \
       (o["membership.status"] == "met") != (s["membership"] == "1"):
        bad.add(p)
print(f"balint and SQL audits: {len(ours)} people, {len(bad)} differing")
PY

# ---- progress for one person, two ledger sizes ------------------------------------------
header "progress PERSON --pathway bbs-leader (whole process)"
for size in small large; do
  n=$(sqlite3 $size.sqlite "SELECT count(*) FROM entry")
  for who in probe-small probe-large; do
    k=$(sqlite3 $size.sqlite "SELECT count(*) FROM entry WHERE person = '$who'")
    runs_saved=$runs
    runs=$((runs < 5 ? 5 : runs))
    measure "$who ($k entries) in a ledger of $n entries" \
      "$balint" --db $size.sqlite --as-of $as_of progress $who --pathway bbs-leader
    runs=$runs_saved
  done
done

# /usr/bin/time rounds to 10 ms: the same runs again with hyperfine, in milliseconds.
if command -v hyperfine > /dev/null; then
  printf '\n%-58s %8s %8s %7s\n' "progress again, hyperfine (20 runs after 3 warm-ups)" "mean ms" "sd ms" "min ms" |
    tee -a "$results"
  for size in small large; do
    n=$(sqlite3 $size.sqlite "SELECT count(*) FROM entry")
    for who in probe-small probe-large; do
      k=$(sqlite3 $size.sqlite "SELECT count(*) FROM entry WHERE person = '$who'")
      hyperfine -N -w 3 -r 20 --export-json hf.json \
        "$balint --db $size.sqlite --as-of $as_of progress $who --pathway bbs-leader" > /dev/null
      python3 -c 'import json, sys
r = json.load(open("hf.json"))["results"][0]
print("%-58s %8.1f %8.1f %7.1f" % (sys.argv[1], r["mean"] * 1e3, r["stddev"] * 1e3, r["min"] * 1e3))' \
        "$who ($k entries) in a ledger of $n entries" | tee -a "$results"
    done
  done
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
echo "results in $results"
