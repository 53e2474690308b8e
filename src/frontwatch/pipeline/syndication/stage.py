"""The syndication stage (global): candidate pairs by MinHash LSH and winnowed passage fingerprints,
confirmation by passage alignment, then groups, origins, lineage and near-duplicates.

Texts are streamed in batches: signatures and fingerprints are computed per batch and only their
integer keys are kept; texts are fetched again only for candidate pairs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from frontwatch.pipeline.syndication.align import MIN_RUN_WORDS, Tokens, align, tokenize
from frontwatch.pipeline.syndication.groups import DocInfo, GroupResult, Link, build_groups, is_copy
from frontwatch.pipeline.syndication.index import CandidateIndex, winnow
from frontwatch.pipeline.syndication.minhash import band_keys, shingle_hashes, signatures, word_hashes, words

log = logging.getLogger(__name__)
BATCH = 512
NAME = "syndication.lsh-align.v1"


@dataclass
class SyndicationStats:
    documents: int = 0
    candidate_pairs: int = 0
    copy_pairs: int = 0
    index_bytes: int = 0
    seconds_signatures: float = 0.0
    seconds_align: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def bytes_per_document(self) -> float:
        return self.index_bytes / self.documents if self.documents else 0.0


def build_index(texts: Iterable[tuple[int, str]], stats: SyndicationStats) -> CandidateIndex:
    """Band keys and passage fingerprints of every document, streamed in batches."""
    index = CandidateIndex()
    batch: list[tuple[int, str]] = []

    def flush() -> None:
        started = time.perf_counter()
        hashes = [word_hashes(words(t)) for _, t in batch]
        shingles = [shingle_hashes(h) for h in hashes]
        sigs = signatures(shingles)
        keys = band_keys(sigs)
        for row, (doc_index, _) in enumerate(batch):
            if len(shingles[row]):
                index.add(doc_index, keys[row])
            index.add(doc_index, winnow(hashes[row]))
        stats.seconds_signatures += time.perf_counter() - started
        batch.clear()

    for item in texts:
        batch.append(item)
        stats.documents += 1
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    stats.index_bytes = index.nbytes
    return index


def confirm(pairs: Iterable[tuple[int, int]], ids: Sequence[str], fetch: Callable[[list[str]], dict[str, str]],
            stats: SyndicationStats) -> list[Link]:
    """Align candidate pairs; texts are fetched in chunks and tokenised once each."""
    links: list[Link] = []
    cache: dict[str, Tokens] = {}
    chunk: list[tuple[int, int]] = []

    def run() -> None:
        started = time.perf_counter()
        need = sorted({ids[i] for p in chunk for i in p} - cache.keys())
        for doc_id, text in fetch(need).items():
            cache[doc_id] = tokenize(text)
        for i, j in chunk:
            a, b = ids[i], ids[j]
            if a not in cache or b not in cache:
                continue
            ta, tb = cache[a], cache[b]
            al = align(ta, tb, min_run=min(MIN_RUN_WORDS, len(ta.words), len(tb.words)) or MIN_RUN_WORDS)
            if al.covered_a == 0:
                continue
            copy = is_copy(al)
            stats.copy_pairs += copy
            links.append(Link(a, b, al, copy))
        if len(cache) > 20_000:
            cache.clear()
        stats.seconds_align += time.perf_counter() - started
        chunk.clear()

    for pair in pairs:
        stats.candidate_pairs += 1
        chunk.append(pair)
        if len(chunk) >= 2_000:
            run()
    if chunk:
        run()
    return links


PairFinder = Callable[[CandidateIndex], Iterable[tuple[int, int]]]


def local_pairs(index: CandidateIndex) -> list[tuple[int, int]]:
    return sorted(index.pairs())


def detect(docs: Sequence[DocInfo], texts: Callable[[], Iterable[tuple[str, str]]],
           fetch: Callable[[list[str]], dict[str, str]],
           pairs: PairFinder = local_pairs) -> tuple[GroupResult, SyndicationStats]:
    """Whole syndication analysis over ``docs``; ``texts()`` streams (doc_id, text) in any order and
    ``fetch(ids)`` returns the texts of some documents; ``pairs`` turns the index into sorted candidate
    pairs (here, or by a distributed shuffle)."""
    stats = SyndicationStats()
    position = {d.doc_id: i for i, d in enumerate(docs)}
    ids = [d.doc_id for d in docs]
    index = build_index(((position[i], t) for i, t in texts() if i in position), stats)
    links = confirm(sorted(pairs(index)), ids, fetch, stats)
    result = build_groups(docs, links)
    log.info("syndication: %d documents, %d candidate pairs, %d copy pairs, %.0f index bytes/document",
             stats.documents, stats.candidate_pairs, stats.copy_pairs, stats.bytes_per_document)
    return result, stats
