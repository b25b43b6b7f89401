#!/usr/bin/env bash
# Instructions per dashboard request, under callgrind (repeatable on a loaded machine, unlike
# times). Not a test. Loopback only; bounded.
#
#   bench/serve/profile.sh LEDGER [N] [OUT]
#
# Starts build/balint-web (BALINT_WEB) on LEDGER under valgrind --tool=callgrind with one
# worker thread, logs in as PERSON (probe-large; the account bench/serve/run.sh makes), asks
# for the dashboard once (warm-up: the SQLite page cache, lazily built state), zeroes the
# counters, asks N (5) more times, dumps, stops the server. Prints the instructions per
# request and the top functions (inclusive); the callgrind file is OUT (callgrind.out.dash).
# URL_PATH (/) picks the page; an @N@ in it is replaced by the request's number (0 for the
# warm-up), so that URL_PATH='/?done=fresh-@N@' asks for a dashboard made afresh every time
# (the parameter is part of the server's cache key and changes nothing on the page). SQL statements prepared per request: SQL=1 counts calls of
# sqlite3_prepare_v2 (and _v3) from the same profile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ledger=${1:?LEDGER}
n=${2:-5}
out=${3:-callgrind.out.dash}
web=${BALINT_WEB:-$repo/build/balint-web}
person=${PERSON:-probe-large}
password=${PASSWORD:-bench-password-not-secret}
port=${PORT:-18091}
path=${URL_PATH:-/}
export BALINT_RULES_DIR=${BALINT_RULES_DIR:-$repo/rules} TZ=UTC LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'kill "$pid" 2> /dev/null || true; pkill -P "$watchdog" 2> /dev/null || true
      kill "$watchdog" 2> /dev/null || true; wait 2> /dev/null || true; rm -rf "$tmp"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" --dump-instr=no \
  "$web" --db "$ledger" serve --listen "127.0.0.1:$port" --threads 1 2> "$tmp/server.log" &
pid=$!
# Bounded: 15 minutes at most (its output to /dev/null: it must not hold this script's open).
(sleep 900; kill "$pid") > /dev/null 2>&1 &
watchdog=$!
for _ in $(seq 240); do
  curl -s -o /dev/null --max-time 30 "http://127.0.0.1:$port/healthz" && break
  sleep 0.5
done
curl -s -c "$tmp/cookies" -H 'Content-Type: application/json' \
  -d "{\"user\":\"$person\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/login" > /dev/null
cookie=$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { print $6 "=" $7 }' "$tmp/cookies" | head -1)
[ -n "$cookie" ] || { echo "profile.sh: login failed" >&2; exit 1; }
get() {  # [N]
  curl -s -o "$tmp/page.html" --max-time 300 -w '%{http_code} %{size_download}\n' -H "Cookie: $cookie" \
    "http://127.0.0.1:$port${path//@N@/${1:-0}}"
}
echo "warm-up: $(get)"
grep -q "$person" "$tmp/page.html" || { echo "profile.sh: the page does not show $person" >&2; exit 1; }
callgrind_control -z "$pid" > /dev/null
for i in $(seq "$n"); do get "$i" > /dev/null; done
callgrind_control -d "$pid" > /dev/null
kill "$pid"
wait "$pid" 2> /dev/null || true
dump=$(ls -t "$out"* | grep -v "^$out\$" | head -1)  # the -d dump: OUT.PID.1 or OUT.1
total=$(callgrind_annotate "$dump" 2> /dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
echo "$n requests of $path: $total instructions, $((total / n)) a request ($dump)"
callgrind_annotate --inclusive=yes "$dump" 2> /dev/null | sed -n '/^Ir/,$p' | head -60
if [ -n "${SQL:-}" ]; then
  callgrind_annotate --inclusive=yes --threshold=100 "$dump" 2> /dev/null |
    grep -E 'sqlite3_prepare_v[23]|sqlite3_step ' | head
fi
