#!/usr/bin/env bash
# The README's first command: installs what is needed, builds readmaster, and runs the
# main job on the embedded SQLite default in a scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product readmaster 2>&1 | grep -E "error|warning: [^']" || true
bin="$(swift build -c release --show-bin-path)/readmaster"
[ -x "$bin" ] || { echo "demo: build failed" >&2; exit 1; }
demo=$(mktemp -d /tmp/readmaster-demo.XXXXXX)
trap 'rm -rf "$demo"' EXIT
cd "$demo"
echo "== readmaster migrate up   (database: sqlite:readmaster.db in $demo)" >&2
"$bin" migrate up
echo >&2
echo "== readmaster migrate status" >&2
"$bin" migrate status
