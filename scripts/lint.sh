#!/usr/bin/env bash
# clang-tidy over src/ with the project's curated checks (.clang-tidy: bugprone, performance
# and a few modernize checks, every finding an error; what is left out and why is said there).
# Configures a clang-14 build folder for its compile_commands.json (nothing is compiled) and
# runs run-clang-tidy-14 on every source file of src/. Exit 0 when clean, 1 on any finding.
# About 5 minutes on two cores. Part of scripts/test.sh (CI).
#
#   scripts/lint.sh              # BALINT_TIDY_BUILD=DIR to use another folder than build-tidy/
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${BALINT_TIDY_BUILD:-$repo/build-tidy}
for tool in clang-14 clang-tidy-14 run-clang-tidy-14; do
  command -v "$tool" > /dev/null ||
    { echo "lint.sh: $tool is missing; run scripts/install-deps.sh" >&2; exit 2; }
done
CC=clang-14 CXX=clang++-14 cmake -S "$repo" -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCMAKE_BUILD_TYPE=None > /dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if nice run-clang-tidy-14 -p "$build" -quiet -j "${JOBS:-$(nproc)}" "$repo/src/" > "$log" 2>&1; then
  echo "clang-tidy: no finding in src/"
else
  # The findings, without the lines of clang's own progress.
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E -A3 '(error|warning): .*\[' | grep -v 'warnings generated' || cat "$log"
  echo "lint.sh: clang-tidy found the problems above (see .clang-tidy)" >&2
  exit 1
fi
