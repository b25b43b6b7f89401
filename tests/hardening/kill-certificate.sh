#!/usr/bin/env bash
# Crash safety of certificate issuing: `balint certificate --all ... --out-dir DIR --yes` for
# PEOPLE people, killed with SIGKILL KILLS times, each on a fresh copy of the ledger, at a
# seeded moment of its write: the run renders, stages, registers and publishes every file
# inside one register transaction, and tests/hardening/kill_in_write.py times the kill against
# that transaction (SQLite's WAL write lock, seen in /proc/locks): kill i falls in the i-th of
# KILLS equal slices of 5% .. 85% of the shortest transaction measured beforehand. After each
# kill:
#   - the ledger passes integrity_check;
#   - no register row without its file: every row's file exists with the row's SHA-256 (for
#     a file re-issued in place, the newest revision's row);
#   - no file claimed as issued when the register lacks it: every PDF in DIR that is not in the
#     register is refused by `balint verify` (not "valid"); such orphans are counted;
#   - no signed file outside the register but where it may be (issue 14, finding 7): every file
#     anywhere in the run's folder holding a certificate token (BLC1.) is the ledger, a
#     registered file, an orphan PDF in DIR that verify refuses, or a file inside the run's
#     private staging folder (DIR/.balint-staging.XXXXXX, mode 0700), which SIGKILL leaves no
#     chance to remove; temporary files (hidden files, folders) in DIR are counted;
#   - it still works: the same command run again (with --force, which replaces orphans)
#     completes, and then every person has a registered certificate whose file verifies, no
#     orphan is left, the killed run's staging folder is gone and no temporary file and no
#     signed file outside the register is left anywhere (each a failure).
# A kill "landed during the write" when the lock was held at the last look before it and no
# register row was committed; at least half of the kills must land so (else the test proves
# nothing and fails).
#
#   tests/hardening/kill-certificate.sh                      # 30 people, 20 kills
#   tests/hardening/kill-certificate.sh --people 8 --kills 3   # what hard-kill-certificate runs
#
# Options: --people N, --kills K, --seed S, --keep. Uses `balint` from PATH (or $BALINT),
# sqlite3, sha256sum, python3.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
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
die() { echo "FAIL: $*"; fail=$((fail + 1)); }
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

# How long the register transaction of a run lasts here (the shorter of two).
span=0
for t in 1 2; do
  fresh timing
  read -r _ took _ rc < <(cd timing && python3 "$here/kill_in_write.py" --db ledger.sqlite \
    --measure --err issue.err -- env BALINT_DB="$PWD/ledger.sqlite" "$balint" --as-of 2026-01-10 \
    certificate --all --rules cpd-uk -p 2025 --out-dir out --yes)
  [ "$rc" = 0 ] || die "issuing without a kill failed: $(cat timing/issue.err)"
  [ "$took" -gt 0 ] || die "issuing was never seen holding the write lock"
  [ $span -eq 0 ] || [ "$took" -lt $span ] && span=$took
done
[ $fail -eq 0 ] || { echo "FAILED"; exit 1; }

# check FOLDER LABEL: the invariants after a kill; sets $registered, $orphans, $temps and
# $summary, returns 1 on a failure.
check() {
  local dir=$1 label=$2 ok=1 file sha
  orphans=0
  cd "$dir" || return
  [ "$(sqlite3 ledger.sqlite 'PRAGMA integrity_check')" = ok ] || { die "$label: integrity_check"; ok=0; }
  registered=$(sqlite3 ledger.sqlite 'SELECT count(*) FROM certificate')
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
  # Anything else in the folder: hidden files (.NAME.XXXXXX), folders (a staging folder), files
  # that are not PDFs.
  temps=$(find out -mindepth 1 \( -type d -o -name '.*' -o ! -name '*.pdf' \) -print | wc -l)
  # Signed files: only the ledger, registered files, orphans (checked above) or staged files in
  # a private (0700) staging folder.
  staged=0
  while IFS= read -r file; do
    case "$file" in
      ./ledger.sqlite*) continue ;;
      ./out/.balint-staging.*/*)
        staged=$((staged + 1))
        [ "$(stat -c %a "$(dirname "$file")")" = 700 ] ||
          { die "$label: $file is staged in a folder that is not private"; ok=0; } ;;
      ./out/*/*) die "$label: a signed file in a folder of out/: $file"; ok=0 ;;
      ./out/*.pdf) ;;  # registered or an orphan, checked above
      *) die "$label: a signed file outside the register: $file"; ok=0 ;;
    esac
  done < <(grep -rlaF 'BLC1.' . 2>/dev/null)
  cd ..
  summary="$registered registered, $orphans orphan files (verify refuses them), $temps temporary files, $staged signed files staged"
  [ $ok -eq 1 ]
}

RANDOM=$seed
landed=0
for i in $(seq 1 "$kills"); do
  failed_before=$fail
  fresh run
  slice=$((span * 80 / 100 / kills + 1))
  delay=$(( span * 5 / 100 + (i - 1) * slice + (RANDOM << 15 | RANDOM) % slice ))
  read -r what _ rc < <(cd run && python3 "$here/kill_in_write.py" --db ledger.sqlite \
    --delay-ms "$delay" --out issue.out --err issue.err -- env BALINT_DB="$PWD/ledger.sqlite" \
    "$balint" --as-of 2026-01-10 certificate --all --rules cpd-uk -p 2025 --out-dir out --yes)
  case "$what" in
    in-write | outside-write) [ "$rc" = -9 ] || die "kill $i: rc $rc after a kill" ;;
    *) [ "$rc" = 0 ] || die "kill $i: issuing failed by itself (rc $rc): $(cat run/issue.err)" ;;
  esac
  label="kill $i/$kills at $delay ms into a write of ~$span ms ($what)"
  check run "$label" || continue
  state=$summary
  [ "$what" = in-write ] && [ "$registered" = 0 ] && landed=$((landed + 1))
  # Still works: the same run again (--force replaces orphans), then every person is covered.
  (cd run && BALINT_DB="$PWD/ledger.sqlite" issue --force > again.out 2> again.err) ||
    { die "$label: issuing again failed: $(cat run/again.err)"; continue; }
  covered=$(sqlite3 run/ledger.sqlite 'SELECT count(DISTINCT person) FROM certificate')
  [ "$covered" = "$people" ] || die "$label: after issuing again, $covered of $people people have a certificate"
  check run "$label, issued again" || true
  [ "$orphans" = 0 ] || die "$label: after issuing again, the folder still holds $orphans orphan files"
  [ "$temps" = 0 ] || die "$label: after issuing again, $temps temporary files are still there: $(cd run/out && find . -mindepth 1 \( -type d -o -name '.*' \) | tr '\n' ' ')"
  [ "$staged" = 0 ] || die "$label: after issuing again, $staged signed files are still staged"
  [ $fail -eq $failed_before ] && echo "$label: ok ($state)"
done
echo "landed during the write (killed holding the write lock, nothing registered): $landed of $kills kills"
if [ $((landed * 2)) -lt "$kills" ]; then
  die "fewer than half of the kills landed during the write: the test proves too little"
else
  echo "at least half of the kills landed during the write"
fi
if [ $fail -eq 0 ]; then echo "all $kills kills: ok"; else echo "FAILED"; fi
[ $fail -eq 0 ]
