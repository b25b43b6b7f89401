#!/usr/bin/env bash
# Installs, builds and runs the whole test suite (this is what .ci/run runs):
#   1. the unit and end-to-end tests under ASan + UBSan (tests/hardening/sanitize.sh,
#      build-asan: with clang-14 also the fuzz harnesses' build), all but the three minute-long
#      web runs (the browser walk, the concurrent writers, the kill -9 test) and the visual tests, which
#      drive the server or draw pages for a minute each and run in step 3 (CI's time);
#   2. a short libFuzzer smoke of every harness (tests/fuzz/run.sh, from build-asan; clang-14)
#      and then clang-tidy (scripts/lint.sh), and beside both the long concurrency run
#      (tests/hardening/concurrent-log.sh, 2 x 10,000);
#   3. on the normal build (build/), under ctest, the tests step 1 left out: the browser walk,
#      the concurrent writers, the kill -9 test and the visual tests. Every test thus runs once; the rest of the
#      suite ran sanitized in step 1; running it twice took CI to 1,685 s of its 1,800
#      (2026-12-05). Steps 2 and 3 need only the `balint` binary of the normal build, so only
#      that target is built there (the unit tests, the fuzz harnesses and balint-reference are
#      built once, sanitized); with the suite run once, CI still took 1,795 s and then
#      2,259 s (2026-12-06), most of it in the concurrency run: each `balint log` started
#      Pango, Cairo, qpdf and the server's libraries. Since `balint` loads those only when it
#      draws a PDF (README, "Start-up"), that run took 239 s here alone (2026-12-06, load 7)
#      and 432 s inside a whole run of this script, which passed in 2,137 s with two other
#      engineers' builds beside it (load 4 to 8; its clang build alone 792 s, uncached).
#
#   scripts/test.sh            everything
#   scripts/test.sh --quick    the whole suite on the normal build only (what a developer runs
#                              between edits)
#
# Environment: BALINT_FUZZ_SECONDS (default 20) per harness for the smoke; BUILD_DIR for step 3.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
quick=0
# The tests that drive the server or draw pages for a minute each: on the normal build only.
# `web: hostile clients` times the server (its p99 beside 500 idle connections, its timeouts
# to the second, its memory): under ASan it would time the sanitizer; every request of the
# other web tests still goes through the same connection code (src/web/guard.cpp) under ASan.
# `web: kill -9 under load` kills the server under 20 clients for 40 s.
unsanitized='^web: (browser|secretary year|concurrent writers|hostile clients|kill -9 under load)$|^visual: '
if [ "${1:-}" = "--quick" ]; then
  quick=1
  shift
fi
if [ $quick -eq 1 ]; then
  "$here/scripts/build.sh" "$@"
else
  # Unity builds (CMAKE_UNITY_BUILD: each target's files compiled in batches of eight) for CI's
  # time: the headers (Boost, fmt, nlohmann-json, toml++, cpp-httplib) are read once a batch,
  # not once a file. --quick and scripts/build.sh keep one file a unit (quicker after an edit).
  # From nothing, ccache off (2026-12-07, load 2-4): the sanitized tree 270 s as a unity build
  # against 755 s one file a unit; this build of balint 241 s.
  BALINT_BUILD_TARGETS=balint "$here/scripts/build.sh" -DCMAKE_UNITY_BUILD=ON "$@"
fi
if [ $quick -eq 0 ]; then
  echo "== [${SECONDS} s] the test suite under ASan + UBSan (build-asan)"
  BALINT_UNITY=1 "$here/tests/hardening/sanitize.sh" -E "$unsanitized"
  # The long concurrency run (2 x 10,000 `balint log` and a reader, about 240 s) beside the
  # fuzz smoke: the fuzzer keeps one core busy, the writers mostly wait for each other.
  echo "== [${SECONDS} s] concurrency: 2 x 10,000 logs and a reader (build), beside the fuzz smoke"
  concurrency_log=$(mktemp)
  BALINT="${BUILD_DIR:-$here/build}/balint" "$here/tests/hardening/concurrent-log.sh" \
    > "$concurrency_log" 2>&1 &
  concurrency=$!
  echo "== [${SECONDS} s] fuzz smoke: ${BALINT_FUZZ_SECONDS:-20} s per harness (build-asan)"
  fuzz_rc=0
  # The harnesses were built with the sanitized tree (sanitize.sh, clang-14).
  BALINT_FUZZ_BUILD="${BALINT_ASAN_BUILD:-$here/build-asan}" \
    "$here/tests/fuzz/run.sh" "${BALINT_FUZZ_SECONDS:-20}" || fuzz_rc=$?
  [ "$fuzz_rc" -eq 0 ] || { echo "test.sh: the fuzz smoke failed (exit $fuzz_rc)"; exit 1; }
  # clang-tidy also runs while the writers wait for each other: run one after the other, the
  # two took 301 s + 227 s of CI's time (2026-12-07).
  echo "== [${SECONDS} s] clang-tidy (scripts/lint.sh), the concurrency run still going"
  lint_rc=0
  "$here/scripts/lint.sh" || lint_rc=$?
  concurrency_rc=0
  wait "$concurrency" || concurrency_rc=$?
  echo "== [${SECONDS} s] concurrency"
  cat "$concurrency_log"
  rm -f "$concurrency_log"
  [ "$lint_rc" -eq 0 ] || { echo "test.sh: clang-tidy found something (scripts/lint.sh)"; exit 1; }
  [ "$concurrency_rc" -eq 0 ] || { echo "test.sh: the concurrency run failed"; exit 1; }
  echo "== [${SECONDS} s] the browser, concurrent-writer, kill -9 and visual tests (build)"
  ctest --test-dir "${BUILD_DIR:-$here/build}" --output-on-failure -j"$(nproc)" -R "$unsanitized"
  echo "== [${SECONDS} s] all passed"
  exit 0
fi
ctest --test-dir "${BUILD_DIR:-$here/build}" --output-on-failure -j"$(nproc)"
