#!/usr/bin/env bash
# Installs the Debian packages readmaster builds against, runs against and tests with,
# then the word recogniser (whisper.cpp and the Whisper tiny.en model, which Debian does
# not package: scripts/install-whisper.sh builds and converts them, digests pinned).
# Idempotent: skips apt entirely when every package is already installed.
set -euo pipefail
packages=(
  pkg-config libpq-dev libsqlite3-dev sqlite3 postgresql postgresql-client
  libsndfile1-dev libsamplerate0-dev libsodium-dev
  libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us flite1-dev flite
  man-db groff-base librsvg2-bin cmake
  # Tests render the HTML reports in a real browser (headless), and run the completion
  # scripts in the shells they are for.
  chromium zsh fish
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
bash "$(dirname "$0")/install-whisper.sh"
