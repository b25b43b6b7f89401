#!/usr/bin/env bash
# Installs every Debian package balint-ledger needs to build, test and benchmark.
# Safe to run more than once. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-program-options-dev libboost-date-time-dev
  libsqlitecpp-dev libsqlite3-dev sqlite3
  libfmt-dev libtomlplusplus-dev nlohmann-json3-dev doctest-dev
  libsodium-dev libqrencode-dev libutf8proc-dev libcsv-dev
  libpango1.0-dev libcairo2-dev libqpdf-dev   # text layout, PDF writing, PDF reading (verify)
  fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core
  poppler-utils qpdf python3 python3-pil libharfbuzz-bin   # PDF checks; the visual test
  zbar-tools            # zbarimg: tests decode the certificates' QR codes
  ledger hledger        # the journal cross-check test (audit-journal)
  clang-14 libclang-rt-14-dev   # the libFuzzer harnesses (tests/fuzz)
  clang-tidy-14 clang-format-14 # scripts/lint.sh (.clang-tidy, .clang-format), in CI
  libcpp-httplib-dev libmstch-dev gettext   # balint serve
  libboost-locale-dev   # its pages in German and Greek: catalogues, dates and numbers (ICU)
  groff-base man-db zsh   # the man page and completion test (tests/reference)
  chromium chromium-driver python3-selenium  # its browser tests (tests/web)
  nginx-light systemd openssl   # tests/web/deploy_test.py runs the docs/deploy examples
)

if [ "${1:-}" = "--bench" ]; then
  # libhpdf-dev: only to build the libharu version (90e53ab) that bench/pdf compares with
  # hledger-web and wrk: bench/serve (balint serve beside hledger-web, under load)
  packages+=(python3-reportlab hyperfine time libhpdf-dev hledger-web wrk)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# axe-core (npm) for the accessibility checks of tests/web, into that folder only.
install_axe() {
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -f "$here/tests/web/node_modules/axe-core/axe.min.js" ]; then
    command -v npm >/dev/null || $sudo apt-get install -y -qq --no-install-recommends npm
    npm ci --prefix "$here/tests/web" --no-audit --no-fund >/dev/null
  fi
}

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  install_axe
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
install_axe
