"""The encoder's runtime (length-sorted ONNX calls under a token budget, repeated texts embedded once, the
per-process cache) changes nothing in the vectors: each equals the text embedded alone."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from frontwatch.nlp import embeddings
from frontwatch.nlp.embeddings import TOKEN_BUDGET, Encoder

TEXTS = [
    "Artillery shells struck the eastern district of the town overnight.",
    "Police detained twelve protesters.",
    "Artillery shells struck the eastern district of the town overnight.",
    "",
    " ".join(["Rebels attacked an army checkpoint near the river crossing north of the provincial capital."] * 6),
    "Ceasefire talks resumed in Geneva.",
    "Police detained twelve protesters.",
]


@pytest.fixture
def encoder() -> Encoder:
    return Encoder(threads=1)


def test_vectors_equal_each_text_alone(encoder: Encoder) -> None:
    batch = encoder.encode(TEXTS)
    encoder._cache.clear()
    alone = np.vstack([encoder.encode([t]) for t in TEXTS])
    assert batch.shape == (len(TEXTS), embeddings.DIM)
    assert float(np.min(np.sum(batch * alone, axis=1))) >= 0.999
    assert np.array_equal(batch[0], batch[2]) and np.array_equal(batch[1], batch[6])


def test_calls_stay_under_the_token_budget(encoder: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    shapes: list[tuple[int, int]] = []
    run = encoder._run

    def spy(ids: Any, mask: Any) -> Any:
        shapes.append(ids.shape)
        return run(ids, mask)

    monkeypatch.setattr(encoder, "_run", spy)
    texts = [f"Shelling hit village number {i} in the {'north ' * (i % 9)}of the district." for i in range(50)]
    encoder.encode(texts, batch_size=64)
    assert sum(rows for rows, _ in shapes) == len(set(texts))
    assert all(rows * width <= TOKEN_BUDGET or rows == 1 for rows, width in shapes)
    widths = [w for _, w in shapes]
    assert widths == sorted(widths)  # length-sorted: each call pads little


def test_repeated_texts_come_from_the_cache(encoder: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    first = encoder.encode(TEXTS[:2])

    def fail(ids: Any, mask: Any) -> Any:
        raise AssertionError("cached texts must not reach the model")

    monkeypatch.setattr(encoder, "_run", fail)
    assert np.array_equal(encoder.encode(list(reversed(TEXTS[:2]))), first[::-1])


def test_cache_is_bounded(encoder: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "CACHE_SIZE", 3)
    encoder.encode([f"sentence {i}" for i in range(10)])
    assert len(encoder._cache) == 3
