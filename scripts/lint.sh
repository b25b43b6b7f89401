#!/usr/bin/env bash
# The layout of every C++ file (.clang-format, clang-format-14 --dry-run: a file that is not
# laid out as clang-format would lay it out is a finding; `clang-format-14 -i FILE` fixes it),
# then clang-tidy over src/ with the project's curated checks (.clang-tidy: bugprone, performance
# and a few modernize checks, every finding an error; what is left out and why is said there).
# Configures a clang-14 build folder for its compile_commands.json (nothing is compiled) and
# runs run-clang-tidy-14 on every source file of src/. Exit 0 when clean, 1 on any finding.
# About 5 minutes on two cores. Part of scripts/test.sh (CI).
#
#   scripts/lint.sh              # BALINT_TIDY_BUILD=DIR to use another folder than build-tidy/
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${BALINT_TIDY_BUILD:-$repo/build-tidy}
for tool in clang-14 clang-format-14 clang-tidy-14 run-clang-tidy-14; do
  command -v "$tool" > /dev/null ||
    { echo "lint.sh: $tool is missing; run scripts/install-deps.sh" >&2; exit 2; }
done
mapfile -t sources < <(cd "$repo" && git ls-files 'src/*.cpp' 'src/*.hpp' 'include/*.hpp' \
  'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp')
if ! (cd "$repo" && clang-format-14 --dry-run -Werror "${sources[@]}"); then
  echo "lint.sh: the files above are not laid out as .clang-format says (clang-format-14 -i FILE)" >&2
  exit 1
fi
echo "clang-format: ${#sources[@]} files as .clang-format lays them out"
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
