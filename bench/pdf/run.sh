#!/bin/sh
# PDF benchmarks, side by side in one run (bench/README.md):
#   1,000 separate certificate PDFs: balint's CertificateRenderer against reportlab
#   (Debian's /usr/bin/python3 with python3-reportlab), drawing the same certificate with the
#   same DejaVu fonts embedded;
#   one 1,000-page PDF: balint's render_pages against the plainest libharu program (one
#   TrueType font, UTF-8, four lines a page), on the same page.
# Each figure is the median of ROUNDS runs (whole-process wall time); jobs alternate within
# a round. Benchmarks are never timed tests: nothing here passes or fails on speed.
#
#   bench/pdf/run.sh                 # N=1000 ROUNDS=3
#   N=200 ROUNDS=1 bench/pdf/run.sh  # quicker
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${N:-1000}
ROUNDS=${ROUNDS:-3}
QR_ROUNDS=${QR_ROUNDS:-1}  # reportlab's pure-Python QR encoder takes ~0.1 s a certificate
build=${BUILD_DIR:-${TMPDIR:-/tmp}/balint-bench-pdf}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
python=/usr/bin/python3

cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target bench_pdf bench_haru_minimal -j2 >/dev/null
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
  run sep-balint "$build/bench_pdf" separate "$N" "$work/out" "$root/templates/certificate-cpd.toml"
  run sep-rl-noqr "$python" "$here/cert_reportlab.py" separate "$N" "$work/out" "$root/templates" --no-qr
  run comb-haru "$build/bench_haru_minimal" combined "$N" "$work/out" "$font"
  run comb-balint "$build/bench_pdf" combined "$N" "$work/out" "$here/minimal.toml"
  run comb-balint-cert "$build/bench_pdf" combined "$N" "$work/out" "$root/templates/certificate-cpd.toml"
  run sep-haru "$build/bench_haru_minimal" separate "$N" "$work/out" "$font"
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
    printf "| %-26s | %-44s | %7.2f | %8.2f | %9.0f |\n", job, tool, ms / 1000, ms / n, bytes / files / 1024
  }'
}

echo "N = $N; median of $ROUNDS round(s) ($QR_ROUNDS for reportlab with its QR code); $(nproc) CPUs;"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| job                        | tool                                         |  wall s | ms / doc | KB / file |"
echo "| -------------------------- | -------------------------------------------- | ------: | -------: | --------: |"
row "$N separate certificates" "balint CertificateRenderer" sep-balint
row "" "reportlab, same certificate" sep-rl
row "" "reportlab, same certificate without QR code" sep-rl-noqr
row "" "libharu, plainest program (4 lines, 1 font)" sep-haru
row "one $N-page PDF" "balint render_pages, page of minimal.toml" comb-balint
row "" "libharu, plainest program (same page)" comb-haru
row "" "balint render_pages, full certificate" comb-balint-cert
