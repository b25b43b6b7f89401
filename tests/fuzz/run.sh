#!/usr/bin/env bash
# Builds every libFuzzer harness and runs each for SECONDS (default 60), one after the other
# (never in parallel: the machine is shared). CI smoke: `tests/fuzz/run.sh 30`; the long run
# recorded in README.md: `tests/fuzz/run.sh 600`.
#
#   tests/fuzz/run.sh [SECONDS] [HARNESS...]     harnesses: csv_entries csv_people rules template verify_pdf verify_payload
#
# Environment: BALINT_FUZZ_BUILD (default build-fuzz in the tree), CC/CXX (default clang-14),
# BALINT_FUZZ_TIMEOUT (seconds one input may take, default 60).
# Exit 1 when a harness found a crash, leak or timeout (the input is saved under
# BUILD/fuzz-artifacts/NAME/; add it to tests/fuzz/regressions/NAME/ once fixed), 2 when
# clang is missing (a smoke that cannot run fails; it never passes empty) or a harness does
# not build or run.
#
# The corpus a run grows is kept in BUILD/fuzz-corpus/NAME/ and reused by the next run; it is
# seeded from the tree's real files (examples/, rules/, templates/, tests/data/, the golden
# tests' inputs), tests/fuzz/corpus/NAME/ and the regression inputs.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
seconds="${1:-60}"
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(csv_entries csv_people rules template verify_pdf verify_payload)
build="${BALINT_FUZZ_BUILD:-$repo/build-fuzz}"
export CC="${CC:-clang-14}" CXX="${CXX:-clang++-14}"
# An input slower than this is reported as a hang. Generous: on a loaded shared machine a
# 70 ms input once took 11 s (a false alarm); a real hang (an exponential rule file) does not
# finish at all.
timeout="${BALINT_FUZZ_TIMEOUT:-60}"

if ! command -v "$CXX" > /dev/null; then
  echo "fuzz: $CXX not found; libFuzzer needs clang (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$repo" -B "$build" -DBALINT_FUZZ=ON -DBALINT_WERROR=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$build.configure.log" 2>&1 || {
    cat "$build.configure.log"
    exit 2
  }
fi

# The seed files of each harness: the tree's real inputs of that kind.
seeds() {
  case "$1" in
    csv_entries | csv_people)
      find "$repo/examples" "$repo/tests/data" "$repo/tests/golden" -name '*.csv' -size -64k ;;
    rules)
      find "$repo/rules" "$repo/tests/data/rules" "$repo/tests/golden" -name '*.toml' ;;
    template)
      find "$repo/templates" "$repo/tests/golden" -name '*.toml' ;;
    verify_pdf)
      find "$repo/tests/fuzz/regressions/verify_pdf" -type f ;;
    verify_payload)
      find "$repo/tests/fuzz/regressions/verify_payload" "$repo/tests/bad-inputs/forged" -type f ;;
  esac
}

status=0
summary=()
for name in "${harnesses[@]}"; do
  bin="$build/tests/fuzz/fuzz_$name"
  echo "== fuzz_$name: building"
  if ! nice cmake --build "$build" --target "fuzz_$name" -j2 > "$build/fuzz_$name.build.log" 2>&1; then
    tail -30 "$build/fuzz_$name.build.log"
    summary+=("fuzz_$name: does not build (see $build/fuzz_$name.build.log)")
    status=2
    continue
  fi
  corpus="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name"
  logs="$build/fuzz-logs"
  mkdir -p "$corpus" "$artifacts" "$logs"
  seed_dir="$build/fuzz-seeds/$name"
  rm -rf "$seed_dir"
  mkdir -p "$seed_dir"
  i=0
  while IFS= read -r f; do
    cp "$f" "$seed_dir/$(printf '%03d' $i)-$(basename "$f")"
    i=$((i + 1))
  done < <(seeds "$name" | sort)
  extra=()
  for d in "$here/corpus/$name" "$here/regressions/$name"; do
    [ -d "$d" ] && extra+=("$d")
  done
  dict="$here/dict/$name.dict"
  [ -f "$dict" ] || dict="$here/dict/${name%%_*}.dict"  # csv_entries and csv_people share csv.dict; verify_pdf and verify_payload: verify.dict
  log="$logs/$name.log"
  before=$(ls "$artifacts" | wc -l)
  echo "== fuzz_$name: running ${seconds}s (log $log)"
  start=$(date +%s)
  (
    cd "$artifacts" &&
      ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" UBSAN_OPTIONS="print_stacktrace=1" \
      LSAN_OPTIONS="suppressions=$repo/tests/hardening/lsan.supp:print_suppressions=0" \
        nice "$bin" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=8192 \
        -dict="$dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
        "$corpus" "$seed_dir" "${extra[@]}"
  ) > "$log" 2>&1
  rc=$?
  elapsed=$(($(date +%s) - start))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  found=$(($(ls "$artifacts" | wc -l) - before))
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  line="fuzz_$name: ${elapsed}s, ${execs:-?} executions, $cov, corpus $(ls "$corpus" | wc -l) files, new artifacts $found"
  if [ $rc -ne 0 ] || [ "$found" -gt 0 ]; then
    line+=" — FAILED (rc $rc):"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: |.*runtime error)' "$log" | head -5 | sed 's/^/    /' >&2
    status=1
  fi
  echo "$line"
  summary+=("$line")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
