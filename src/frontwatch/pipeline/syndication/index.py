"""Candidate pairs from compact integer keys: LSH band keys (near-duplicates) and winnowed passage
fingerprints (documents sharing a long passage: copies with new ledes, truncated or embedded copies).

Only numpy arrays are kept: (key: uint64, doc: uint32) rows, sorted once. No per-document Python
objects, so a million documents fit in memory (bytes per document are reported by the benchmark).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from frontwatch.pipeline.syndication.minhash import U32, shingle_hashes

# Passage fingerprints: word 8-grams, winnowed with a window of 17 8-grams, which guarantees that any
# run of >= 24 shared words (8 + 17 - 1) yields a shared fingerprint, at a density of ~2/18 of the
# 8-grams. Edited copies share runs of 20-30 words between the edits (tests/fixtures/syndication).
PASSAGE_WORDS = 8
WINNOW_WINDOW = 17
# A bucket with more documents than this is linked as a star (each member to the first) rather than
# all pairs, so a story copied by hundreds of outlets costs linear, not quadratic, verification.
MAX_BUCKET_PAIRS = 24


def winnow(wh: U32, k: int = PASSAGE_WORDS, w: int = WINNOW_WINDOW) -> U32:
    """Winnowing fingerprints (Schleimer et al. 2003) of a document's word hashes."""
    grams = shingle_hashes(wh, k)
    if len(grams) == 0 or len(wh) < k:
        return np.zeros(0, dtype=np.uint32)
    if len(grams) <= w:
        return np.unique(grams[[int(np.argmin(grams))]])
    windows = np.lib.stride_tricks.sliding_window_view(grams, w)
    # rightmost minimum in each window, as in the paper
    pos = w - 1 - np.argmin(windows[:, ::-1], axis=1) + np.arange(len(windows))
    return np.unique(grams[np.unique(pos)])


@dataclass
class CandidateIndex:
    """Accumulates (key, doc) rows; ``pairs()`` yields candidate document pairs once."""

    _keys: list[U32] = field(default_factory=list)
    _docs: list[npt.NDArray[np.uint32]] = field(default_factory=list)
    rows: int = 0

    def add(self, doc_index: int, keys: U32) -> None:
        """32-bit keys: at a million documents a chance collision costs one extra verified pair."""
        if len(keys) == 0:
            return
        self._keys.append(keys.astype(np.uint32, copy=False))
        self._docs.append(np.full(len(keys), doc_index, dtype=np.uint32))
        self.rows += len(keys)

    def add_batch(self, first_doc: int, keys: U32) -> None:
        """Rows of a (n_docs, k) key matrix for documents first_doc, first_doc+1, ..."""
        n, k = keys.shape
        self._keys.append(keys.reshape(-1).astype(np.uint32, copy=False))
        self._docs.append(np.repeat(np.arange(first_doc, first_doc + n, dtype=np.uint32), k))
        self.rows += n * k

    def arrays(self) -> tuple[U32, npt.NDArray[np.uint32]]:
        """All (key, doc) rows, for an executor that groups them elsewhere (a distributed shuffle)."""
        if not self._keys:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint32)
        return np.concatenate(self._keys), np.concatenate(self._docs)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in self._keys) + sum(a.nbytes for a in self._docs)

    def pairs(self) -> Iterator[tuple[int, int]]:
        if not self._keys:
            return
        keys = np.concatenate(self._keys)
        docs = np.concatenate(self._docs)
        order = np.lexsort((docs, keys))
        keys, docs = keys[order], docs[order]
        boundaries = np.flatnonzero(np.diff(keys)) + 1
        starts = np.concatenate([[0], boundaries])
        ends = np.concatenate([boundaries, [len(keys)]])
        multi = np.flatnonzero(ends - starts >= 2)
        seen: set[tuple[int, int]] = set()
        for b in multi:
            members = np.unique(docs[starts[b]: ends[b]])
            if len(members) < 2:
                continue
            if len(members) > MAX_BUCKET_PAIRS:
                hub = int(members[0])
                candidates = ((hub, int(m)) for m in members[1:])
            else:
                ms = [int(m) for m in members]
                candidates = ((ms[i], ms[j]) for i in range(len(ms)) for j in range(i + 1, len(ms)))
            for pair in candidates:
                if pair not in seen:
                    seen.add(pair)
                    yield pair
