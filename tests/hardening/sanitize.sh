#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer: configures
# build-asan (BALINT_SANITIZE=ON, the default compiler), builds it and runs ctest there. Unit
# tests and golden tests alike then run sanitized code: a memory error, a leak (LeakSanitizer
# is on by default) or undefined behaviour (which aborts: -fno-sanitize-recover) fails the test.
#
#   tests/hardening/sanitize.sh [-j N] [CTEST ARGS...]     e.g. sanitize.sh -R golden
#
# Environment: BALINT_ASAN_BUILD (default build-asan in the tree). The build is several times
# slower than a plain one and the tests about twice as slow; -j defaults to 2.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BALINT_ASAN_BUILD:-$repo/build-asan}"
jobs=2
if [ "${1:-}" = "-j" ]; then
  jobs="$2"
  shift 2
fi
# -O1 -g1: half the compile time of -O2 -g, with line numbers in every report.
cmake -S "$repo" -B "$build" -DBALINT_SANITIZE=ON -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_FLAGS="-O1 -g1" > /dev/null
nice cmake --build "$build" -j "$jobs"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
cd "$build"
ctest --output-on-failure -j "$jobs" "$@"
