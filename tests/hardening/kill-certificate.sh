#!/usr/bin/env bash
# Crash safety of certificate issuing: `balint certificate --all ... --out-dir DIR --yes` for
# PEOPLE people, killed with SIGKILL KILLS times, each on a fresh copy of the ledger, at a
# seeded moment of its write: the run renders and stages every file and registers them inside
# one register transaction, then moves the files into place; tests/hardening/kill_in_write.py
# times the kill against that transaction (SQLite's WAL write lock, seen in /proc/locks): kill
# i falls in the i-th of KILLS equal slices of 5% .. 85% of the shortest transaction measured
# beforehand. After each kill:
#   - the ledger passes integrity_check;
#   - no register row without its file: every row's file exists with the row's SHA-256 (for
#     a file re-issued in place, the newest revision's row), or, when the kill fell after the
#     commit, the file is still in the run's staging folder (counted as "still staged");
#   - no signed file in DIR that the register lacks (issue 14, finding 7): every PDF in DIR is
#     a registered file with the register's SHA-256;
#   - no signed file outside the register anywhere else: every file in the run's folder holding
#     a certificate token (BLC1.) is the ledger, a registered file in DIR, or a file inside the
#     run's private staging folder (DIR/.balint-staging.XXXXXX, mode 0700), which SIGKILL leaves
#     no chance to remove; temporary files (hidden files, folders) in DIR are counted;
#   - it still works: the same command run again (with --force, as it re-issues every
#     certificate into the same file names) first moves the killed run's registered files into
#     place and removes its staging folder, completes, and then every person has a registered
#     certificate whose file verifies, no file waits in a staging folder, and no temporary file
#     and no signed file outside the register is left anywhere (each a failure).
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

# check FOLDER LABEL: the invariants after a kill; sets $registered, $awaiting, $temps, $staged
# and $summary, returns 1 on a failure.
check() {
  local dir=$1 label=$2 ok=1 file sha
  cd "$dir" || return
  [ "$(sqlite3 ledger.sqlite 'PRAGMA integrity_check')" = ok ] || { die "$label: integrity_check"; ok=0; }
  registered=$(sqlite3 ledger.sqlite 'SELECT count(*) FROM certificate')
  # The SHA-256 of every file a killed run left in a staging folder: a registered file may
  # still be there (killed after the commit, before it was moved into place).
  staged_shas=$(find out -path 'out/.balint-staging.*/*' -type f -exec sha256sum {} + 2>/dev/null | cut -d' ' -f1)
  awaiting=0
  while IFS='|' read -r file sha; do
    [ -n "$file" ] || continue
    if [ -f "$file" ] && [ "$(sha256sum < "$file" | cut -d' ' -f1)" = "$sha" ]; then
      continue
    elif grep -qx "$sha" <<< "$staged_shas"; then
      awaiting=$((awaiting + 1))  # the next run moves it into place
    elif [ ! -f "$file" ]; then
      die "$label: the register has $file but the file is missing, and not staged either"; ok=0
    else
      die "$label: $file differs from the register's SHA-256, and its file is not staged"; ok=0
    fi
  done < <(sqlite3 ledger.sqlite 'SELECT file, sha256 FROM certificate AS c
                                  WHERE id = (SELECT max(id) FROM certificate WHERE file = c.file)')
  # No signed file in the output folder that the register lacks (issue 14, finding 7): files
  # are moved into place only after the register committed them.
  for file in out/*.pdf; do
    [ -e "$file" ] || continue
    # The register keeps the absolute path and SHA-256 of each file it issued.
    sha=$(sha256sum < "$file" | cut -d' ' -f1)
    [ "$(sqlite3 ledger.sqlite "SELECT count(*) FROM certificate WHERE file = '$PWD/$file' AND sha256 = '$sha'")" != 0 ] && continue
    die "$label: $file is in the output folder but not in the register"; ok=0
  done
  # Anything else in the folder: hidden files (.NAME.XXXXXX), folders (a staging folder), files
  # that are not PDFs.
  temps=$(find out -mindepth 1 \( -type d -o -name '.*' -o ! -name '*.pdf' \) -print | wc -l)
  # Signed files: only the ledger, registered files (checked above) or staged files in
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
      ./out/*.pdf) ;;  # registered (checked above)
      *) die "$label: a signed file outside the register: $file"; ok=0 ;;
    esac
  done < <(grep -rlaF 'BLC1.' . 2>/dev/null)
  cd ..
  summary="$registered registered ($awaiting of them still staged), $temps temporary files, $staged signed files staged"
  [ $ok -eq 1 ]
}

RANDOM=$seed
landed=0 after_commit=0
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
  [ "$awaiting" -gt 0 ] && after_commit=$((after_commit + 1))
  # Still works: the same run again, then every person is covered.
  (cd run && BALINT_DB="$PWD/ledger.sqlite" issue --force > again.out 2> again.err) ||
    { die "$label: issuing again failed: $(cat run/again.err)"; continue; }
  covered=$(sqlite3 run/ledger.sqlite 'SELECT count(DISTINCT person) FROM certificate')
  [ "$covered" = "$people" ] || die "$label: after issuing again, $covered of $people people have a certificate"
  check run "$label, issued again" || true
  [ "$awaiting" = 0 ] || die "$label: after issuing again, $awaiting registered files are still staged"
  [ "$temps" = 0 ] || die "$label: after issuing again, $temps temporary files are still there: $(cd run/out && find . -mindepth 1 \( -type d -o -name '.*' \) | tr '\n' ' ')"
  [ "$staged" = 0 ] || die "$label: after issuing again, $staged signed files are still staged"
  [ $fail -eq $failed_before ] && echo "$label: ok ($state)"
done
echo "landed during the write (killed holding the write lock, nothing registered): $landed of $kills kills"
echo "killed after the commit, before every file was in place: $after_commit of $kills kills"
if [ $((landed * 2)) -lt "$kills" ]; then
  die "fewer than half of the kills landed during the write: the test proves too little"
else
  echo "at least half of the kills landed during the write"
fi
if [ $fail -eq 0 ]; then echo "all $kills kills: ok"; else echo "FAILED"; fi
[ $fail -eq 0 ]
