#!/usr/bin/env bash
# Regenerates Sources/ReadmasterEngine/CommonWords.swift's word list: the N (default
# 1,000) most probable plain words of the general en-us language model. Needs sphinxbase-utils.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sphinx_lm_convert -i /usr/share/pocketsphinx/model/en-us/en-us.lm.bin -o "$tmp/en-us.arpa" 2>/dev/null || true
awk '/1-grams:/{f=1;next} /2-grams:/{exit} f && NF>=2 {print $1, $2}' "$tmp/en-us.arpa" \
  | awk '$2 ~ /^[a-z][a-z'"'"']*$/' | sort -k1,1 -g -r | head -"${1:-1000}" | awk '{print $2}'
