#!/usr/bin/env bash
# Install what the tests need, then run lint, the import contracts and the whole suite
# (unit, integration and browser tests) on the database DATABASE_URL names (SQLite if unset).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
. .venv/bin/activate
ruff check src tests benchmarks
lint-imports --no-cache
echo "database: ${DATABASE_URL:-sqlite (in memory)}"
exec pytest "$@"
