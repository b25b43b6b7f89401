#!/usr/bin/env bash
# Installs, builds and runs the whole test suite (unit and end-to-end) under ctest.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/build.sh" "$@"
ctest --test-dir "${BUILD_DIR:-$here/build}" --output-on-failure -j"$(nproc)"
