#!/usr/bin/env bash
# Measures how well the engine's scores agree with expert ratings on speakers it has never
# met, and refits them: runs the engine over the rated corpus, then speaker-grouped
# cross-validation over every speaker (10 folds stratified by age band; every setting is
# chosen inside each fold's training part). Prints the pooled out-of-fold Pearson
# correlation of each score with its spread over folds, for the children alone and next to
# a speaking-rate baseline; what each feature family adds; and each score's expected error.
#
#   bash bench/calibrate.sh            # measure and report (nothing written)
#   WRITE=1 bash bench/calibrate.sh    # also refit on every recording and rewrite
#                                      # Sources/ReadmasterEngine/CalibrationParameters.swift
#   FOLDS=5 bash bench/calibrate.sh    # another number of folds
#   ABLATIONS=0 bash bench/calibrate.sh  # skip the feature-family runs
#   bash bench/calibrate.sh --ages 6-12      # experiments: fit and score one age band only;
#   bash bench/calibrate.sh --child-weight 3 # count each child's recording 3 times in every fit
#
# DATA (default ../shared/data/so762-train) holds audio/*.flac and labels.json. Features
# are cached in CACHE (default a temporary folder); reuse one to refit without decoding
# (decoding all 2,500 recordings takes about an hour on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${DATA:-../shared/data/so762-train}
[ -f "$data/labels.json" ] || { echo "calibrate: $data/labels.json not found (set DATA)" >&2; exit 66; }
bash scripts/install-deps.sh
source bench/build.sh
build_release readmaster-bench
cache=${CACHE:-$(mktemp -d /tmp/readmaster-calibrate.XXXXXX)}
args=(calibrate --data "$data" --cache "$cache" --jobs "${JOBS:-$(nproc)}" --folds "${FOLDS:-10}")
[ "${WRITE:-0}" = 1 ] && args+=(--write Sources/ReadmasterEngine/CalibrationParameters.swift)
[ "${ABLATIONS:-1}" = 0 ] && args+=(--no-ablations)
"$bin" "${args[@]}" "$@"
[ -n "${CACHE:-}" ] || rm -rf "$cache"
