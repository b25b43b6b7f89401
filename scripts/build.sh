#!/usr/bin/env bash
# Installs the Debian packages, then configures and builds into build/ (or $BUILD_DIR).
# BALINT_BUILD_TARGETS (space-separated) builds only those targets (scripts/test.sh: balint).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"
build=${BUILD_DIR:-$here/build}
# One file a unit unless the caller asks for a unity build (scripts/test.sh does, for CI).
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_UNITY_BUILD=OFF "$@" >/dev/null
targets=()
for target in ${BALINT_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build" -j"$(nproc)" "${targets[@]}"
