"""Measurement 3b: the cleaning stage (``CleanStage`` through ``run_stage``), plain text and HTML apart.

Plain text: the first documents of the smallest scale corpus (originals and perturbed variants). HTML:
the same kind of articles wrapped in news pages (navigation, byline, caption, related links, reader
comments, footer; :func:`bench.corpus.html_page`). Cleaning costs the same per document whatever the
corpus size, so it is measured on a sample (a 1 M-document pass would take hours at these rates; the
figure is documents per second either way). A few documents are cleaned first, untimed, so lazy imports
and caches do not count.
"""

from __future__ import annotations

import itertools
import logging
import time
from pathlib import Path
from typing import Any

from bench.measure import Section, join_notes, median, rate, repeat
from bench.plan import BenchContext

log = logging.getLogger(__name__)

KEY = "cleaning"
WARMUP_DOCS = 3


def raw_documents(path: Path, limit: int) -> list[Any]:
    """The first ``limit`` RawDocuments of a corpus file, read with the project's reader."""
    from frontwatch.config import Settings
    from frontwatch.pipeline.ingest import Source, read_source
    from frontwatch.records import RawDocument

    docs = (r for r in read_source(Source(str(path), explicit=True), Settings()) if isinstance(r, RawDocument))
    return list(itertools.islice(docs, limit))


def clean_rate(raws: list[Any], words: int, ctx: BenchContext, label: str, sec: Section) -> None:
    from frontwatch.config import Settings
    from frontwatch.pipeline.base import RunContext, run_stage
    from frontwatch.pipeline.clean import CleanStage

    if not raws:
        sec.skip(f"CleanStage {label}", "not available: no documents to clean")
        return
    stage = CleanStage()
    settings = Settings()
    batch = max(1, settings.batch_size)
    stage.setup(RunContext(settings=settings))
    run_stage(stage, raws[:WARMUP_DOCS], RunContext(settings=settings))
    last: dict[str, Any] = {}

    def once() -> float:
        rc = RunContext(settings=settings)
        started = time.perf_counter()
        for i in range(0, len(raws), batch):
            run_stage(stage, raws[i: i + batch], rc)
        elapsed = time.perf_counter() - started
        last["stats"] = rc.stage_stats(stage.name)
        return elapsed

    runs = repeat(once, ctx.plan.repeats, ctx.budget)
    st = last["stats"]
    note = join_notes(f"{st.dropped} dropped, {st.errors} errors" if st.dropped or st.errors else "", runs.note())
    sec.add(f"CleanStage {label}", rate(len(raws), median(runs)), "docs/s", size=len(raws),
            runs=tuple(len(raws) / r for r in runs), note=note)
    sec.add(f"CleanStage {label}", rate(words, median(runs)), "words/s", size=len(raws),
            note="article words" if label == "HTML" else "")
    log.info("cleaning %s: %.1f docs/s", label, len(raws) / median(runs))


def measure(ctx: BenchContext) -> Section:
    sec = Section(KEY, "Cleaning (CleanStage)")
    smallest = min(ctx.plan.scale_sizes)
    text = raw_documents(ctx.scale_corpus(smallest).path, ctx.plan.clean_text_docs)
    clean_rate(text, sum(len(r.content.split()) for r in text), ctx, "plain text", sec)
    pages = ctx.html_corpus(ctx.plan.clean_html_docs)
    html = raw_documents(pages.path, ctx.plan.clean_html_docs)
    clean_rate(html, pages.words, ctx, "HTML", sec)
    return sec
