"""Sentence-level event-type classifier: a small head over all-MiniLM-L6-v2 embeddings, predicted with numpy.

The trained weights live in ``frontwatch/data/events/classifier.npz`` with their metadata (labels, head
shape, training-data hash, measured scores) in ``classifier.json``; ``scripts/train_event_classifier.py``
writes both. The head is a softmax over

    logits = MLP(embedding) + LEX · hashed_word_ngrams(text)      (each part optional)

optionally blended with a nearest-prototype distribution (softmax of cosine similarity to per-class
centroids). No scikit-learn at run time.

    clf = EventClassifier.load()
    clf.predict(["Rebels shelled the town."])[0].sub_event_type   # 'Shelling/artillery/missile attack'
"""

from __future__ import annotations

import json
import logging
import re
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from frontwatch.errors import Code, InputError, ModelError
from frontwatch.pipeline.extract.labels import NO_EVENT, event_type_of, is_label
from frontwatch.records import Skip

log = logging.getLogger(__name__)

MODEL_RESOURCE = ("frontwatch.data", "events/classifier")
FORMAT_VERSION = 1
# Lines per embedding call in classify_jsonl: bounds memory on huge inputs, keeps ONNX batches full.
CLASSIFY_CHUNK = 512
# A text longer than this (characters) is cut before embedding; the encoder reads 128 tokens anyway.
MAX_TEXT_CHARS = 4000
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

Vector = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str  # one of labels.LABELS
    event_type: str | None  # ACLED event type; None for the non-ACLED labels and No event
    sub_event_type: str | None  # ACLED sub-event type; None likewise
    score: float  # probability of ``label``
    scores: dict[str, float] = field(default_factory=dict)  # probability of every label


@dataclass(frozen=True, slots=True)
class ClassifyCounts:
    """What ``classify_jsonl`` did: lines read, lines written, and one :class:`Skip` per bad line."""

    lines: int
    written: int
    skipped: tuple[Skip, ...] = ()
    labels: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "written": self.written,
            "skipped": [{"line": s.line, "code": s.code, "reason": s.reason} for s in self.skipped],
            "labels": dict(self.labels),
        }


def ngrams(text: str, orders: Sequence[int]) -> list[str]:
    """Lower-cased word n-grams of the given orders (``"2:shelled town"``)."""
    words = _WORD.findall(text.lower())
    grams: list[str] = []
    for n in orders:
        grams.extend(f"{n}:{' '.join(words[i : i + n])}" for i in range(len(words) - n + 1))
    return grams


def hashed_features(text: str, dim: int, orders: Sequence[int]) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Binary hashed n-gram features of one text, L2-normalised: (column indices, values)."""
    cols = sorted({zlib.crc32(g.encode("utf-8")) % dim for g in ngrams(text, orders)})
    idx = np.asarray(cols, dtype=np.int64)
    vals = np.full(len(cols), 1.0 / np.sqrt(len(cols)) if cols else 0.0, dtype=np.float32)
    return idx, vals


def softmax(z: NDArray[np.float32]) -> NDArray[np.float32]:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


def _model_base() -> Path:
    return Path(str(resources.files(MODEL_RESOURCE[0]).joinpath(MODEL_RESOURCE[1])))


class EventClassifier:
    """A trained head; load with :meth:`load` (cached per process), predict with :meth:`predict`."""

    _cache: ClassVar[dict[str, EventClassifier]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, arrays: dict[str, NDArray[Any]], meta: dict[str, Any]) -> None:
        self.meta = meta
        self.arrays = arrays  # as stored (float16 where the trainer saved it so); written back by the trainer
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        bad = [lab for lab in self.labels if not is_label(lab)]
        if bad:
            raise ModelError(f"event classifier has unknown labels: {bad}")
        n_layers = int(meta.get("layers", 0))
        self.layers = [
            (arrays[f"W{i}"].astype(np.float32), arrays[f"b{i}"].astype(np.float32)) for i in range(n_layers)
        ]
        self.lex_dim = int(meta.get("lex_dim", 0))
        self.lex_orders: tuple[int, ...] = tuple(meta.get("lex_orders", ()))
        self.lex = arrays["lex"].astype(np.float32) if self.lex_dim else None
        self.bias = arrays["bias"].astype(np.float32) if "bias" in arrays else None
        self.protos = arrays["protos"].astype(np.float32) if "protos" in arrays else None
        self.proto_labels = arrays["proto_labels"].astype(np.int64) if self.protos is not None else None
        self.proto_weight = float(meta.get("proto_weight", 0.0))
        self.proto_temp = float(meta.get("proto_temp", 0.05))
        self.temperature = float(meta.get("temperature", 1.0))
        self.needs_text = self.lex is not None
        width = len(self.labels)
        out_dim = self.layers[-1][0].shape[1] if self.layers else width
        if out_dim != width or (self.lex is not None and self.lex.shape != (self.lex_dim, width)):
            raise ModelError("event classifier weights do not match its label list")

    @classmethod
    def from_files(cls, base: Path) -> EventClassifier:
        """Read ``<base>.npz`` and ``<base>.json``."""
        npz, meta_path = base.with_suffix(".npz"), base.with_suffix(".json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(npz, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot read the event classifier at {base}: {exc}") from exc
        if meta.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"event classifier {base} has format {meta.get('format_version')}, want {FORMAT_VERSION}")
        try:
            return cls(arrays, meta)
        except KeyError as exc:
            raise ModelError(f"event classifier {base} lacks array {exc}") from exc

    @classmethod
    def load(cls, base: Path | None = None) -> EventClassifier:
        """The bundled classifier (or the one at ``base``), loaded once per process."""
        path = base or _model_base()
        key = str(path)
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = cls.from_files(path)
            return cls._cache[key]

    # -- prediction -------------------------------------------------------------------------------------

    def probabilities(self, vecs: Vector, texts: Sequence[str] | None = None) -> Vector:
        """Label probabilities (n, len(labels)) for embeddings ``vecs`` (and their texts, for lexical heads)."""
        x = np.asarray(vecs, dtype=np.float32)
        if x.ndim != 2:
            raise ModelError(f"expected a 2-d array of embeddings, got shape {x.shape}")
        n = x.shape[0]
        h = x
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        logits = h if self.layers else np.zeros((n, len(self.labels)), dtype=np.float32)
        if self.bias is not None:
            logits = logits + self.bias
        if self.lex is not None:
            if texts is None:
                log.debug("lexical features skipped: predict_vectors called without texts")
            elif len(texts) != n:
                raise ModelError(f"{len(texts)} texts for {n} embeddings")
            else:
                logits = logits + self._lexical_logits(texts)
        probs = softmax(logits / self.temperature)
        if self.protos is not None and self.proto_labels is not None and self.proto_weight > 0:
            # soft nearest-prototype vote: softmax over prototypes, summed per owning label
            weights = softmax((x @ self.protos.T) / self.proto_temp)
            near = weights @ np.eye(len(self.labels), dtype=np.float32)[self.proto_labels]
            probs = (1.0 - self.proto_weight) * probs + self.proto_weight * near
        return probs

    def _lexical_logits(self, texts: Sequence[str]) -> Vector:
        assert self.lex is not None
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        for row, text in enumerate(texts):
            idx, vals = hashed_features(text if isinstance(text, str) else "", self.lex_dim, self.lex_orders)
            if len(idx):
                out[row] = vals @ self.lex[idx]
        return out

    def predict_vectors(self, vecs: Vector, texts: Sequence[str] | None = None) -> list[Prediction]:
        """Predictions for texts already embedded with :class:`~frontwatch.nlp.embeddings.Encoder`."""
        return [self._prediction(row) for row in self.probabilities(vecs, texts)]

    def predict(self, texts: Sequence[str], batch_size: int = 64) -> list[Prediction]:
        from frontwatch.nlp.embeddings import Encoder

        clean = [t[:MAX_TEXT_CHARS] if isinstance(t, str) else "" for t in texts]
        if not clean:
            return []
        return self.predict_vectors(Encoder.get().encode(clean, batch_size=batch_size), clean)

    def predict_typed(self, texts: Sequence[str], batch_size: int = 64) -> list[Prediction]:
        """:meth:`predict`, then ACLED's actor rule for bare sentences: who took the ground decides between
        the two territory types (``territory.by_acting_side``; the pipeline decides it from the parse).
        The score of a switched prediction is the probability of the label it now carries."""
        from frontwatch.pipeline.extract.territory import by_acting_side

        out = []
        for text, pred in zip(texts, self.predict(texts, batch_size), strict=True):
            label = by_acting_side(pred.label, text[:MAX_TEXT_CHARS]) if isinstance(text, str) else pred.label
            if label != pred.label:
                pred = Prediction(label, event_type_of(label), label, pred.scores.get(label, 0.0), pred.scores)
            out.append(pred)
        return out

    def _prediction(self, row: Vector) -> Prediction:
        best = int(np.argmax(row))
        label = self.labels[best]
        event_type = event_type_of(label)
        return Prediction(
            label=label,
            event_type=event_type,
            sub_event_type=label if event_type else None,
            score=float(row[best]),
            scores={lab: float(p) for lab, p in zip(self.labels, row, strict=True)},
        )


# -- frontwatch classify IN.jsonl --out OUT.jsonl -------------------------------------------------------------


def _parse_lines(path: Path, lines: Iterable[bytes]) -> Iterator[tuple[int, str | int | float, str] | Skip]:
    """(line number, id, text) for each good line; a :class:`Skip` with a coded reason for each bad one."""
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            yield Skip(str(path), Code.UNDECODABLE.value, f"not UTF-8: {exc.reason} at byte {exc.start}", n)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skip(str(path), Code.BAD_JSON.value, f"malformed JSON: {exc.msg} (column {exc.colno})", n)
            continue
        if not isinstance(obj, dict):
            yield Skip(str(path), Code.BAD_RECORD.value, f"expected an object, got {type(obj).__name__}", n)
            continue
        rid = obj.get("id")
        if rid is None or isinstance(rid, bool) or not isinstance(rid, str | int | float) or rid == "":
            yield Skip(str(path), Code.BAD_RECORD.value, "missing or invalid 'id' (want a string or number)", n)
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skip(str(path), Code.NO_TEXT.value, f"record {rid!r} has no 'text' string", n)
            continue
        yield n, rid, text


def classify_jsonl(
    in_path: str | Path, out_path: str | Path, classifier: EventClassifier | None = None
) -> ClassifyCounts:
    """Classify each ``{"id", "text"}`` line of ``in_path`` and write ``{"id", "label", "event_type",
    "sub_event_type", "score"}`` lines to ``out_path``. Bad lines are skipped, logged and counted, never fatal."""
    src, dst = Path(in_path), Path(out_path)
    clf = classifier or EventClassifier.load()
    skipped: list[Skip] = []
    labels: dict[str, int] = {}
    lines = written = 0
    try:
        fin = src.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {src}: {exc.strerror or exc}", Code.NOT_FOUND) from exc
    dst.parent.mkdir(parents=True, exist_ok=True)
    with fin, dst.open("w", encoding="utf-8") as fout:
        chunk: list[tuple[int, str | int | float, str]] = []

        def flush() -> None:
            nonlocal written
            if not chunk:
                return
            for (_, rid, _), pred in zip(chunk, clf.predict_typed([t for _, _, t in chunk]), strict=True):
                rec = {"id": rid, "label": pred.label, "event_type": pred.event_type,
                       "sub_event_type": pred.sub_event_type, "score": round(pred.score, 4)}
                fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
                labels[pred.label] = labels.get(pred.label, 0) + 1
                written += 1
            chunk.clear()

        for item in _parse_lines(src, fin):
            lines += 1
            if isinstance(item, Skip):
                log.warning("skipped %s", item.describe())
                skipped.append(item)
                continue
            chunk.append(item)
            if len(chunk) >= CLASSIFY_CHUNK:
                flush()
        flush()
    return ClassifyCounts(lines=lines, written=written, skipped=tuple(skipped), labels=labels)


__all__ = ["NO_EVENT", "ClassifyCounts", "EventClassifier", "Prediction", "classify_jsonl", "hashed_features"]
