#!/usr/bin/env bash
# Installs what is needed, starts a throwaway PostgreSQL server, and runs every test
# against both backends (SQLite files and that server). The server is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
source scripts/pg-server.sh
swift build --build-tests 2>&1 | grep -v '^\[' || true
swift build --build-tests >/dev/null  # fail here, loudly, if the build above failed
# PostgreSQL tests never skip: without READMASTER_TEST_PG (set by pg-server.sh) they fail.
swift test --skip-build "$@"
