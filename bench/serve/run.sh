#!/usr/bin/env bash
# balint serve against hledger-web, side by side in one run (bench/README.md, "balint serve").
# Not a test. Loopback only; every load phase is bounded in time.
#
#   bench/serve/run.sh [WORKDIR]        (default /tmp/balint-bench-serve; ~2 GB free needed)
#
# Environment: BALINT (default build/balint), PEOPLE and ENTRIES (10000, 1000000), PERSON
# (probe-large: about 1,200 entries of their own), REQUESTS (100 one-at-a-time requests each),
# SECONDS_LOAD (10: each wrk run), CONNECTIONS (8), SKIP_HLEDGER=1.
#
# The same entries for both: the generated society imported into a balint ledger, and that
# ledger's `balint export entries --format ledger` journal for hledger-web. Pages compared:
# balint's dashboard of PERSON (logged in as PERSON, a member) and hledger-web's register of
# PERSON's accounts (people:PERSON and below).
#
# Figures: per request, the time balint serve logs itself (handler, from the request read to
# the response ready) and, for both servers, curl's time_total on loopback; then wrk's
# requests a second with CONNECTIONS connections over two threads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/balint-bench-serve}
balint=${BALINT:-$repo/build/balint}
people=${PEOPLE:-10000}
entries=${ENTRIES:-1000000}
person=${PERSON:-probe-large}
requests=${REQUESTS:-100}
load_s=${SECONDS_LOAD:-10}
conns=${CONNECTIONS:-8}
port=${PORT:-18081}
hport=${HPORT:-18082}
password='bench-password-not-secret'
export BALINT_RULES_DIR=$repo/rules TZ=UTC LC_ALL=C.UTF-8
mkdir -p "$work"
cd "$work"

for tool in curl wrk sqlite3 python3; do
  command -v "$tool" > /dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done
[ -n "${SKIP_HLEDGER:-}" ] || command -v hledger-web > /dev/null ||
  { echo "run.sh: hledger-web is not installed (or SKIP_HLEDGER=1)" >&2; exit 1; }

# ---- data (kept in WORKDIR and reused) ------------------------------------------------------
[ -s society/entries.csv ] ||
  python3 "$repo/bench/generate.py" --people "$people" --entries "$entries" --out society
if [ ! -s ledger.sqlite ]; then
  rm -f ledger.sqlite-wal ledger.sqlite-shm entries.journal
  # society/setup.sh's steps; the society runs to the end of 2027 (entries "in the future"
  # are among the problems it carries), hence --allow-future.
  "$balint" --db ledger.sqlite init -q
  "$balint" --db ledger.sqlite import people society/people.csv -q
  sqlite3 ledger.sqlite < society/records.sql
  "$balint" --db ledger.sqlite import entries society/entries.csv --allow-future -q
  sqlite3 ledger.sqlite < society/post-import.sql
fi
"$balint" --db ledger.sqlite user list 2> /dev/null | grep -q "^$person " ||
  printf '%s\n' "$password" | "$balint" --db ledger.sqlite user add "$person" --role member --password-stdin
[ -s entries.journal ] || "$balint" --db ledger.sqlite export entries --format ledger > entries.journal
echo "ledger: $(sqlite3 ledger.sqlite 'SELECT count(*) FROM entry') entries," \
  "$(sqlite3 ledger.sqlite "SELECT count(*) FROM entry WHERE person = '$person'") of them $person's;" \
  "journal: $(grep -c '^[0-9]' entries.journal) transactions"

# ---- the servers ------------------------------------------------------------------------
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT
wait_for() {  # URL SECONDS
  for ((i = 0; i < $2 * 10; i++)); do
    curl -s -o /dev/null --max-time 5 "$1" && return 0
    sleep 0.1
  done
  echo "run.sh: $1 did not answer within $2 s" >&2
  exit 1
}
"$balint" --db ledger.sqlite serve --listen "127.0.0.1:$port" 2> serve.log &
pids+=($!)
if [ -z "${SKIP_HLEDGER:-}" ]; then
  start=$(date +%s.%N)
  hledger-web -f entries.journal --serve --host 127.0.0.1 --port "$hport" \
    --base-url "http://127.0.0.1:$hport" > hledger-web.log 2>&1 &
  pids+=($!)
fi
wait_for "http://127.0.0.1:$port/healthz" 30
balint_url="http://127.0.0.1:$port/"
hledger_url="http://127.0.0.1:$hport/register?q=inacct:people:$person"
if [ -z "${SKIP_HLEDGER:-}" ]; then
  wait_for "$hledger_url" 600
  echo "hledger-web answered after $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s (reading the journal)"
fi

# A member's session cookie for the dashboard.
curl -s -c cookies.txt -H 'Content-Type: application/json' \
  -d "{\"user\":\"$person\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/login" > /dev/null
cookie=$(awk '!/^#/ && NF >= 7 { print $6 "=" $7 }' cookies.txt | head -1)
[ -n "$cookie" ] || { echo "run.sh: login failed" >&2; exit 1; }
# Both pages answer 200 and show the person's entries.
check_page() {  # URL WHAT [CURL ARGS]
  local url=$1 what=$2
  shift 2
  local code
  code=$(curl -s -o page.html -w '%{http_code}' "$@" "$url")
  [ "$code" = 200 ] || { echo "run.sh: $what answered $code" >&2; exit 1; }
  echo "$what: $(wc -c < page.html) bytes"
}
check_page "$balint_url" "balint dashboard" -H "Cookie: $cookie"
grep -q "$person" page.html || { echo "run.sh: the dashboard does not name $person" >&2; exit 1; }
if [ -z "${SKIP_HLEDGER:-}" ]; then
  check_page "$hledger_url" "hledger-web register"
  grep -q "people:$person" page.html || { echo "run.sh: the register does not show people:$person" >&2; exit 1; }
fi

# ---- one request at a time ----------------------------------------------------------------
stats() {  # LABEL < one figure (ms) a line: median, 95th percentile, max
  sort -n | awk -v label="$1" '{ v[NR] = $1 }
    END { printf "%-44s %6d %9.1f %9.1f %9.1f\n", label, NR, v[int((NR + 1) / 2)],
          v[int(NR * 0.95 + 0.999)], v[NR] }'
}
sequential() {  # URL [CURL ARGS]: client time in ms, one a line
  local url=$1
  shift
  for ((i = 0; i < requests; i++)); do
    curl -s -o /dev/null -w '%{time_total}\n' "$@" "$url"
  done | awk '{ printf "%.3f\n", $1 * 1000 }'
}
echo
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $(date -u +%H:%M:%S) UTC"
printf '%-44s %6s %9s %9s %9s\n' "one request at a time (ms)" n median p95 max
before=$(wc -l < serve.log)
sequential "$balint_url" -H "Cookie: $cookie" | stats "balint dashboard, client (curl time_total)"
tail -n +"$((before + 1))" serve.log | awk '$1 == "GET" && $2 == "/" && $3 == 200 { sub(/ms$/, "", $4); print $4 }' |
  stats "balint dashboard, server (its log)"
[ -n "${SKIP_HLEDGER:-}" ] || sequential "$hledger_url" | stats "hledger-web register, client (curl time_total)"

# ---- throughput ---------------------------------------------------------------------------
echo
echo "wrk -t2 -c$conns -d${load_s}s, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
rps() {  # LABEL URL [WRK ARGS]
  local label=$1 url=$2
  shift 2
  wrk -t2 -c"$conns" -d"${load_s}s" --latency "$@" "$url" > wrk.txt
  awk -v label="$label" '/Requests\/sec/ { r = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF } END { printf "%-44s %9s req/s  latency p50 %s p99 %s%s\n", label, r, p50, p99,
    bad ? "  NON-2XX: " bad : "" }' wrk.txt
}
rps "balint dashboard" "$balint_url" -H "Cookie: $cookie"
[ -n "${SKIP_HLEDGER:-}" ] || rps "hledger-web register" "$hledger_url"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%H:%M:%S) UTC"
echo "peak resident memory: balint serve $(awk '/VmHWM/ { print $2 / 1024 " MB" }' /proc/"${pids[0]}"/status)$(
  [ -n "${SKIP_HLEDGER:-}" ] || awk '/VmHWM/ { print ", hledger-web " $2 / 1024 " MB" }' /proc/"${pids[1]}"/status)"
