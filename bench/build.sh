# Sourced by the benchmarks: build_release PRODUCT builds it in release mode with the
# Swift runtime linked in, shows warnings, and sets $bin. A failed build stops the
# benchmark with its errors, instead of timing whatever binary an earlier build left.
build_release() {
  local log
  log=$(mktemp)
  if ! swift build -c release --static-swift-stdlib --product "$1" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "bench: building $1 failed" >&2
    exit 1
  fi
  grep -E "warning: [^']" "$log" | grep -v mktemp || true
  rm -f "$log"
  bin="$(swift build -c release --show-bin-path)/$1"
}
