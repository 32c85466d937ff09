#!/usr/bin/env bash
# The README's first command: installs what is needed, builds readmaster, prepares the
# embedded SQLite default in a scratch folder, and grades the example recordings
# (one of which is deliberately damaged: it gets an error record and the batch goes on).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/install-deps.sh
swift build -c release --static-swift-stdlib --product readmaster 2>&1 | grep -E "error|warning: [^']" | grep -v mktemp || true
bin="$(swift build -c release --show-bin-path)/readmaster"
[ -x "$bin" ] || { echo "demo: build failed" >&2; exit 1; }
demo=$(mktemp -d /tmp/readmaster-demo.XXXXXX)
trap 'rm -rf "$demo"' EXIT
cp -r "$root/examples" "$demo/"
cd "$demo"
echo "== readmaster migrate up        (sqlite:readmaster.db in $demo)" >&2
"$bin" migrate up -q >/dev/null
"$bin" migrate status
echo >&2
echo "== readmaster assess analyze --manifest examples/recordings/manifest.csv" >&2
status=0
"$bin" assess analyze --manifest examples/recordings/manifest.csv || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] || exit "$status"   # 3: some recordings failed, as intended here
echo >&2
echo "== the miscues in one reading (--format json, via python3)" >&2
"$bin" assess analyze examples/recordings/cleo-miscues.opus --text examples/passages/maya-and-the-map.md --format json \
  | python3 -c "$(cat <<'PY'
import json, sys
r = json.load(sys.stdin)[0]
print(f"{r['file']}: {r['wcpm']} WCPM, accuracy {r['accuracy_pct']} %, read in {r['reading_s']} s")
for m in r["miscues"]:
    print(f"  {m['type']:<15} word {m['index']:>3}  expected {str(m['expected']):<16} heard {m['heard']}")
PY
)"
