#!/usr/bin/env python3
"""Synthetic miscue recall: flite reads passages with planted omissions, substitutions and
insertions (seeded, so every run plants the same ones), readmaster grades the readings, and
this prints recall and precision per miscue type, and the spurious flags per 50 words of the
clean readings. Synthetic adult voices are no stand-in for children (see the passage bench,
../shared/tools/orf-score.py): these numbers say whether real miscues are still found.

usage: bench/miscues.py READMASTER_BINARY [--out DIR] [--voices slt,kal16,awb,rms] [--noise-db SNR]
With --noise-db, each clean reading is graded again with white noise added at that SNR and
the WCPM difference is printed.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import wave

import numpy as np

PASSAGES = [
    "Maya lived in a small house at the edge of the woods. Every morning she walked to the creek "
    "with her dog, Pepper. The water was cold and clear, and little fish darted between the stones. "
    "One day Maya found an old map tucked under a rock. It showed a path that led deep into the forest, "
    "past a tall pine tree and over a wooden bridge. Maya folded the map and put it in her pocket.",
    "Sam had a red kite with a long blue tail. On windy days he ran to the top of the hill and let the "
    "kite climb into the sky. His little sister Rosa liked to hold the string. One afternoon the wind "
    "pulled so hard that the kite broke free. It sailed over the farm and landed in the old apple tree. "
    "Sam and Rosa climbed the ladder together and carried the kite home.",
    "The class planted beans in paper cups by the window. Each child wrote a name on a cup and watered "
    "the soil every morning. After four days a pale green shoot pushed up through the dirt. Leo measured "
    "his plant with a ruler and drew a picture in his notebook. By the end of the month the vines had "
    "climbed the sticks, and the teacher said they could take the plants home.",
]
SUBSTITUTES = ["table", "yellow", "garden", "pocket", "window", "basket", "morning", "river", "candle", "monkey",
               "ladder", "purple", "button", "rabbit", "silver", "jacket"]
INSERTS = ["very", "big", "really", "then", "always", "just", "still", "so"]


def words(text):
    return [w for w in re.findall(r"[A-Za-z']+", text)]


def plant(text, rng, per_type=2):
    """Returns (spoken text, planted miscues {type: set(passage index)})."""
    toks = text.split()
    n = len(toks)
    candidates = list(range(2, n - 2))
    rng.shuffle(candidates)
    chosen, planted = [], {"omission": set(), "substitution": set(), "insertion": set()}
    for kind in ("omission", "substitution", "insertion") * per_type:
        while candidates:
            i = candidates.pop()
            if all(abs(i - j) > 3 for j in chosen):
                chosen.append(i)
                planted[kind].add(i)
                break
    out = []
    for i, tok in enumerate(toks):
        punct = re.sub(r"[A-Za-z']", "", tok)
        if i in planted["insertion"]:
            out.append(rng.choice(INSERTS))
        if i in planted["omission"]:
            if punct and out:
                out[-1] += punct
            continue
        if i in planted["substitution"]:
            out.append(rng.choice(SUBSTITUTES) + punct)
            continue
        out.append(tok)
    return " ".join(out), planted


def speak(text, voice, path):
    subprocess.run(["flite", "-voice", voice, "-t", text, "-o", path], check=True)


def add_noise(path, snr_db, rng):
    with wave.open(path, "rb") as w:
        params = w.getparams()
        x = np.frombuffer(w.readframes(params.nframes), dtype=np.int16).astype(np.float64)
    power = np.mean(x[np.abs(x) > 100] ** 2)
    noise = rng.normal(0, 1, len(x)) * np.sqrt(power / 10 ** (snr_db / 10))
    y = np.clip(x + noise, -32768, 32767).astype(np.int16)
    with wave.open(path, "wb") as w:
        w.setparams(params)
        w.writeframes(y.tobytes())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--out", default=None)
    ap.add_argument("--voices", default="slt,kal16,awb,rms")
    ap.add_argument("--noise-db", type=float, default=None, help="also grade each clean reading with white noise at this SNR (dB)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="readmaster-miscues-")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(a.seed)
    noise_rng = np.random.default_rng(a.seed)
    rows, truth = [], {}
    for p, text in enumerate(PASSAGES):
        tf = os.path.join(out, f"passage{p}.txt")
        open(tf, "w").write(text)
        for voice in a.voices.split(","):
            for kind in ("clean", "miscues"):
                spoken, planted = (text, {"omission": set(), "substitution": set(), "insertion": set()}) \
                    if kind == "clean" else plant(text, rng)
                wav = os.path.join(out, f"p{p}-{voice}-{kind}.wav")
                speak(spoken, voice, wav)
                rows.append(f"{wav},{tf}")
                truth[wav] = (kind, planted, len(words(text)))
                if a.noise_db is not None and kind == "clean":
                    noisy = os.path.join(out, f"p{p}-{voice}-noisy.wav")
                    speak(spoken, voice, noisy)
                    add_noise(noisy, a.noise_db, noise_rng)
                    rows.append(f"{noisy},{tf}")
                    truth[noisy] = ("noisy", wav, len(words(text)))
    manifest = os.path.join(out, "manifest.csv")
    open(manifest, "w").write("audio,text_file\n" + "\n".join(rows) + "\n")
    res = subprocess.run([a.binary, "assess", "analyze", "--manifest", manifest, "--format", "ndjson"],
                         capture_output=True, text=True)
    open(os.path.join(out, "engine.ndjson"), "w").write(res.stdout)
    json.dump({f: (k, {t: sorted(v) for t, v in p.items()} if isinstance(p, dict) else p, n) for f, (k, p, n) in truth.items()},
              open(os.path.join(out, "truth.json"), "w"), indent=1)
    stats = {k: {"tp": 0, "fn": 0, "fp": 0} for k in ("omission", "substitution", "insertion")}
    clean_flags, clean_words, wcpm, noisy = 0, 0, {}, {}
    for line in res.stdout.splitlines():
        r = json.loads(line)
        kind, planted, n = truth[r["file"]]
        if r.get("status") != "ok":
            print(f"error: {r['file']}: {r.get('error')}", file=sys.stderr)
            continue
        if kind == "noisy":
            noisy[planted] = r["wcpm"]
            continue
        flagged = {"omission": {w["index"] for w in r["words"] if w["status"] == "omission"},
                   "substitution": {w["index"] for w in r["words"] if w["status"] == "substitution"},
                   "insertion": {m["index"] for m in r["miscues"] if m["type"] == "insertion"}}
        if kind == "clean":
            clean_words += n
            clean_flags += sum(1 for w in r["words"] if w["status"] != "correct")
            wcpm[r["file"]] = r["wcpm"]
            continue
        for t in stats:
            tol = 1 if t == "insertion" else 0
            hit = {i for i in planted[t] if any(abs(i - j) <= tol for j in flagged[t])}
            stats[t]["tp"] += len(hit)
            stats[t]["fn"] += len(planted[t] - hit)
            stats[t]["fp"] += sum(1 for j in flagged[t] if not any(abs(i - j) <= tol for i in planted[t]))
    print(f"{'miscue':<14}{'planted':>8}{'found':>7}{'false':>7}{'recall':>8}{'precision':>10}")
    for t, s in stats.items():
        planted = s["tp"] + s["fn"]
        flagged = s["tp"] + s["fp"]
        print(f"{t:<14}{planted:>8}{s['tp']:>7}{s['fp']:>7}{s['tp'] / max(planted, 1):>8.2f}{s['tp'] / max(flagged, 1):>10.2f}")
    print(f"clean readings: {clean_flags} flags in {clean_words} words ({clean_flags / max(clean_words, 1) * 50:.2f} per 50 words)")
    if noisy:
        diffs = [abs(noisy[f] - wcpm[f]) / wcpm[f] for f in noisy if f in wcpm and wcpm[f] > 0]
        print(f"white noise at {a.noise_db:g} dB SNR: WCPM within {max(diffs) * 100:.1f} % of the clean reading's "
              f"(mean {sum(diffs) / len(diffs) * 100:.1f} %, {len(diffs)} readings)")
    print(f"files in {out}")


if __name__ == "__main__":
    main()
