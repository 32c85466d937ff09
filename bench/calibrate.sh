#!/usr/bin/env bash
# Refits the engine's score models from the rated corpus and prints, for held-out
# speakers only, the Pearson correlation of each engine score with the human score next
# to a speaking-rate baseline (words / recording duration) measured in the same run.
#
#   bash bench/calibrate.sh            # measure, fit, report (nothing written)
#   WRITE=1 bash bench/calibrate.sh    # also rewrite Sources/ReadmasterEngine/CalibrationParameters.swift
#   CV=1 bash bench/calibrate.sh       # also 4-fold speaker cross-validation over all recordings
#                                      # (steadier than the one split for comparing engine variants)
#
# DATA (default ../shared/data/so762-train) holds audio/*.flac and labels.json. Features
# are cached in CACHE (default a temporary folder); reuse one to refit without decoding.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${DATA:-../shared/data/so762-train}
[ -f "$data/labels.json" ] || { echo "calibrate: $data/labels.json not found (set DATA)" >&2; exit 66; }
bash scripts/install-deps.sh
source bench/build.sh
build_release readmaster-bench
cache=${CACHE:-$(mktemp -d /tmp/readmaster-calibrate.XXXXXX)}
args=(calibrate --data "$data" --cache "$cache" --jobs "${JOBS:-$(nproc)}")
[ "${WRITE:-0}" = 1 ] && args+=(--write Sources/ReadmasterEngine/CalibrationParameters.swift)
[ "${CV:-0}" = 1 ] && args+=(--cv)
"$bin" "${args[@]}"
[ -n "${CACHE:-}" ] || rm -rf "$cache"
