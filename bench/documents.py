"""Documents for the per-stage measurements: an evenly spaced sample of the end-to-end corpus (conflict
news, Reuters and variants), read with ``read_source`` and cleaned with ``CleanStage``, untimed. The
language measurement leaves its annotated documents in ``ctx.shared`` for geocoding and events."""

from __future__ import annotations

import itertools
from typing import Any

from bench.plan import BenchContext

NLP_DOCS = "nlp_documents"


def sample_indices(total: int, n: int) -> list[int]:
    """``n`` indices spread evenly over ``range(total)``."""
    if n >= total:
        return list(range(total))
    return [i * total // n for i in range(n)]


def clean_documents(ctx: BenchContext, n: int) -> list[Any]:
    """``n`` cleaned Documents with article text from the end-to-end corpus: half spread over its conflict
    and world news, half over the rest (Reuters and variants)."""
    from frontwatch.config import Settings
    from frontwatch.pipeline.base import RunContext, run_stage
    from frontwatch.pipeline.clean import CleanStage
    from frontwatch.pipeline.ingest import Source, read_source
    from frontwatch.records import Document, RawDocument

    corpus = ctx.e2e_corpus()
    raws = [r for r in read_source(Source(str(corpus.path), explicit=True), Settings()) if isinstance(r, RawDocument)]
    conflict = [r for r in raws if not r.doc_id.startswith("reuters-") and "~" not in r.doc_id]
    rest = [r for r in raws if r.doc_id.startswith("reuters-") or "~" in r.doc_id]
    half = min(len(conflict), n // 2)
    picked = [conflict[i] for i in sample_indices(len(conflict), half)]
    picked += [rest[i] for i in sample_indices(len(rest), n - half)]
    stage = CleanStage()
    rc = RunContext(settings=Settings())
    out = run_stage(stage, picked, rc)
    return [d for d in out if isinstance(d, Document) and d.text.strip()]


def batches(items: list[Any], size: int) -> list[list[Any]]:
    it = iter(items)
    return [b for b in iter(lambda: list(itertools.islice(it, size)), [])]


def run_timed(stage: Any, docs: list[Any], settings: Any) -> tuple[float, list[Any], Any]:
    """One timed pass of ``stage`` over ``docs`` in batches of ``settings.batch_size``, in a fresh
    ``RunContext``: (seconds, results in input order, the context with the stage's stats)."""
    import time

    from frontwatch.pipeline.base import RunContext, run_stage

    rc = RunContext(settings=settings)
    results: list[Any] = []
    started = time.perf_counter()
    for b in batches(docs, settings.batch_size):
        results.extend(run_stage(stage, b, rc))
    return time.perf_counter() - started, results, rc


def nlp_documents(ctx: BenchContext, n: int) -> list[Any]:
    """Documents through the language stage (cached in ``ctx.shared`` by the language measurement)."""
    cached = ctx.shared.get(NLP_DOCS)
    if cached is not None:
        return list(cached)
    from frontwatch.config import Settings
    from frontwatch.pipeline.base import RunContext, run_stage
    from frontwatch.pipeline.nlp import NlpStage
    from frontwatch.records import Document

    docs = clean_documents(ctx, n)
    stage = NlpStage()
    rc = RunContext(settings=Settings())
    stage.setup(rc)
    out: list[Any] = []
    for b in batches(docs, Settings().batch_size):
        out.extend(d for d in run_stage(stage, b, rc) if isinstance(d, Document))
    ctx.shared[NLP_DOCS] = out
    return list(out)
