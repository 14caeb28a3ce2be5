#!/usr/bin/env bash
# Installs what utilicase needs on a fresh Debian machine with Python 3.11+:
#   Debian: gettext (compiles the translations), fonts-wqy-microhei (the CJK font embedded in PDFs),
#           poppler-utils (pdftotext), libpango (WeasyPrint), and with --test: chromium (browser tests)
#   Python: a virtual environment in .venv with the project and, with --test, its test extras
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(gettext fonts-wqy-microhei poppler-utils libpango-1.0-0 libpangoft2-1.0-0 sqlite3)
extras=""
if [ "${1:-}" = "--test" ]; then
  want+=(chromium)
  extras="[test]"
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import utilicase, django" # fails loudly if the install did not work
(cd src/utilicase && ../../.venv/bin/django-admin compilemessages -v0)
