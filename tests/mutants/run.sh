#!/usr/bin/env bash
# The mutation check: builds a copy of the tree with one small deliberate bug at a time (the
# mutants in mutants.txt), runs the tests relevant to it (its `tests:` regex), and prints which
# mutants survived (those tests passed with the bug in). Slow (a rebuild and a few minutes of
# tests per mutant on two cores), so not part of CI; its last result is in README.md here.
#
#   tests/mutants/run.sh [--work DIR] [-j N] [--full] [--tests REGEX] [ID...]
#                                         default: every mutant, each with its own tests, -j 2
#
# The copy is the working tree's files (tracked and untracked, not ignored) in WORK/tree
# (default: build-mutants/ in the tree, ignored by git), built in WORK/tree/build under
# `nice -n 19`; the build lies where the tree's own build/ lies relative to its sources, so
# with ccache's base_dir above both the first build is mostly cache hits, and the copy is kept
# between runs (each later run rebuilds only what changed). First the unmutated copy is built
# and the union of the chosen mutants' tests run on it: a test that fails there is left out of
# every mutant's run (and named). Then, for each mutant: apply it, rebuild (only the file it
# touches and what links it), run its tests with --stop-on-failure; a failing test kills it.
# With --full, a mutant that survives its own tests is run against the whole suite as well;
# with --tests, the tests matching REGEX are run on every mutant instead of its own (to see
# whether, say, the goldens alone kill it: --tests '^golden: ').
# The file is put back (and dated now, so the next build compiles it again) after each one.
#
# Prints one line per mutant and a summary; writes WORK/results.tsv. Exit 0 when every mutant
# was killed, 1 when one survived, 2 when one did not apply or build, or the tree did not
# build.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$repo/build-mutants"
jobs=2
full=0
only=""
ids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    -j) jobs="$2"; shift 2 ;;
    --full) full=1; shift ;;
    --tests) only="$2"; shift 2 ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "usage: $0 [--work DIR] [-j N] [--full] [--tests REGEX] [ID...]" >&2; exit 2 ;;
    *) ids+=("$1"); shift ;;
  esac
done
list="$here/mutants.txt"
mut() { python3 "$here/mutants.py" "$@"; }
[ ${#ids[@]} -eq 0 ] && mapfile -t ids < <(mut ids "$list")
tree="$work/tree" build="$work/tree/build" logs="$work/logs"
mkdir -p "$work" "$logs" "$tree"
log() { echo "[$(date -u +%H:%M:%S)] $*"; }

log "copying the tree to $tree"
# Files a mutant run left mutated (interrupted) are put back first; the copy keeps its build.
mapfile -t restored < <(find "$tree" -name '*.mutant-orig' -not -path "$build/*")
for f in "${restored[@]}"; do mv "$f" "${f%.mutant-orig}"; done
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
  tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$tree" || { echo "cannot copy the tree"; exit 2; }
# Dated now (after tar gave them the tree's times), so their mutated objects are rebuilt.
for f in "${restored[@]}"; do touch "${f%.mutant-orig}"; done
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
if [ -n "$only" ]; then relevant=(-R "$only")
elif [ $full -eq 1 ]; then relevant=()
else relevant=(-R "$(mut union "$list" "${ids[@]}")"); fi
(cd "$build" && nice -n 19 ctest -j "$jobs" --timeout 900 "${relevant[@]}") > "$logs/baseline.test.log" 2>&1
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
  tests=${only:-$(mut field "$list" "$id" tests)}
  mut apply "$list" "$tree" "$id" || { errors=$((errors + 1)); continue; }
  result="" by=""
  if ! build_tree "$logs/$id.build.log"; then
    result="does not build"; by="(see $logs/$id.build.log)"; errors=$((errors + 1))
  elif ! run_tests "$logs/$id.test.log" -R "$tests" "${exclude[@]}"; then
    result=killed; by=$failed
  elif [ $full -eq 1 ] && ! run_tests "$logs/$id.all.log" "${exclude[@]}"; then
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
# Leave the copy built as it is in the tree (so the next run starts from it).
build_tree "$logs/final.build.log" > /dev/null 2>&1 || true

elapsed=$(( ($(date +%s) - start) / 60 ))
echo "== $(date -u +%F): ${#ids[@]} mutants: $killed killed, $survived survived, $errors did not apply or build; ${total:-?} tests in the baseline, ${#broken[@]} left out; ${elapsed} min"
if [ $survived -gt 0 ]; then
  echo "survivors:"
  printf '  %s\n' "${survivors[@]}"
fi
[ $errors -eq 0 ] || exit 2
[ $survived -eq 0 ] || exit 1
exit 0
