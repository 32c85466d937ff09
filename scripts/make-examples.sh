#!/usr/bin/env bash
# Regenerates the example recordings in examples/recordings/ (committed; this script is
# only needed to change them). Voices are flite's; encoding needs opus-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
out=examples/recordings
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# The passage's body, without its front matter.
passage="$tmp/passage.txt"
awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' examples/passages/maya-and-the-map.md > "$passage"
say() { # voice text-file name
  flite -voice "$1" -f "$2" -o "$tmp/$3.wav"
  opusenc --quiet --bitrate 12 --downmix-mono "$tmp/$3.wav" "$out/$3.opus"
}
say slt "$passage" ana-clean
say kal16 "$passage" ben-clean
sed -e 's/small house/small horse/; s/she walked/she always walked/; s/The water was cold/The water was the water was cold/; s/little fish darted/fish jumped/' \
  "$passage" > "$tmp/miscues.txt"
say slt "$tmp/miscues.txt" cleo-miscues
head -c 2000 /dev/urandom > "$out/broken.opus"   # a damaged upload: the batch must go on
