#!/usr/bin/env bash
# Install everything, load the demo data (SQLite under var/ unless DATABASE_URL is set) and
# start the service on http://127.0.0.1:8000, or on UTILICASE_BIND (e.g. 0.0.0.0:9000); the
# documents' QR codes point to that address unless UTILICASE_SITE_URL is set (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/utilicase demo
exec .venv/bin/utilicase serve --bind "${UTILICASE_BIND:-127.0.0.1:8000}"
