#!/usr/bin/env bash
# Start-up: what one short command costs, side by side in one run:
#   balint       the command line, which loads the PDF engine only to draw or read a PDF
#   balint-web   the whole program in one binary (what `balint` was before: Pango, Cairo,
#                qpdf and the web server's libraries linked in), running the same commands
#   ledger, hledger (if installed: scripts/install-deps.sh --bench) printing their version
# For each: instructions counted by callgrind (repeatable whatever the machine is doing) and
# the wall-clock median of RUNS runs (hyperfine if installed, else a shell loop).
#
#   bench/startup/run.sh [BUILD_DIR]     (default build/; needs valgrind)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
runs=${RUNS:-50}
lean="$build/balint" whole="$build/balint-web"
for f in "$lean" "$whole"; do [ -x "$f" ] || { echo "no $f: build first" >&2; exit 2; }; done
work=$(mktemp -d "${TMPDIR:-/tmp}/balint-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
export BALINT_DB="$work/ledger.sqlite"
# The bundled example society; `log` adds to it (a few hundred entries more change nothing).
BALINT="$lean" "$here/examples/build-ledger.sh" "$BALINT_DB" > /dev/null
log_args=(log --person nikos --date 2025-03-04 --activity group --role member --minutes 60)

instructions() {  # callgrind's total for one run of the command
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
wall_ms() {  # median wall-clock milliseconds over $runs runs
  local i t0 t1 times=()
  for i in $(seq 1 "$runs"); do
    t0=$(date +%s%N); "$@" > /dev/null 2>&1 || true; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
row() {  # name, command...
  local name=$1; shift
  printf '| %s | %s | %s |\n' "$name" "$(instructions "$@" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" \
    "$(wall_ms "$@")"
}
echo "start-up, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each"
echo
echo "| command | instructions | wall ms (median) |"
echo "| --- | --- | --- |"
row "balint --version" "$lean" --version
row "balint-web --version (whole program)" "$whole" --version
row "balint log" "$lean" "${log_args[@]}"
row "balint-web log (whole program)" "$whole" "${log_args[@]}"
row "balint progress helen --rules bbs-leader-2023" "$lean" progress helen --rules bbs-leader-2023
row "balint-web progress (whole program)" "$whole" progress helen --rules bbs-leader-2023
command -v ledger > /dev/null && row "ledger --version" ledger --version
command -v hledger > /dev/null && row "hledger --version" hledger --version
exit 0
