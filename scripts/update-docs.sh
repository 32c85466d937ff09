#!/usr/bin/env bash
# Regenerates the committed shell completions from the command table.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product readmaster >/dev/null
bin="$(swift build --show-bin-path)/readmaster"
"$bin" completion bash > completions/readmaster.bash
"$bin" completion zsh > completions/_readmaster
"$bin" completion fish > completions/readmaster.fish
