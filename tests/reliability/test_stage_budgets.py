"""Per-document bounds in the expensive stages (issue 11, part 2): the language layer's text cap
(``Settings.max_nlp_chars``) and the per-document time budget (``Settings.doc_time_budget_s``, reason
``timeout``). The tests marked xfail document bounds that are still missing (docs/reliability.md);
they pass, and are reported as XPASS, once the stage in question gets its bound."""

from __future__ import annotations

import time
from typing import Any

import pytest

from frontwatch.config import Settings
from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.chain import build_document_stages, process_raw_batch
from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import Document, RawDocument

PARAGRAPH = ("Government troops shelled the town of Aleppo on Tuesday, officials said. At least 12 people were "
             "killed near Homs, residents said.")
CAP = 2_000  # a small max_nlp_chars keeps the test fast; the default is 100,000


def _run(text: str, settings: Settings) -> tuple[Document, RunContext, float]:
    raw = RawDocument(doc_id="long", source_path="long.txt", content=text, format="text",
                      content_hash=content_hash(text, "long"), published="2024-03-12")
    stages = build_document_stages(settings)
    ctx = RunContext(settings=settings)
    for stage in stages:
        stage.setup(ctx)
    started = time.perf_counter()
    [doc] = process_raw_batch([raw], stages, ctx)
    return doc, ctx, time.perf_counter() - started


@pytest.fixture
def long_doc() -> Any:
    text = "\n\n".join([PARAGRAPH] * 60)  # ~8,000 characters, a place name in every paragraph
    return _run(text, Settings(max_nlp_chars=CAP))


def test_stage_budgets_language_layer_stops_at_max_nlp_chars(long_doc: Any) -> None:
    doc, _ctx, _ = long_doc
    assert doc.sentences and max(s.end for s in doc.sentences) <= CAP
    assert all(e.end <= CAP for e in doc.entities)
    assert all(m.end <= CAP for m in doc.event_mentions)
    assert any("not analysed" in e or "max_nlp_chars" in e for e in doc.errors)


@pytest.mark.xfail(reason="GeoStage geoparses the whole text, past Settings.max_nlp_chars (a 20 MB one-line "
                   "document costs ~30 s there): it should read only the analysed part", strict=False)
def test_stage_budgets_geocoder_stops_at_max_nlp_chars(long_doc: Any) -> None:
    doc, _ctx, _ = long_doc
    assert doc.places, "the test text names places"
    assert max(p.end for p in doc.places) <= CAP


@pytest.mark.xfail(reason="no per-document time budget: Settings.doc_time_budget_s exists but no stage, "
                   "run_stage or executor reads it, so a slow document is never skipped with 'timeout'",
                   strict=False)
def test_stage_budgets_slow_document_is_skipped_with_timeout() -> None:
    budget = 0.05
    text = "\n\n".join([PARAGRAPH] * 100)  # well over 50 ms in the language stage
    doc, ctx, wall = _run(text, Settings(doc_time_budget_s=budget))
    reasons = [*doc.skipped_stages, *(r for st in ctx.stats.values() for r in st.drop_reasons)]
    assert any("timeout" in r for r in reasons), reasons
    assert wall < 20 * budget + 2  # stopped near the budget, not after the whole stage
