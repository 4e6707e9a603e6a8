#!/usr/bin/env bash
# Set up this project on a fresh Debian machine that has only Python.
#   bash tools/setup.sh          what building the site needs (.venv + requirements.txt,
#                                the in-browser editor's script in vendor/)
#   bash tools/setup.sh --tests  also what the tests need: the browser, Java for the
#                                HTML checker, Node packages (axe-core, vnu-jar), fonts.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--tests" ] && want_tests=1

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing with apt-get: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# FriBiDi lets Pillow (through its bundled libraqm) shape Arabic on share cards.
apt_install libfribidi0
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then apt_install python3-venv; fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
# The in-browser editor (/admin/): Sveltia CMS and its fonts, as pinned in
# package-lock.json (and plugins/tadamon/admin/pins.json, which ships with the
# package), checked against their sha512 and kept in vendor/ (no Node needed).
.venv/bin/python tools/vendor_cms.py

if [ $want_tests = 1 ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  # Debian's Chromium (tools that download their own browser do not work here),
  # Java for the W3C Nu HTML checker, Node for axe-core and vnu-jar. A machine
  # that already has them (GitHub's Ubuntu runners come with Chrome, Java and
  # Node, and Ubuntu has no `chromium` package) keeps its own.
  # zbar-tools: zbarimg reads the posters' QR codes from screenshots (tests/test_outreach.py).
  wanted=(fonts-noto-core zbar-tools)
  command -v chromium >/dev/null || command -v google-chrome >/dev/null || wanted+=(chromium)
  command -v java >/dev/null || wanted+=(default-jre-headless)
  command -v npm >/dev/null || wanted+=(nodejs npm)
  apt_install "${wanted[@]}"
  if [ ! -d node_modules/axe-core ] || [ ! -d node_modules/vnu-jar ]; then
    npm ci --silent --no-audit --no-fund
  fi
fi
echo "Setup done."
