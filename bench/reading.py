"""Measurement 3a: reading JSON lines with ``frontwatch.pipeline.ingest.read_source`` at scale.

Every record is decoded, repaired, hashed and turned into a ``RawDocument``; the figure is documents
(and MB of input) per second over the whole file, the file already in the page cache (a warm-up pass
reads it first when it is small enough to stay cached).
"""

from __future__ import annotations

import logging
import time

from bench.measure import MB, Section, join_notes, median, rate, repeat
from bench.plan import BenchContext

log = logging.getLogger(__name__)

KEY = "reading"
# Corpora up to this many documents are read this many times (the median is reported); larger ones once
# (a 1 M-document pass takes minutes and averages over the whole file by itself).
REPEAT_MAX_DOCS = 100_000
WARM_MAX_BYTES = 2 * 1024 * MB
# A larger size runs only when the budget has room for this multiple of its time foreseen from the last.
GUARD = 1.15


def measure(ctx: BenchContext) -> Section:
    from frontwatch.config import Settings
    from frontwatch.pipeline.ingest import Source, read_source
    from frontwatch.records import Skip

    sec = Section(KEY, "Reading JSON lines (read_source)")
    settings = Settings()
    per_doc: float | None = None  # seconds per document at the previous size, to foresee the next
    for size in ctx.plan.scale_sizes:
        if per_doc is not None and not ctx.budget.allows(GUARD * per_doc * size):
            sec.skip("read_source jsonl", f"skipped at {size:,} documents: ~{per_doc * size:,.0f} s would overrun the "
                     f"time budget ({ctx.budget.left:,.0f} s left; raise it with --budget)")
            continue
        corpus = ctx.scale_corpus(size)
        nbytes = corpus.path.stat().st_size
        if nbytes <= WARM_MAX_BYTES:
            with corpus.path.open("rb") as fh:
                while fh.read(1 << 24):
                    pass
        counts = {"docs": 0, "skipped": 0}

        def once(path: str = str(corpus.path), c: dict[str, int] = counts) -> float:
            c["docs"] = c["skipped"] = 0
            started = time.perf_counter()
            for rec in read_source(Source(path, explicit=True), settings):
                if isinstance(rec, Skip):
                    c["skipped"] += 1
                else:
                    c["docs"] += 1
            return time.perf_counter() - started

        times = ctx.plan.repeats if size <= REPEAT_MAX_DOCS else 1
        runs = repeat(once, times, ctx.budget)
        docs = counts["docs"]
        per_doc = median(runs) / max(1, docs)
        note = join_notes(f"{counts['skipped']} skipped" if counts["skipped"] else "", runs.note())
        sec.add("read_source jsonl", rate(docs, median(runs)), "docs/s", size=size,
                runs=tuple(docs / r for r in runs), note=note)
        sec.add("read_source jsonl", rate(nbytes / MB, median(runs)), "MB/s", size=size)
        sec.add("read_source jsonl", rate(corpus.words, median(runs)), "words/s", size=size)
        log.info("reading %d docs: %.0f docs/s", size, docs / median(runs))
    return sec
