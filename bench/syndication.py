"""Measurement 3c: syndication at scale -- MinHash signatures, LSH candidate pairs, index size, and the
whole analysis -- next to datasketch's default per-shingle ``MinHash.update`` on a sample.

The index pass mirrors ``frontwatch.pipeline.syndication.stage.build_index`` step by step with the
public functions (``words``/``word_hashes``/``shingle_hashes``/``signatures``/``band_keys``,
``index.winnow``, ``index.CandidateIndex``) so each step is timed apart; a smaller corpus of the plan's
``detect_docs`` also runs through the stage's own ``detect`` (index, candidate pairs, alignment, groups).
Texts are parsed from the corpus file outside the timed parts. The largest size runs last, and only when
the time budget has room for it (foreseen from the smaller size).

"LSH queries/s" is documents per second through ``CandidateIndex.pairs()``: the index answers every
document's query in one sorted self-join. Because variant ids name their base article, the run also
checks the detection honestly: the share of copies that get a candidate pair inside their family
(base or sibling variants), the same share for rewrites (which should mostly not be grouped), and, after
``detect``, the share of copies grouped with their base and of rewrites wrongly grouped with it.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.corpus import iter_records
from bench.measure import MB, Section, Stopwatch, current_rss, join_notes, median, rate, repeat
from bench.plan import BenchContext

log = logging.getLogger(__name__)

KEY = "syndication"
BATCH = 512  # documents per signature batch, as the stage streams them
# The family check enumerates the pairs a second time in Python: done up to this size only.
CHECK_MAX_DOCS = 200_000
# ``detect`` is repeated (median) on corpora up to this size, run once above.
DETECT_REPEAT_MAX_DOCS = 5_000
# A larger size runs only when the budget has room for this multiple of its time foreseen from the last.
GUARD = 1.15


def _family(doc_id: str) -> str:
    return doc_id.split("~", 1)[0]


def _batches(path: Path) -> Iterator[list[dict[str, str]]]:
    it = iter_records(path)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


def index_pass(path: Path) -> dict[str, Any]:
    """Build the candidate index of a corpus file, timing each step; returns the timings, ids and index."""
    from frontwatch.pipeline.syndication.index import CandidateIndex, winnow
    from frontwatch.pipeline.syndication.minhash import band_keys, shingle_hashes, signatures, word_hashes, words

    index = CandidateIndex()
    ids: list[str] = []
    t_tok = t_sig = t_win = t_add = 0.0
    shingles_total = 0
    rss_before = current_rss()
    for batch in _batches(path):
        texts = [r.get("text", "") for r in batch]
        first = len(ids)
        ids.extend(r["id"] for r in batch)
        t0 = time.perf_counter()
        hashes = [word_hashes(words(t)) for t in texts]
        t1 = time.perf_counter()
        shingles = [shingle_hashes(h) for h in hashes]
        keys = band_keys(signatures(shingles))
        t2 = time.perf_counter()
        prints = [winnow(h) for h in hashes]
        t3 = time.perf_counter()
        for row in range(len(texts)):
            if len(shingles[row]):
                index.add(first + row, keys[row])
            index.add(first + row, prints[row])
        t4 = time.perf_counter()
        t_tok += t1 - t0
        t_sig += t2 - t1
        t_win += t3 - t2
        t_add += t4 - t3
        shingles_total += sum(len(s) for s in shingles)
    return {"ids": ids, "index": index, "tokenise_s": t_tok, "signatures_s": t_sig, "winnow_s": t_win,
            "add_s": t_add, "shingles": shingles_total, "rss_growth": current_rss() - rss_before}


def pairs_pass(index: Any, ids: list[str], check: bool = True) -> dict[str, Any]:
    """Time ``pairs()`` alone, then (``check``) enumerate again to see which variants reach their family."""
    started = time.perf_counter()
    n_pairs = sum(1 for _ in index.pairs())
    seconds = time.perf_counter() - started
    if not check:
        return {"seconds": seconds, "pairs": n_pairs, "checked": False, "cross_family_pairs": None,
                "copy_recall": None, "rewrite_linked": None}
    family_ids: dict[str, int] = {}
    family = [family_ids.setdefault(_family(i), len(family_ids)) for i in ids]
    linked = bytearray(len(ids))
    cross = 0
    for a, b in index.pairs():
        if family[a] == family[b]:
            linked[a] = linked[b] = 1
        else:
            cross += 1
    copies = [k for k, i in enumerate(ids) if "~" in i and i.endswith("c")]
    rewrites = [k for k, i in enumerate(ids) if "~" in i and i.endswith("r")]
    return {"seconds": seconds, "pairs": n_pairs, "checked": True, "cross_family_pairs": cross,
            "copy_recall": sum(linked[k] for k in copies) / len(copies) if copies else None,
            "rewrite_linked": sum(linked[k] for k in rewrites) / len(rewrites) if rewrites else None}


def detect_pass(path: Path) -> dict[str, Any]:
    """The stage's whole analysis (``detect``) over the corpus, texts held in memory."""
    from frontwatch.pipeline.ingest import content_hash
    from frontwatch.pipeline.syndication import detect
    from frontwatch.pipeline.syndication.groups import DocInfo

    texts: dict[str, str] = {}
    docs: list[Any] = []
    for r in iter_records(path):
        texts[r["id"]] = r.get("text", "")
        docs.append(DocInfo(r["id"], content_hash(texts[r["id"]], r["id"]), r.get("outlet"), None, r.get("published")))
    started = time.perf_counter()
    result, stats = detect(docs, lambda: iter(texts.items()), lambda need: {i: texts[i] for i in need if i in texts})
    seconds = time.perf_counter() - started
    group = result.group_of
    copies = [i for i in texts if "~" in i and i.endswith("c")]
    rewrites = [i for i in texts if "~" in i and i.endswith("r")]

    def grouped(i: str) -> bool:
        return group.get(i) is not None and group.get(i) == group.get(_family(i))

    return {"seconds": seconds, "documents": len(docs), "candidate_pairs": stats.candidate_pairs,
            "copy_pairs": stats.copy_pairs, "build_index_s": stats.seconds_signatures, "align_s": stats.seconds_align,
            "bytes_per_document": stats.bytes_per_document,
            "copy_grouped": sum(map(grouped, copies)) / len(copies) if copies else None,
            "rewrite_grouped": sum(map(grouped, rewrites)) / len(rewrites) if rewrites else None}


def datasketch_sample(path: Path, n: int, repeats: int, ctx: BenchContext, sec: Section) -> None:
    """datasketch's default MinHash (per-shingle ``update``) and MinHashLSH next to ours, on a sample."""
    from datasketch import MinHash, MinHashLSH

    from frontwatch.pipeline.syndication.minhash import (
        NUM_PERM,
        SHINGLE_WORDS,
        band_keys,
        shingle_hashes,
        signatures,
        word_hashes,
        words,
    )

    texts = [r.get("text", "") for r in iter_records(path, limit=n)]
    tokens = [words(t) for t in texts]
    shingles = [[" ".join(ws[i: i + SHINGLE_WORDS]).encode("utf-8") for i in range(max(1, len(ws) - SHINGLE_WORDS + 1))]
                for ws in tokens]
    hashes: list[Any] = []

    def ours() -> float:
        started = time.perf_counter()
        band_keys(signatures([shingle_hashes(word_hashes(words(t))) for t in texts]))
        return time.perf_counter() - started

    def theirs() -> float:
        hashes.clear()
        started = time.perf_counter()
        for sh in shingles:
            m = MinHash(num_perm=NUM_PERM)
            for s in sh:
                m.update(s)
            hashes.append(m)
        return time.perf_counter() - started

    runs_ours = repeat(ours, repeats, ctx.budget)
    runs_theirs = repeat(theirs, repeats, ctx.budget)
    sec.add("signatures, frontwatch batched (same sample)", rate(len(texts), median(runs_ours)), "docs/s",
            size=len(texts), runs=tuple(len(texts) / r for r in runs_ours),
            note=join_notes("tokenising included", runs_ours.note()))
    sec.add("signatures, datasketch MinHash.update per shingle", rate(len(texts), median(runs_theirs)), "docs/s",
            size=len(texts), runs=tuple(len(texts) / r for r in runs_theirs),
            note=join_notes(f"default MinHash(num_perm={NUM_PERM}); shingles pre-built, not timed", runs_theirs.note()))
    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    started = time.perf_counter()
    for k, m in enumerate(hashes):
        lsh.insert(str(k), m)
    for m in hashes:
        lsh.query(m)
    seconds = time.perf_counter() - started
    sec.add("LSH insert+query, datasketch MinHashLSH(threshold=0.5)", rate(len(hashes), seconds), "docs/s",
            size=len(hashes), note="in-memory storage, one run")


def index_and_pairs(size: int, ctx: BenchContext, sec: Section) -> float:
    """Index + candidate pairs (+ the family check on smaller corpora); returns seconds per document."""
    corpus = ctx.scale_corpus(size)
    with Stopwatch() as watch:
        ip = index_pass(corpus.path)
    n = len(ip["ids"])
    sig_s = ip["tokenise_s"] + ip["signatures_s"]
    build_s = sig_s + ip["winnow_s"] + ip["add_s"]
    sec.add("signatures (tokenise + MinHash + band keys)", rate(n, sig_s), "docs/s", size=n,
            note=join_notes(f"{ip['shingles'] / max(1, n):.0f} shingles/doc; MinHash step alone "
                            f"{n / ip['signatures_s']:,.0f} docs/s" if ip["signatures_s"] > 0 else "", watch.note()))
    sec.add("index build (signatures + passage fingerprints)", rate(n, build_s), "docs/s", size=n)
    sec.add("index size", ip["index"].nbytes / max(1, n), "bytes/doc", size=n,
            note=f"process RSS grew {ip['rss_growth'] / MB:,.0f} MB while indexing")
    with Stopwatch() as watch:
        pp = pairs_pass(ip["index"], ip["ids"], check=size <= CHECK_MAX_DOCS)
    sec.add("LSH queries (CandidateIndex.pairs)", rate(n, pp["seconds"]), "docs/s", size=n,
            note=join_notes(f"{pp['pairs']:,} candidate pairs" + (f", {pp['cross_family_pairs']:,} across families"
                                                                   if pp["checked"] else ""), watch.note()))
    if pp["copy_recall"] is not None:
        sec.add("copies with a candidate pair in their family", 100 * pp["copy_recall"], "%", size=n)
    if pp["rewrite_linked"] is not None:
        sec.add("rewrites with a candidate pair in their family", 100 * pp["rewrite_linked"], "%", size=n,
                note="candidates only; alignment decides")
    return float(build_s + pp["seconds"]) / max(1, n)


def detect_rows(ctx: BenchContext, sec: Section) -> None:
    corpus = ctx.scale_corpus(ctx.plan.detect_docs)
    runs: list[dict[str, Any]] = []

    def once() -> float:
        runs.append(detect_pass(corpus.path))
        return float(runs[-1]["seconds"])

    times = repeat(once, ctx.plan.repeats if corpus.documents <= DETECT_REPEAT_MAX_DOCS else 1, ctx.budget)
    d, n = runs[-1], corpus.documents
    sec.add("detect (index + pairs + alignment + groups)", rate(n, median(times)), "docs/s", size=n,
            runs=tuple(n / t for t in times),
            note=join_notes(f"{d['candidate_pairs']:,} pairs aligned, {d['copy_pairs']:,} copies; alignment "
                            f"{d['align_s']:.1f} s", times.note()))
    if d["copy_grouped"] is not None:
        sec.add("copies grouped with their base (detect)", 100 * d["copy_grouped"], "%", size=n)
    if d["rewrite_grouped"] is not None:
        sec.add("rewrites grouped with their base (detect)", 100 * d["rewrite_grouped"], "%", size=n,
                note="retold stories; lower is better")


def measure(ctx: BenchContext) -> Section:
    sec = Section(KEY, "Syndication (MinHash LSH + alignment)")
    sizes = sorted(ctx.plan.scale_sizes)
    per_doc = index_and_pairs(sizes[0], ctx, sec)
    detect_rows(ctx, sec)
    datasketch_sample(ctx.scale_corpus(sizes[0]).path, ctx.plan.datasketch_docs, ctx.plan.repeats, ctx, sec)
    for size in sizes[1:]:
        # the index pass also parses the corpus file: ~1.5x the timed part
        if not ctx.budget.allows(GUARD * 1.5 * per_doc * size):
            sec.skip("index build (signatures + passage fingerprints)",
                     f"skipped at {size:,} documents: ~{1.5 * per_doc * size:,.0f} s would overrun the time budget "
                     f"({ctx.budget.left:,.0f} s left; raise it with --budget)")
            continue
        per_doc = index_and_pairs(size, ctx, sec)
    return sec
