#!/usr/bin/env bash
# Builds the example ledger from scratch:
#   examples/build-ledger.sh LEDGER.sqlite      (or BALINT_DB=LEDGER.sqlite examples/build-ledger.sh)
# An existing file at that path is removed first. Works from any folder. The binary is $BALINT
# if set, else `balint` on PATH, else build/balint of this source tree.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

DB=${1:-${BALINT_DB:-}}
if [[ -z "$DB" || "$DB" == -* ]]; then
  echo "usage: $0 LEDGER.sqlite   (or set BALINT_DB)" >&2
  exit 2
fi

if [[ -n "${BALINT:-}" ]]; then
  BIN=$BALINT
elif command -v balint >/dev/null 2>&1; then
  BIN=$(command -v balint)
else
  BIN="$HERE/../build/balint"
fi
if [[ ! -x "$BIN" ]]; then
  echo "$0: no balint binary at '$BIN' (build it, put it on PATH or set BALINT)" >&2
  exit 2
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

# records.sh calls `balint`: make sure that name is this binary.
if [[ "$(basename "$BIN")" != balint ]]; then
  BINDIR=$(mktemp -d)
  trap 'rm -rf "$BINDIR"' EXIT
  ln -s "$BIN" "$BINDIR/balint"
else
  BINDIR=$(dirname "$BIN")
fi
export PATH="$BINDIR:$PATH"

rm -f -- "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
export BALINT_DB="$DB"

balint init
balint import people "$HERE/people.csv"
bash "$HERE/records.sh"
balint import entries "$HERE/entries.csv"
