#!/usr/bin/env bash
# Crash safety of certificate issuing: `balint certificate --all ... --out-dir DIR --yes` for
# PEOPLE people, killed with SIGKILL at a random moment (seeded) KILLS times, each on a fresh
# copy of the ledger. After each kill:
#   - the ledger passes integrity_check;
#   - no register row without its file: every row's file exists with the row's SHA-256 (for
#     a file re-issued in place, the newest revision's row);
#   - no file claimed as issued when the register lacks it: every PDF in DIR that is not in the
#     register is refused by `balint verify` (not "valid"); such orphans are counted;
#   - temporary files left beside the PDFs (.NAME.XXXXXX) are counted;
#   - it still works: the same command run again (with --force, which replaces orphans)
#     completes, and then every person has a registered certificate whose file verifies.
#
#   tests/hardening/kill-certificate.sh                      # 30 people, 20 kills
#   tests/hardening/kill-certificate.sh --people 8 --kills 3   # what hard-kill-certificate runs
#
# Options: --people N, --kills K, --seed S, --keep. Uses `balint` from PATH (or $BALINT),
# sqlite3, sha256sum.
set -uo pipefail
people=30 kills=20 seed=1 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --people) people="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--people N] [--kills K] [--seed S] [--keep]" >&2; exit 2 ;;
  esac
done
balint="${BALINT:-balint}"
work="$(mktemp -d "${TMPDIR:-/tmp}/balint-kill-cert.XXXXXX")"
[ $keep -eq 1 ] && echo "work folder: $work" >&2 || trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
fail=0
die() { echo "FAIL: $*"; fail=1; }
now_ms() { date +%s%3N; }
issue() {  # issue [--force]: every certificate of 2025 into out/
  "$balint" --as-of 2026-01-10 certificate --all --rules cpd-uk -p 2025 --out-dir out --yes "$@"
}

mkdir base && cd base || exit 2
export BALINT_DB="$PWD/ledger.sqlite"
{
  "$balint" init && "$balint" keys init &&
    for i in $(seq 1 "$people"); do
      "$balint" -q person add "p$i" --name "Person $i"
      "$balint" log --person "p$i" --date 2025-03-04 --activity group --role member --minutes $((60 + i))
    done
} > /dev/null || { echo "FAIL: cannot set up the ledger"; exit 2; }
cd .. || exit 2

fresh() {  # a copy of the base ledger and key in folder $1, an empty out/
  rm -rf "$1" && cp -r base "$1" && mkdir "$1/out"
}

# How long issuing takes here.
fresh timing
t0=$(now_ms)
(cd timing && BALINT_DB="$PWD/ledger.sqlite" issue > /dev/null) || die "issuing without a kill failed"
span=$(($(now_ms) - t0))

# check FOLDER LABEL: the invariants after a kill; sets $summary, returns 1 on a failure.
check() {
  local dir=$1 label=$2 ok=1 file sha rows orphans=0 temps
  cd "$dir" || return
  [ "$(sqlite3 ledger.sqlite 'PRAGMA integrity_check')" = ok ] || { die "$label: integrity_check"; ok=0; }
  rows=$(sqlite3 ledger.sqlite 'SELECT count(*) FROM certificate')
  while IFS='|' read -r file sha; do
    [ -n "$file" ] || continue
    if [ ! -f "$file" ]; then
      die "$label: the register has $file but the file is missing"; ok=0
    elif [ "$(sha256sum < "$file" | cut -d' ' -f1)" != "$sha" ]; then
      die "$label: $file differs from the register's SHA-256"; ok=0
    fi
  done < <(sqlite3 ledger.sqlite 'SELECT file, sha256 FROM certificate AS c
                                  WHERE id = (SELECT max(id) FROM certificate WHERE file = c.file)')
  for file in out/*.pdf; do
    [ -e "$file" ] || continue
    # The register keeps the absolute path of each file it issued.
    [ "$(sqlite3 ledger.sqlite "SELECT count(*) FROM certificate WHERE file = '$PWD/$file'")" != 0 ] && continue
    orphans=$((orphans + 1))
    if BALINT_DB="$PWD/ledger.sqlite" "$balint" verify "$file" > verify.out 2>&1; then
      die "$label: $file is not in the register, yet verify says: $(cat verify.out)"; ok=0
    fi
  done
  temps=$(find out -name '.*' -type f | wc -l)
  cd ..
  summary="$rows registered, $orphans orphan files (verify refuses them), $temps temporary files"
  [ $ok -eq 1 ]
}

RANDOM=$seed
for i in $(seq 1 "$kills"); do
  fresh run
  slice=$((span * 11 / 10 / kills + 1))
  delay=$(( (i - 1) * slice + (RANDOM << 15 | RANDOM) % slice ))
  (cd run && BALINT_DB="$PWD/ledger.sqlite" exec "$balint" --as-of 2026-01-10 certificate --all \
    --rules cpd-uk -p 2025 --out-dir out --yes > issue.out 2> issue.err) &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  rc=$?
  what=killed
  [ $rc -eq 0 ] && what="finished first"
  [ $rc -ne 0 ] && [ $rc -ne 137 ] && die "kill $i: issuing failed by itself (rc $rc): $(cat run/issue.err)"
  label="kill $i/$kills at $delay ms of ~$span ($what)"
  check run "$label" || continue
  state=$summary
  # Still works: the same run again (--force replaces orphans), then every person is covered.
  (cd run && BALINT_DB="$PWD/ledger.sqlite" issue --force > again.out 2> again.err) ||
    { die "$label: issuing again failed: $(cat run/again.err)"; continue; }
  covered=$(sqlite3 run/ledger.sqlite 'SELECT count(DISTINCT person) FROM certificate')
  [ "$covered" = "$people" ] || die "$label: after issuing again, $covered of $people people have a certificate"
  check run "$label, issued again" || true
  echo "$label: ok ($state)"
done
if [ $fail -eq 0 ]; then echo "all $kills kills: ok"; else echo "FAILED"; fi
exit $fail
