#!/usr/bin/env bash
# Installs, builds and runs the whole test suite (this is what .ci/run runs):
#   1. the unit and end-to-end tests under ASan + UBSan (tests/hardening/sanitize.sh, build-asan);
#   2. a short libFuzzer smoke of every harness (tests/fuzz/run.sh, build-fuzz; clang-14);
#   3. the unit and end-to-end tests on the normal build (build/), under ctest.
#
#   scripts/test.sh            everything
#   scripts/test.sh --quick    only step 3 (what a developer runs between edits)
#
# Environment: BALINT_FUZZ_SECONDS (default 30) per harness for the smoke; BUILD_DIR for step 3.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
quick=0
if [ "${1:-}" = "--quick" ]; then
  quick=1
  shift
fi
"$here/scripts/build.sh" "$@"
if [ $quick -eq 0 ]; then
  echo "== the test suite under ASan + UBSan (build-asan)"
  "$here/tests/hardening/sanitize.sh"
  echo "== fuzz smoke: ${BALINT_FUZZ_SECONDS:-30} s per harness (build-fuzz)"
  "$here/tests/fuzz/run.sh" "${BALINT_FUZZ_SECONDS:-30}"
  echo "== the test suite (build)"
fi
ctest --test-dir "${BUILD_DIR:-$here/build}" --output-on-failure -j"$(nproc)"
