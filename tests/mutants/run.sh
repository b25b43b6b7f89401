#!/usr/bin/env bash
# The mutation check: builds a copy of the tree with one small deliberate bug at a time (the
# mutants in mutants.txt), runs the test suite on it, and prints which mutants survived (the
# suite passed with the bug in). Slow (the whole suite per surviving mutant, minutes each on
# two cores), so not part of CI; its last result is recorded in README.md here.
#
#   tests/mutants/run.sh [--work DIR] [-j N] [ID...]     default: every mutant, -j 2
#
# The copy is the working tree's files (tracked and untracked, not ignored) in WORK/tree
# (default ${TMPDIR:-/tmp}/balint-mutants), built in WORK/build through ccache under
# `nice -n 19`. First the unmutated copy is built and tested: a test that fails there is left
# out of every mutant's run (and named). Then, for each mutant: apply it, rebuild (only the
# file it touches and what links it), run its `first:` tests, then the whole suite, each with
# --stop-on-failure; a failing test kills the mutant. The file is put back before the next.
#
# Prints one line per mutant and a summary; writes WORK/results.tsv. Exit 0 when every mutant
# was killed, 1 when one survived, 2 when one did not apply or build, or the tree did not
# build.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/balint-mutants"
jobs=2
ids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    -j) jobs="$2"; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "usage: $0 [--work DIR] [-j N] [ID...]" >&2; exit 2 ;;
    *) ids+=("$1"); shift ;;
  esac
done
list="$here/mutants.txt"
mut() { python3 "$here/mutants.py" "$@"; }
[ ${#ids[@]} -eq 0 ] && mapfile -t ids < <(mut ids "$list")
tree="$work/tree" build="$work/build" logs="$work/logs"
mkdir -p "$work" "$logs"
log() { echo "[$(date -u +%H:%M:%S)] $*"; }

log "copying the tree to $tree"
rm -rf "$tree"
mkdir -p "$tree"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
  tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$tree" || { echo "cannot copy the tree"; exit 2; }
stale=$(mut check "$list" "$tree") || { echo "mutants that no longer apply:"; echo "$stale"; exit 2; }

build_tree() {  # build_tree LOG
  nice -n 19 cmake -S "$tree" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$1" 2>&1 &&
    nice -n 19 cmake --build "$build" -j "$jobs" >> "$1" 2>&1
}
# run_tests LOG [ctest options]: 0 when every test passed; sets $failed to the first failure.
run_tests() {
  local out=$1
  shift
  failed=""
  (cd "$build" && nice -n 19 ctest -j "$jobs" --timeout 900 --stop-on-failure "$@") > "$out" 2>&1
  local rc=$?
  if [ $rc -ne 0 ]; then
    failed=$(sed -n 's/^[[:space:]]*[0-9]* - \(.*\) (\(Failed\|Timeout\|SEGFAULT\|Subprocess aborted\|Exception\|Not Run\).*$/\1/p' "$out" | head -1)
    [ -n "$failed" ] || failed="ctest rc $rc (see $out)"
  fi
  return $rc
}

start=$(date +%s)
log "building the unmutated copy"
build_tree "$logs/baseline.build.log" || { tail -20 "$logs/baseline.build.log"; echo "the unmutated tree does not build"; exit 2; }
log "testing the unmutated copy"
(cd "$build" && nice -n 19 ctest -j "$jobs" --timeout 900) > "$logs/baseline.test.log" 2>&1
# Tests that fail without any mutant cannot tell anything: left out, by exact name.
mapfile -t broken < <(sed -n 's/^[[:space:]]*[0-9]* - \(.*\) (.*)$/\1/p' "$logs/baseline.test.log")
exclude=()
if [ ${#broken[@]} -gt 0 ]; then
  log "failing without a mutant, left out: ${broken[*]}"
  pattern=$(printf '%s\n' "${broken[@]}" | sed 's/[][\.*^$+?(){}|]/\\&/g; s/^/^/; s/$/$/' | paste -sd'|')
  exclude=(-E "$pattern")
fi
total=$(sed -n 's/^.*tests passed, [0-9]* tests failed out of \([0-9]*\)$/\1/p' "$logs/baseline.test.log")
log "baseline: ${total:-?} tests, ${#broken[@]} failing"

printf 'id\tresult\tkilled_by\tseconds\twhat\n' > "$work/results.tsv"
killed=0 survived=0 errors=0 survivors=()
for id in "${ids[@]}"; do
  t0=$(date +%s)
  file=$(mut field "$list" "$id" file)
  what=$(mut field "$list" "$id" what)
  first=$(mut field "$list" "$id" first)
  mut apply "$list" "$tree" "$id" || { errors=$((errors + 1)); continue; }
  result="" by=""
  if ! build_tree "$logs/$id.build.log"; then
    result="does not build"; by="(see $logs/$id.build.log)"; errors=$((errors + 1))
  elif [ -n "$first" ] && ! run_tests "$logs/$id.first.log" -R "$first" "${exclude[@]}"; then
    result=killed; by=$failed
  elif ! run_tests "$logs/$id.all.log" "${exclude[@]}"; then
    result=killed; by=$failed
  else
    result=SURVIVED
  fi
  mut restore "$list" "$tree" "$id"
  took=$(($(date +%s) - t0))
  case "$result" in
    killed) killed=$((killed + 1)) ;;
    SURVIVED) survived=$((survived + 1)); survivors+=("$id ($file): $what") ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$result" "$by" "$took" "$what" >> "$work/results.tsv"
  log "$id: $result${by:+ by $by} (${took}s) — $what"
done
# Leave the copy built as it is in the tree.
build_tree "$logs/final.build.log" > /dev/null 2>&1 || true

elapsed=$(( ($(date +%s) - start) / 60 ))
echo "== $(date -u +%F): ${#ids[@]} mutants: $killed killed, $survived survived, $errors did not apply or build; ${total:-?} tests, ${#broken[@]} left out; ${elapsed} min"
if [ $survived -gt 0 ]; then
  echo "survivors:"
  printf '  %s\n' "${survivors[@]}"
fi
[ $errors -eq 0 ] || exit 2
[ $survived -eq 0 ] || exit 1
exit 0
