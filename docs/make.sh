#!/usr/bin/env bash
# Regenerates the PNG pages in docs/ from the real binary: certificates, the progress report,
# the audit report and an evidence letter, with long names in many scripts (to see that
# nothing overlaps or is cut off), rasterised with pdftoppm at 60 dpi.
#   docs/make.sh [BALINT]        (default: build/balint of this tree)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=$(cd "$(dirname "${1:-$root/build/balint}")" && pwd)/$(basename "${1:-$root/build/balint}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BALINT_DB=$work/ledger.sqlite XDG_CONFIG_HOME=$work/config TZ=UTC
BALINT=$bin "$root/examples/build-ledger.sh" "$BALINT_DB" > /dev/null
b() { "$bin" -q "$@"; }
b keys init
b person add eleni2 --name "Αικατερίνη-Ελένη Παπαδοπούλου-Χατζηγεωργίου" --attr registration="ΙΣΑ 41234"
b person add huong --name "Nguyễn Thị Thu Hương Đặng"
b person add amira --name "أميرة عبد الرحمن الحداد"
b person add anita --name "अनीता शर्मा"
b person add mei --name "王秀英"
b person add ows --name "Oluwaseun Adébáyọ̀-Ó Briain"
b log --person eleni2,huong,amira,anita,mei,ows --date 2025-03-04 --activity group --role member \
  --minutes 90 --group "Ομάδα Balint Θεσσαλονίκης" --setting "general practice" > /dev/null
# A long day: the daily cap removes some credits, which the certificate states.
b log --person eleni2,huong,amira,anita,mei,ows --date 2025-03-05 --activity group --role member \
  --minutes 480 --group "Ομάδα Balint Θεσσαλονίκης" --setting "general practice" > /dev/null
b --as-of 2026-01-10 certificate eleni2 --rules cpd-uk -p 2025 --out "$work/cpd.pdf" \
  --signatory "Dr Helen Barker" --signatory-role "Secretary, CPD committee"
b --as-of 2026-11-25 certificate --all --rules bbs-leader-2020 --out-dir "$work/acc" --yes
b --as-of 2026-11-25 progress cailin --pathway bbs-leader --pdf "$work/progress.pdf"
b --as-of 2026-01-15 audit --rules cpd-uk -p 2025 --sample 3 --seed 7 --pdf "$work/audit.pdf" \
  --letters "$work/letters" 2> /dev/null
png() { pdftoppm -r 60 -png -f "$2" -l "$2" -singlefile "$1" "$here/$3"; }
png "$work/cpd.pdf" 1 certificate-cpd
png "$(ls "$work"/acc/*.pdf | head -1)" 1 certificate-accreditation
png "$work/progress.pdf" 1 progress-report
png "$work/progress.pdf" 2 progress-report-chart
png "$work/audit.pdf" 1 audit-report
png "$(ls "$work"/letters/*.pdf | head -1)" 1 evidence-letter
ls "$here"/*.png
