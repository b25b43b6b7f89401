#!/usr/bin/env bash
# balint serve, alone on the large ledger and side by side with hledger-web on the same entries,
# in one run (bench/serve/README.md). Not a test. Loopback only; every phase is bounded in time.
#
#   bench/serve/run.sh [WORKDIR]        (default /tmp/balint-bench-serve; ~2 GB free needed)
#
# Environment:
#   BALINT            the binary (default build/balint)
#   PEOPLE, ENTRIES   the large society (10000, 1000000): balint serve alone
#   SIDE_PEOPLE, SIDE_ENTRIES
#                     the society served by both balint serve and hledger-web (1000, 100000;
#                     hledger-web keeps the whole journal in memory and rebuilds the register
#                     from all of it on every request, so the 1,000,000-entry journal makes each
#                     of its requests take seconds). SIDE_ENTRIES=$ENTRIES compares on the large one.
#   PERSON            whose dashboard / register (probe-large: about 1,200 entries of their
#                     own, the same history in every size)
#   FRESH_PEOPLE      how many other people of the large ledger (50) log in for the "fresh, many
#                     people" phases: each request the next person's dashboard, made afresh
#   REQUESTS          one-at-a-time requests per page (100), stopped early after SEQ_SECONDS (60)
#   SECONDS_LOAD      each wrk run (10 s); CONNECTIONS (8); THREADS: balint serve's (8)
#   HLEDGER_START     how long hledger-web may take to read its journal (900 s)
#   HLEDGER_MEM       its memory cap in bytes (8000000000)
#   SKIP_HLEDGER=1    balint serve only
#
# Pages: balint's dashboard of PERSON (logged in as PERSON, a member: progress on every
# pathway, the entries with totals, the certificates) and hledger-web's register of PERSON's
# accounts (people:PERSON and below). The journal is `balint export entries --format ledger`
# of the same ledger.
#
# balint serve keeps the dashboards it sends (by session and parameters) until the ledger
# changes, so a page asked for again is sent as it was made. Its dashboard is therefore timed
# twice: as the same page again (cached), and made afresh on every request ("uncached": each
# request with its own ?done=..., a parameter that is part of the cache's key and, unknown,
# changes nothing on the page; checked byte for byte below). On the large ledger it is also
# timed as many people would ask for it: FRESH_PEOPLE members (accounts made once, kept in the
# ledger) each logged in, each request the next one's dashboard with a ?done= of its own, so
# that every page is made afresh: a typical member's history (about 100 entries) rather than
# PERSON's 1,202.
#
# Figures: per request, the time balint serve logs for itself (from the request read to the
# response ready) and, for both servers, curl's time_total on loopback; then wrk's requests a
# second with CONNECTIONS connections on two client threads (wrk shares the two CPUs with
# the server it loads), and the CPU time (user + system) the server spent meanwhile divided
# by the requests wrk completed: a figure that depends less on what else the machine runs;
# wrk's own CPU time (user + system, /usr/bin/time) a request beside it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/balint-bench-serve}
balint=${BALINT:-$repo/build/balint}
case $balint in /*) ;; *) balint=$PWD/$balint ;; esac
people=${PEOPLE:-10000}
entries=${ENTRIES:-1000000}
side_people=${SIDE_PEOPLE:-1000}
side_entries=${SIDE_ENTRIES:-100000}
person=${PERSON:-probe-large}
fresh_people=${FRESH_PEOPLE:-50}
requests=${REQUESTS:-100}
seq_s=${SEQ_SECONDS:-60}
load_s=${SECONDS_LOAD:-10}
conns=${CONNECTIONS:-8}
threads=${THREADS:-8}
hstart=${HLEDGER_START:-900}
hmem=${HLEDGER_MEM:-8000000000}
port=${PORT:-18081}
sport=${SIDE_PORT:-18083}
hport=${HPORT:-18082}
password='bench-password-not-secret'
export BALINT_RULES_DIR=$repo/rules TZ=UTC LC_ALL=C.UTF-8
mkdir -p "$work"
cd "$work"

for tool in curl wrk sqlite3 python3 prlimit; do
  command -v "$tool" > /dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done
[ -n "${SKIP_HLEDGER:-}" ] || command -v hledger-web > /dev/null ||
  { echo "run.sh: hledger-web is not installed (apt-get install hledger-web, or SKIP_HLEDGER=1)" >&2; exit 1; }

# ---- data (kept in WORKDIR and reused) ------------------------------------------------------
society() {  # NAME PEOPLE ENTRIES: NAME/ (generated), NAME.sqlite, NAME.journal
  local name=$1 n_people=$2 n_entries=$3
  [ -s "$name/entries.csv" ] ||
    python3 "$repo/bench/generate.py" --people "$n_people" --entries "$n_entries" --out "$name"
  if [ ! -s "$name.sqlite" ]; then
    rm -f "$name.sqlite-wal" "$name.sqlite-shm" "$name.journal"
    # The steps of NAME/setup.sh. The society runs to the end of 2027 (entries "in the
    # future" are among the problems it carries), hence --allow-future.
    "$balint" --db "$name.sqlite" init -q
    "$balint" --db "$name.sqlite" import people "$name/people.csv" -q
    sqlite3 "$name.sqlite" < "$name/records.sql"
    "$balint" --db "$name.sqlite" import entries "$name/entries.csv" --allow-future -q
    sqlite3 "$name.sqlite" < "$name/post-import.sql"
  fi
  "$balint" --db "$name.sqlite" user list 2> /dev/null | grep -q "^$person " ||
    printf '%s\n' "$password" | "$balint" --db "$name.sqlite" user add "$person" --role member --password-stdin > /dev/null
  [ -s "$name.journal" ] || "$balint" --db "$name.sqlite" export entries --format ledger > "$name.journal"
  echo "$name: $(sqlite3 "$name.sqlite" 'SELECT count(*) FROM entry') entries," \
    "$(sqlite3 "$name.sqlite" "SELECT count(*) FROM entry WHERE person = '$person'") of them $person's;" \
    "journal: $(grep -c '^[0-9]' "$name.journal") transactions"
}
large=large-$entries
side=side-$side_entries
[ "$side_entries" != "$entries" ] || side=$large
society "$large" "$people" "$entries"
[ "$side" = "$large" ] || society "$side" "$side_people" "$side_entries"

# ---- servers ------------------------------------------------------------------------------
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT
wait_for() {  # URL SECONDS
  local end=$((SECONDS + $2))
  while ((SECONDS < end)); do
    curl -s -o /dev/null --max-time 30 "$1" && return 0
    sleep 0.5
  done
  echo "run.sh: $1 did not answer within $2 s" >&2
  exit 1
}
serve() {  # LEDGER PORT LOG
  "$balint" --db "$1" serve --listen "127.0.0.1:$2" --threads "$threads" 2> "$3" &
  pids+=($!)
  wait_for "http://127.0.0.1:$2/healthz" 60
}
login() {  # PORT: prints the session cookie of PERSON
  curl -s -c cookies-"$1".txt -H 'Content-Type: application/json' \
    -d "{\"user\":\"$person\",\"password\":\"$password\"}" "http://127.0.0.1:$1/api/login" > /dev/null
  local c
  c=$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { print $6 "=" $7 }' cookies-"$1".txt | head -1)
  [ -n "$c" ] || { echo "run.sh: login on port $1 failed" >&2; exit 1; }
  echo "$c"
}
check_page() {  # URL WHAT MUST-HOLD [CURL ARGS]: the page answers 200 and shows MUST-HOLD
  local url=$1 what=$2 must=$3
  shift 3
  local code
  code=$(curl -s -o page.html --max-time 600 -w '%{http_code}' "$@" "$url")
  [ "$code" = 200 ] || { echo "run.sh: $what answered $code" >&2; exit 1; }
  grep -q "$must" page.html || { echo "run.sh: $what does not show $must" >&2; exit 1; }
  echo "$what: $(wc -c < page.html) bytes, shows $must"
}

serve "$large.sqlite" "$port" serve-large.log
large_cookie=$(login "$port")
check_page "http://127.0.0.1:$port/" "balint dashboard ($large)" "$person" -H "Cookie: $large_cookie"
mv page.html page-cached.html
check_page "http://127.0.0.1:$port/?done=uncached-check" "balint dashboard ($large), uncached" "$person" \
  -H "Cookie: $large_cookie"
cmp -s page.html page-cached.html ||
  { echo "run.sh: the dashboard with ?done=uncached-check is not the same page" >&2; exit 1; }
# Other members of the large ledger, each logged in (accounts made once and kept).
login_as() {  # PORT WHO: prints WHO's session cookie
  local jar=cookies-fresh.txt c
  rm -f "$jar"
  curl -s -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"user\":\"$2\",\"password\":\"$password\"}" "http://127.0.0.1:$1/api/login" > /dev/null
  c=$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { print $6 "=" $7 }' "$jar" | head -1)
  [ -n "$c" ] || { echo "run.sh: login of $2 on port $1 failed" >&2; exit 1; }
  echo "$c"
}
mapfile -t fresh_ids < <(sqlite3 "$large.sqlite" "SELECT id FROM person WHERE id != '$person' AND id IN
  (SELECT person FROM entry WHERE id % 997 = 0) ORDER BY id LIMIT $fresh_people")
accounts=$("$balint" --db "$large.sqlite" user list 2> /dev/null | awk '{ print $1 }')
fresh_cookies=()
for who in "${fresh_ids[@]}"; do
  grep -qx "$who" <<< "$accounts" ||
    printf '%s\n' "$password" | "$balint" --db "$large.sqlite" user add "$who" --role member --password-stdin > /dev/null
done
for who in "${fresh_ids[@]}"; do fresh_cookies+=("$(login_as "$port" "$who")"); done
check_page "http://127.0.0.1:$port/?done=fresh-check" "balint dashboard ($large) of ${fresh_ids[0]}" \
  "${fresh_ids[0]}" -H "Cookie: ${fresh_cookies[0]}"
echo "fresh, many people: ${#fresh_ids[@]} members of $large, $(sqlite3 "$large.sqlite" \
  "SELECT count(*) FROM entry WHERE person IN ($(printf "'%s'," "${fresh_ids[@]}" | sed 's/,$//'))") entries among them"
if [ "$side" != "$large" ]; then
  serve "$side.sqlite" "$sport" serve-side.log
  side_cookie=$(login "$sport")
  check_page "http://127.0.0.1:$sport/" "balint dashboard ($side)" "$person" -H "Cookie: $side_cookie"
else
  sport=$port side_cookie=$large_cookie
fi
hledger_url="http://127.0.0.1:$hport/register?q=inacct:people:$person"
if [ -z "${SKIP_HLEDGER:-}" ]; then
  start=$SECONDS
  # Capped (RLIMIT_DATA) so that it fails alone rather than wake the kernel's OOM killer on
  # a shared machine: its /journal page of the 100,000-entry journal grew past 23 GB here.
  prlimit --data="$hmem" hledger-web -f "$side.journal" --serve --host 127.0.0.1 --port "$hport" \
    --base-url "http://127.0.0.1:$hport" > hledger-web.log 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$hport/favicon.ico" "$hstart"  # it reads the journal first
  echo "hledger-web answered after $((SECONDS - start)) s (reading $side.journal)"
  check_page "$hledger_url" "hledger-web register ($side)" "people:$person"
fi

# ---- one request at a time ----------------------------------------------------------------
stats() {  # LABEL < one figure (ms) a line: count, median, 95th percentile, max
  sort -n | awk -v label="$1" '{ v[NR] = $1 }
    END { if (NR == 0) { printf "%-52s      0\n", label; exit }
          printf "%-52s %6d %9.1f %9.1f %9.1f\n", label, NR, v[int((NR + 1) / 2)],
          v[int(NR * 0.95 + 0.999)], v[NR] }'
}
sequential() {  # URL [CURL ARGS]: client time in ms, one a line; REQUESTS or SEQ_SECONDS
  local url=$1 end=$((SECONDS + seq_s))
  shift
  for ((i = 0; i < requests && SECONDS < end; i++)); do
    curl -s -o /dev/null --max-time 120 -w '%{time_total}\n' "$@" "${url//@N@/$i}"
  done | awk '{ printf "%.3f\n", $1 * 1000 }'
}
uncached=0  # each uncached run its own ?done= values: none of them kept from before
uncached_url() { uncached=$((uncached + 1)); echo "$1?done=uncached-$uncached-@N@"; }
server_ms() {  # LOG FROM-LINE: the dashboard times balint serve logged
  tail -n +"$2" "$1" | awk '$1 == "GET" && $2 == "/" && $3 == 200 { sub(/ms$/, "", $4); print $4 }'
}
echo
echo "started $(date -u +%H:%M:%S) UTC; $(nproc) CPUs; uptime:$(uptime)"
printf '%-52s %6s %9s %9s %9s\n' "one request at a time (ms)" n median p95 max
from=$(($(wc -l < serve-large.log) + 1))
sequential "http://127.0.0.1:$port/" -H "Cookie: $large_cookie" | stats "balint dashboard, $large, client"
server_ms serve-large.log "$from" | stats "balint dashboard, $large, server (its log)"
from=$(($(wc -l < serve-large.log) + 1))
sequential "$(uncached_url "http://127.0.0.1:$port/")" -H "Cookie: $large_cookie" |
  stats "uncached, $large, client"
server_ms serve-large.log "$from" | stats "uncached, $large, server (its log)"
from=$(($(wc -l < serve-large.log) + 1))
end=$((SECONDS + seq_s))
for ((i = 0; i < requests && SECONDS < end; i++)); do
  curl -s -o /dev/null --max-time 120 -w '%{time_total}\n' -H "Cookie: ${fresh_cookies[i % ${#fresh_cookies[@]}]}" \
    "http://127.0.0.1:$port/?done=fresh-seq-$(date +%s)-$i"
done | awk '{ printf "%.3f\n", $1 * 1000 }' | stats "fresh, many people, $large, client"
server_ms serve-large.log "$from" | stats "fresh, many people, $large, server (its log)"
if [ "$side" != "$large" ]; then
  from=$(($(wc -l < serve-side.log) + 1))
  sequential "http://127.0.0.1:$sport/" -H "Cookie: $side_cookie" | stats "balint dashboard, $side, client"
  server_ms serve-side.log "$from" | stats "balint dashboard, $side, server (its log)"
  from=$(($(wc -l < serve-side.log) + 1))
  sequential "$(uncached_url "http://127.0.0.1:$sport/")" -H "Cookie: $side_cookie" |
    stats "uncached, $side, client"
  server_ms serve-side.log "$from" | stats "uncached, $side, server (its log)"
fi
[ -n "${SKIP_HLEDGER:-}" ] || sequential "$hledger_url" | stats "hledger-web register, $side, client"

# ---- throughput ---------------------------------------------------------------------------
echo
echo "wrk -t2 -c$conns -d${load_s}s; uptime:$(uptime)"
cpu_ms() {  # PID: user + system CPU time of the process so far, in ms
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f\n", ($14 + $15) * 1000 / hz }' /proc/"$1"/stat
}
rps() {  # LABEL PID URL [WRK ARGS]: wrk's figures and the server's CPU time per request
  local label=$1 pid=$2 url=$3
  shift 3
  local cpu0
  cpu0=$(cpu_ms "$pid")
  /usr/bin/time -f '%U %S' -o wrk.time wrk -t2 -c"$conns" -d"${load_s}s" --timeout 60s --latency "$@" "$url" > wrk.txt
  awk -v label="$label" -v cpu=$(($(cpu_ms "$pid") - cpu0)) -v wcpu="$(awk '{ print ($1 + $2) * 1000 }' wrk.time)" \
    '/Requests\/sec/ { r = $2 } /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 } /requests in/ { n = $1 } /Non-2xx/ { bad = $NF } /Socket errors/ { err = $0 }
    END { printf "%-44s %8s req/s (%s done)  p50 %s p99 %s  server CPU %s%s%s\n", label, r, n, p50, p99,
          (n > 0 ? sprintf("%.2f ms a request (wrk %.2f ms)", cpu / n, wcpu / n) : sprintf("%d ms, nothing done", cpu)),
          bad ? "  NON-2XX: " bad : "", err ? "  " err : "" }' wrk.txt
}
# Uncached under wrk: every request its own ?done= (wrk's thread number and a count).
cat > uncached.lua <<'LUA'
local n = 0
function setup(thread) n = n + 1; thread:set("id", n) end
function init() count = 0 end
function request()
  count = count + 1
  return wrk.format(nil, "/?done=uncached-wrk-" .. RUN .. "-" .. id .. "-" .. count)
end
LUA
rps "balint dashboard, $large" "${pids[0]}" "http://127.0.0.1:$port/" -H "Cookie: $large_cookie"
sed -i "1i RUN = \"$(date +%s)a\"" uncached.lua
rps "uncached, $large" "${pids[0]}" "http://127.0.0.1:$port/" -H "Cookie: $large_cookie" -s uncached.lua
# Fresh, many people: each request the next member's session, with a ?done= of its own.
{
  echo "RUN = \"$(date +%s)c\""
  echo "cookies = {"
  for c in "${fresh_cookies[@]}"; do echo "  \"$c\","; done
  echo "}"
  cat <<'LUA'
local n = 0
function setup(thread) n = n + 1; thread:set("id", n) end
function init() count = 0 end
function request()
  count = count + 1
  local cookie = cookies[(count * 2 + id) % #cookies + 1]
  return wrk.format("GET", "/?done=fresh-wrk-" .. RUN .. "-" .. id .. "-" .. count, { Cookie = cookie })
end
LUA
} > fresh.lua
rps "fresh, many people, $large" "${pids[0]}" "http://127.0.0.1:$port/" -s fresh.lua
if [ "$side" != "$large" ]; then
  rps "balint dashboard, $side" "${pids[1]}" "http://127.0.0.1:$sport/" -H "Cookie: $side_cookie"
  sed -i "1s/.*/RUN = \"$(date +%s)b\"/" uncached.lua
  rps "uncached, $side" "${pids[1]}" "http://127.0.0.1:$sport/" -H "Cookie: $side_cookie" -s uncached.lua
fi
[ -n "${SKIP_HLEDGER:-}" ] || rps "hledger-web register, $side" "${pids[-1]}" "$hledger_url"
echo "finished $(date -u +%H:%M:%S) UTC; uptime:$(uptime)"
# The peak resident memory, and at the end how much of the resident memory is the process's
# own (RssAnon) rather than pages of files it maps (RssFile: balint serve maps the ledger file,
# once a pooled connection, so the kernel's cached pages of it count once a connection here).
hwm() { awk '/VmHWM/ { h = $2 } /RssAnon/ { a = $2 } /RssFile/ { f = $2 }
             END { printf "%.0f MB (now: own %.0f MB, mapped files %.0f MB)", h / 1024, a / 1024, f / 1024 }' /proc/"$1"/status; }
echo -n "peak resident memory: balint serve ($large) $(hwm "${pids[0]}")"
[ "$side" = "$large" ] || echo -n ", balint serve ($side) $(hwm "${pids[1]}")"
[ -n "${SKIP_HLEDGER:-}" ] || echo -n ", hledger-web ($side) $(hwm "${pids[-1]}")"
echo
