#!/bin/sh
# PDF benchmarks, side by side in one run (bench/README.md):
#   1,000 separate certificate PDFs: balint's CertificateRenderer (Pango + Cairo) against
#   reportlab (Debian's /usr/bin/python3 with python3-reportlab) drawing the same certificate
#   without its QR code (and with it, once), and against the last libharu build (the
#   bench_pdf of commit 90e53ab, the commit before the switch, built from BASE_SRC);
#   one 1,000-page PDF: balint's render_pages against a minimal Pango + Cairo program
#   (cairo_minimal.cpp) drawing the same page (minimal.toml).
# Each figure is the median of ROUNDS runs (whole-process wall time); jobs alternate within
# a round. Benchmarks are never timed tests: nothing here passes or fails on speed.
#
#   bench/pdf/run.sh                 # N=1000 ROUNDS=3
#   N=200 ROUNDS=1 bench/pdf/run.sh  # quicker
#
# BASE_SRC: a source tree at 90e53ab (default: a git worktree made in BUILD_DIR/base-src);
# its bench_pdf is built in BUILD_DIR/base (needs libhpdf-dev, which the project no longer
# installs: apt-get install libhpdf-dev).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${N:-1000}
ROUNDS=${ROUNDS:-3}
QR_ROUNDS=${QR_ROUNDS:-1}  # reportlab's pure-Python QR encoder takes ~0.1 s a certificate
build=${BUILD_DIR:-${TMPDIR:-/tmp}/balint-bench-pdf}
base_src=${BASE_SRC:-$build/base-src}
python=/usr/bin/python3

cmake -S "$here" -B "$build/new" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build/new" --target bench_pdf bench_cairo_minimal -j2 >/dev/null
if [ ! -d "$base_src" ]; then
  git -C "$root" worktree add --detach "$base_src" 90e53ab >/dev/null 2>&1
fi
cmake -S "$base_src/bench/pdf" -B "$build/base" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build/base" --target bench_pdf -j2 >/dev/null
"$python" -c 'import reportlab' 2>/dev/null || {
  echo "bench: $python cannot import reportlab (apt-get install python3-reportlab)" >&2
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s%N; }

# run NAME COMMAND...: runs in a fresh output folder; records seconds and output bytes.
run() {
  name=$1
  shift
  rm -rf "$work/out" && mkdir "$work/out"
  start=$(now)
  "$@" >/dev/null
  end=$(now)
  bytes=$(cat "$work"/out/*.pdf | wc -c)
  files=$(ls "$work"/out/*.pdf | wc -l)
  echo "$name $(( (end - start) / 1000000 )) $bytes $files" >>"$work/times"
}

for round in $(seq "$ROUNDS"); do
  run sep-balint "$build/new/bench_pdf" separate "$N" "$work/out" "$root/templates/certificate-cpd.toml"
  run sep-rl-noqr "$python" "$here/cert_reportlab.py" separate "$N" "$work/out" "$root/templates" --no-qr
  run sep-haru "$build/base/bench_pdf" separate "$N" "$work/out" "$base_src/templates/certificate-cpd.toml"
  run comb-cairo "$build/new/bench_cairo_minimal" combined "$N" "$work/out"
  run comb-balint "$build/new/bench_pdf" combined "$N" "$work/out" "$here/minimal.toml"
  run comb-balint-cert "$build/new/bench_pdf" combined "$N" "$work/out" "$root/templates/certificate-cpd.toml"
  run sep-cairo "$build/new/bench_cairo_minimal" separate "$N" "$work/out"
done
for round in $(seq "$QR_ROUNDS"); do
  run sep-rl "$python" "$here/cert_reportlab.py" separate "$N" "$work/out" "$root/templates"
done

# median NAME: "milliseconds bytes files" of the median run.
median() {
  grep "^$1 " "$work/times" | sort -k2 -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }' |
    cut -d' ' -f2-
}
row() {
  set -- "$1" "$2" $(median "$3")
  awk -v job="$1" -v tool="$2" -v ms="$3" -v bytes="$4" -v files="$5" -v n="$N" 'BEGIN {
    printf "| %-26s | %-48s | %7.2f | %8.2f | %9.0f |\n", job, tool, ms / 1000, ms / n, bytes / files / 1024
  }'
}

echo "N = $N; median of $ROUNDS round(s) ($QR_ROUNDS for reportlab with its QR code); $(nproc) CPUs;"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| job                        | tool                                             |  wall s | ms / doc | KB / file |"
echo "| -------------------------- | ------------------------------------------------ | ------: | -------: | --------: |"
row "$N separate certificates" "balint CertificateRenderer (Pango + Cairo)" sep-balint
row "" "reportlab, same certificate without QR code" sep-rl-noqr
row "" "reportlab, same certificate" sep-rl
row "" "balint at 90e53ab (libharu), its certificate" sep-haru
row "" "minimal Pango + Cairo program (4 lines)" sep-cairo
row "one $N-page PDF" "balint render_pages, page of minimal.toml" comb-balint
row "" "minimal Pango + Cairo program (same page)" comb-cairo
row "" "balint render_pages, full certificate" comb-balint-cert
