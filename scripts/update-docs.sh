#!/usr/bin/env bash
# Regenerates the committed docs that come from the command table: the shell
# completions and the COMMANDS section of man/readmaster.1 (from man/readmaster.1.in).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product readmaster >/dev/null
bin="$(swift build --show-bin-path)/readmaster"
"$bin" completion bash > completions/readmaster.bash
"$bin" completion zsh > completions/_readmaster
"$bin" completion fish > completions/readmaster.fish
"$bin" help --man man/readmaster.1.in > man/readmaster.1
