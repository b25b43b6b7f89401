#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer: configures
# build-asan, builds it and runs ctest there. Unit tests and golden tests alike then run
# sanitized code: a memory error, a leak (LeakSanitizer is on by default) or undefined
# behaviour (which aborts: -fno-sanitize-recover) fails the test.
#
# With clang-14 (which the libFuzzer harnesses need) build-asan is a clang build with
# BALINT_FUZZ=ON: ASan + UBSan on the project's code, the fuzz harnesses built beside the
# tests, and their regression inputs run by ctest; tests/fuzz/run.sh can then fuzz from the
# same tree (scripts/test.sh does), so CI compiles the tree twice, not three times. Without
# clang-14, or with BALINT_SANITIZE_GCC=1, the default compiler with BALINT_SANITIZE=ON.
#
#   tests/hardening/sanitize.sh [-j N] [CTEST ARGS...]     e.g. sanitize.sh -R golden
#
# Environment: BALINT_ASAN_BUILD (default build-asan in the tree); BALINT_UNITY=1 compiles each
# target's files in batches (CMAKE_UNITY_BUILD: scripts/test.sh, for CI's time). The build is several times
# slower than a plain one and the tests about twice as slow; -j defaults to 2.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BALINT_ASAN_BUILD:-$repo/build-asan}"
jobs=2
if [ "${1:-}" = "-j" ]; then
  jobs="$2"
  shift 2
fi
unity=(-DCMAKE_UNITY_BUILD="$([ -n "${BALINT_UNITY:-}" ] && echo ON || echo OFF)")
# A tree configured for the other compiler is configured again from scratch.
compiler_is() { [ -f "$build/CMakeCache.txt" ] && grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=$1\$" "$build/CMakeCache.txt"; }
# -O1 -g1: half the compile time of -O2 -g, with line numbers in every report.
clang=$(command -v clang++-14 || true)
if [ -n "$clang" ] && [ -z "${BALINT_SANITIZE_GCC:-}" ]; then
  [ -f "$build/CMakeCache.txt" ] && ! compiler_is "$clang" && rm -rf "$build"
  CC=clang-14 CXX=clang++-14 cmake -S "$repo" -B "$build" -DBALINT_FUZZ=ON -DBALINT_WERROR=OFF "${unity[@]}" \
    -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" > /dev/null
else
  [ -f "$build/CMakeCache.txt" ] && grep -q "^CMAKE_CXX_COMPILER:.*clang" "$build/CMakeCache.txt" && rm -rf "$build"
  cmake -S "$repo" -B "$build" -DBALINT_SANITIZE=ON -DCMAKE_BUILD_TYPE=None "${unity[@]}" \
    -DCMAKE_CXX_FLAGS="-O1 -g1" > /dev/null
fi
nice cmake --build "$build" -j "$jobs"
echo "sanitize.sh: $build configured and built in ${SECONDS} s"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
# Leaks inside fontconfig and Cairo themselves (see the file) are not ours to fix.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$repo/tests/hardening/lsan.supp:print_suppressions=0}"
cd "$build"
ctest --output-on-failure -j "$jobs" "$@"
