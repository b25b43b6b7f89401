#!/usr/bin/env bash
# Installs, builds, loads the bundled example society into build/example.sqlite and shows
# its entries and a leader in training's progress toward accreditation (also as a PDF,
# build/cailin-progress.pdf).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/build.sh" >/dev/null
export PATH="$here/build:$PATH"
export BALINT_DB="$here/build/example.sqlite"
"$here/examples/build-ledger.sh" "$BALINT_DB"
echo
balint person list
echo
balint entries cailin --as-of 2026-11-25 -p 'last 12 months'
echo
balint progress cailin --pathway bbs-leader --as-of 2026-11-25
echo
balint progress cailin --pathway bbs-leader --as-of 2026-11-25 --force \
  --pdf "$here/build/cailin-progress.pdf"
