#!/usr/bin/env python3
"""Converts a Whisper model in CTranslate2 form (model.bin + vocabulary.txt) into the ggml file
whisper.cpp reads. Weights are copied bit for bit: float16 matrices stay float16; the small
tensors whisper.cpp wants as float32 (biases, layer norms, positional tables) are widened, which
is exact. CTranslate2 fuses attention projections (self-attention q/k/v, cross-attention k/v);
they are split again here, and the key bias that Whisper does not have (CTranslate2 stores zeros
for it) is dropped after checking it is zero.

usage: whisper-ct2-to-ggml.py MODEL_DIR OUTPUT_FILE
"""
import struct
import sys
from pathlib import Path

import numpy as np

GGML_MAGIC = 0x67676D6C
CT2_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
N_TEXT_TOKENS = 50256  # GPT-2 byte-level BPE tokens; whisper.cpp names the special ones itself


def read_ct2(path):
    """Returns {name: ndarray} (aliases resolved) from a CTranslate2 model.bin (binary version 6)."""
    data = Path(path).read_bytes()
    pos = 0

    def take(fmt):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    def string():
        nonlocal pos
        (n,) = take("H")
        s = data[pos:pos + n - 1].decode("utf-8")
        pos += n
        return s

    (version,) = take("I")
    if version != 6:
        sys.exit(f"unsupported CTranslate2 binary version {version}")
    spec = string()
    if spec != "WhisperSpec":
        sys.exit(f"not a Whisper model: {spec}")
    take("I")  # spec revision
    (count,) = take("I")
    tensors = {}
    for _ in range(count):
        name = string()
        (ndim,) = take("B")
        shape = take("I" * ndim)
        (dtype,) = take("B")
        (nbytes,) = take("I")
        array = np.frombuffer(data, dtype=CT2_DTYPES[dtype], count=nbytes // np.dtype(CT2_DTYPES[dtype]).itemsize, offset=pos)
        tensors[name] = array.reshape(shape)
        pos += nbytes
    (aliases,) = take("I")
    for _ in range(aliases):
        alias, target = string(), string()
        tensors[alias] = tensors[target]
    return tensors


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable characters (how vocabulary.txt spells tokens)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def mel_filters(sr=16000, n_fft=400, n_mels=80):
    """Slaney-scale, Slaney-normalised triangular filters: what Whisper's mel_filters.npz holds."""
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0

    def hz_to_mel(f):
        return min_log_mel + np.log(f / min_log_hz) / logstep if f >= min_log_hz else f / f_sp

    mels = np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2)
    freqs = np.where(mels >= min_log_mel, min_log_hz * np.exp(logstep * (mels - min_log_mel)), f_sp * mels)
    fft_freqs = np.fft.rfftfreq(n=n_fft, d=1.0 / sr)
    fdiff = np.diff(freqs)
    ramps = np.subtract.outer(freqs, fft_freqs)
    weights = np.zeros((n_mels, 1 + n_fft // 2), dtype=np.float32)
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (freqs[2:n_mels + 2] - freqs[:n_mels]))[:, np.newaxis]
    return weights


def ggml_tensors(t, n_audio_layer, n_text_layer):
    """Yields (whisper.cpp name, array) in whisper.cpp's naming."""
    def attention(prefix, src, fused_qkv):
        if fused_qkv:
            q, k, v = np.split(t[f"{src}/linear_0/weight"], 3)
            qb, kb, vb = np.split(t[f"{src}/linear_0/bias"], 3)
            out = f"{src}/linear_1"
        else:
            q, qb = t[f"{src}/linear_0/weight"], t[f"{src}/linear_0/bias"]
            k, v = np.split(t[f"{src}/linear_1/weight"], 2)
            kb, vb = np.split(t[f"{src}/linear_1/bias"], 2)
            out = f"{src}/linear_2"
        if np.any(kb != 0):
            sys.exit(f"{src}: key bias is not zero; this is not a Whisper model")
        yield f"{prefix}.query.weight", q
        yield f"{prefix}.query.bias", qb
        yield f"{prefix}.key.weight", k
        yield f"{prefix}.value.weight", v
        yield f"{prefix}.value.bias", vb
        yield f"{prefix}.out.weight", t[f"{out}/weight"]
        yield f"{prefix}.out.bias", t[f"{out}/bias"]

    def norm(dst, src):
        yield f"{dst}.weight", t[f"{src}/gamma"]
        yield f"{dst}.bias", t[f"{src}/beta"]

    def mlp(dst, src):
        yield from norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")
        yield f"{dst}.mlp.0.weight", t[f"{src}/ffn/linear_0/weight"]
        yield f"{dst}.mlp.0.bias", t[f"{src}/ffn/linear_0/bias"]
        yield f"{dst}.mlp.2.weight", t[f"{src}/ffn/linear_1/weight"]
        yield f"{dst}.mlp.2.bias", t[f"{src}/ffn/linear_1/bias"]

    yield "encoder.positional_embedding", t["encoder/position_encodings/encodings"]
    for i in (1, 2):
        yield f"encoder.conv{i}.weight", t[f"encoder/conv{i}/weight"]
        yield f"encoder.conv{i}.bias", t[f"encoder/conv{i}/bias"].reshape(-1, 1)
    for i in range(n_audio_layer):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        yield from norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        yield from attention(f"{dst}.attn", f"{src}/self_attention", True)
        yield from mlp(dst, src)
    yield from norm("encoder.ln_post", "encoder/layer_norm")

    yield "decoder.positional_embedding", t["decoder/position_encodings/encodings"]
    yield "decoder.token_embedding.weight", t["decoder/embeddings/weight"]
    for i in range(n_text_layer):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        yield from norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        yield from attention(f"{dst}.attn", f"{src}/self_attention", True)
        yield from norm(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
        yield from attention(f"{dst}.cross_attn", f"{src}/attention", False)
        yield from mlp(dst, src)
    yield from norm("decoder.ln", "decoder/layer_norm")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    model_dir, output = Path(sys.argv[1]), Path(sys.argv[2])
    t = read_ct2(model_dir / "model.bin")
    vocabulary = (model_dir / "vocabulary.txt").read_text(encoding="utf-8").split("\n")
    decoder = {c: b for b, c in bytes_to_unicode().items()}

    n_vocab, n_state = t["decoder/embeddings/weight"].shape
    n_audio_layer = sum(1 for k in t if k.startswith("encoder/layer_") and k.endswith("/ffn/linear_0/weight"))
    n_text_layer = sum(1 for k in t if k.startswith("decoder/layer_") and k.endswith("/ffn/linear_0/weight"))
    n_audio_ctx = t["encoder/position_encodings/encodings"].shape[0]
    n_text_ctx = t["decoder/position_encodings/encodings"].shape[0]
    n_mels = t["encoder/conv1/weight"].shape[1]
    n_audio_head = int(t["encoder/num_heads"])
    n_text_head = int(t["decoder/num_heads"])
    if n_vocab >= 51865:
        sys.exit("multilingual models are not supported by this converter (English-only vocabulary)")

    tmp = output.with_name(output.name + ".part")
    with tmp.open("wb") as out:
        out.write(struct.pack("<12i", GGML_MAGIC, n_vocab, n_audio_ctx, n_state, n_audio_head, n_audio_layer,
                              n_text_ctx, n_state, n_text_head, n_text_layer, n_mels, 1))
        filters = mel_filters(n_mels=n_mels)
        out.write(struct.pack("<2i", *filters.shape))
        out.write(filters.astype("<f4").tobytes())
        out.write(struct.pack("<i", N_TEXT_TOKENS))
        for token in vocabulary[:N_TEXT_TOKENS]:
            raw = bytes(decoder[c] for c in token)
            out.write(struct.pack("<i", len(raw)))
            out.write(raw)
        written = 0
        for name, array in ggml_tensors(t, n_audio_layer, n_text_layer):
            keep_f16 = array.ndim >= 2 and not name.endswith("conv1.bias") and not name.endswith("conv2.bias") \
                and "positional_embedding" not in name
            data = array.astype("<f2" if keep_f16 else "<f4")
            raw_name = name.encode("utf-8")
            out.write(struct.pack("<3i", data.ndim, len(raw_name), 1 if keep_f16 else 0))
            out.write(struct.pack(f"<{data.ndim}i", *reversed(data.shape)))
            out.write(raw_name)
            out.write(np.ascontiguousarray(data).tobytes())
            written += 1
    tmp.replace(output)
    print(f"whisper-ct2-to-ggml: {written} tensors, {n_audio_layer}+{n_text_layer} layers, vocabulary {n_vocab} -> {output}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
