#!/usr/bin/env bash
# Builds, loads the bundled example society into build/example.sqlite, gives cailin (a leader
# in training) a member account and helen (an accredited leader) a leader account, prints
# their one-time invitation links, and serves the ledger on http://127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/build.sh" >/dev/null
export PATH="$here/build:$PATH"
export BALINT_DB="$here/build/example.sqlite"
rm -f "$BALINT_DB" "$BALINT_DB"-wal "$BALINT_DB"-shm
"$here/examples/build-ledger.sh" "$BALINT_DB" >/dev/null
balint -q user add cailin --role member
balint -q user add helen --role leader
balint user reset cailin --invite
balint user reset helen --invite
exec balint serve --listen 127.0.0.1:8080
