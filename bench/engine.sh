#!/usr/bin/env bash
# Engine speed, in one run: real-time factor of `assess analyze` on a ~60 s recording (median of five runs),
# and on a batch of 30 recordings with --jobs 1 and --jobs 2, against
# pocketsphinx_continuous (default en-us model and dictionary) on the same 60 s audio.
# RTF = processing seconds / audio seconds; "per core" multiplies the wall time by the jobs
# used, and is also given from the CPU time the process used.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
command -v pocketsphinx_continuous >/dev/null || {
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq pocketsphinx >/dev/null
}
source bench/build.sh
build_release readmaster
work=$(mktemp -d /tmp/readmaster-bench-engine.XXXXXX)
trap 'rm -rf "$work"' EXIT
passage=examples/passages/maya-and-the-map.md
spoken="$work/passage.txt"   # the body, without the front matter, for flite
awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' "$passage" > "$spoken"

# Recordings: flite voices at natural and stretched speed (a ~60 s reading among them).
flite -voice slt --setf duration_stretch=1.2 -f "$spoken" -o "$work/long.wav"
i=0
for voice in slt kal16; do
  for stretch in 0.9 1.0 1.1; do
    flite -voice "$voice" --setf duration_stretch=$stretch -f "$spoken" -o "$work/v$i.wav"; i=$((i + 1))
  done
done
mkdir -p "$work/batch"
for n in $(seq 0 29); do cp "$work/v$((n % 6)).wav" "$work/batch/r$n.wav"; done

secs() { python3 -c "import sys, wave; print(sum(wave.open(f).getnframes() / wave.open(f).getframerate() for f in sys.argv[1:]))" "$@"; }
long_s=$(secs "$work/long.wav")
batch_s=$(secs "$work"/batch/*.wav)

# Each run is timed twice: wall clock, and the CPU time the process used (user + system,
# all its threads), which is what "per core" means and what a busy neighbour on this
# machine disturbs least.
timed() {  # prints "wall_s cpu_s" for one run of the command
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
t0 = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
t1 = time.monotonic()
r = os.times()
print(f"{t1 - t0:.3f} {r.children_user + r.children_system:.3f}")
PY
}
# This machine's speed drifts by tens of percent from minute to minute: the one recording
# and pocketsphinx_continuous run five times, taking turns, and their medians are compared.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
singles=() single_cpus=() pscs=()
for _ in 1 2 3 4 5; do
  read -r wall cpu < <(timed "$bin" assess analyze "$work/long.wav" --text "$passage" --jobs 1 -q)
  singles+=("$wall") single_cpus+=("$cpu")
  read -r wall cpu < <(timed pocketsphinx_continuous -infile "$work/long.wav" -logfn /dev/null)
  pscs+=("$wall")
done
single=$(median "${singles[@]}") single_cpu=$(median "${single_cpus[@]}") psc=$(median "${pscs[@]}")
single_range="$(printf '%s\n' "${singles[@]}" | sort -g | sed -n '1p;$p' | xargs printf '%.2f\n' | paste -sd-)"
read -r batch1 batch1_cpu < <(timed "$bin" assess analyze "$work"/batch/*.wav --text "$passage" --jobs 1 -q)
read -r batch2 batch2_cpu < <(timed "$bin" assess analyze "$work"/batch/*.wav --text "$passage" --jobs 2 -q)

awk -v ls="$long_s" -v bs="$batch_s" -v s="$single" -v sc="$single_cpu" -v sr="$single_range" -v b1="$batch1" -v b1c="$batch1_cpu" \
    -v b2="$batch2" -v b2c="$batch2_cpu" -v p="$psc" 'BEGIN {
  printf "audio: one recording of %.1f s; a batch of 30 recordings, %.1f s in all\n", ls, bs
  printf "%-52s %9s   %-22s %s\n", "", "wall", "RTF per core (wall)", "RTF per core (CPU time)"
  printf "%-52s %7.2f s   %-22.3f %.3f   (medians of 5 runs, which took %s s)\n", "readmaster assess analyze, 1 recording, --jobs 1", s, s / ls, sc / ls, sr
  printf "%-52s %7.2f s   %-22.3f %.3f\n", "readmaster assess analyze, 30 recordings, --jobs 1", b1, b1 / bs, b1c / bs
  printf "%-52s %7.2f s   %-22.3f %.3f   (%.3f wall for the batch)\n", "readmaster assess analyze, 30 recordings, --jobs 2", b2, 2 * b2 / bs, b2c / bs, b2 / bs
  printf "%-52s %7.2f s   RTF %.3f (median of 5 runs)\n", "pocketsphinx_continuous (en-us LM), 1 recording", p, p / ls
  printf "ratio readmaster / pocketsphinx_continuous on the same recording: %.2f\n", s / p
  printf "a class of 30 one-minute recordings at --jobs 2 would take about %.0f s\n", b2 / bs * 1800
}'
