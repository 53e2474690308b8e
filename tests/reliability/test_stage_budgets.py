"""Per-document bounds in the expensive stages (issue 11, part 2): the text cap of the language layer
and the geocoder (``Settings.max_nlp_chars``) and the per-document time budget
(``Settings.doc_time_budget_s``, reason ``timeout``) with the real stages and the real CLI. The budget's
mechanism alone (threads, forked workers, races) is tested in ``tests/pipeline/test_budget.py``."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frontwatch.cli.main import app
from frontwatch.config import Settings
from frontwatch.pipeline.base import RunContext, Stage
from frontwatch.pipeline.chain import build_document_stages, process_raw_batch
from frontwatch.pipeline.geo.stage import GeoStage
from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import Document, Drop, RawDocument

PARAGRAPH = ("Government troops shelled the town of Aleppo on Tuesday, officials said. At least 12 people were "
             "killed near Homs, residents said.")
CAP = 2_000  # a small max_nlp_chars keeps the test fast; the default is 100,000


def _raw(text: str, doc_id: str = "long") -> RawDocument:
    return RawDocument(doc_id=doc_id, source_path=f"{doc_id}.txt", content=text, format="text",
                       content_hash=content_hash(text, doc_id), published="2024-03-12")


def _stages(settings: Settings) -> list[Stage[Any, Any]]:
    stages = build_document_stages(settings)
    ctx = RunContext(settings=settings)
    for stage in stages:
        stage.setup(ctx)
    return stages


def _run(text: str, settings: Settings) -> tuple[Document, RunContext, float]:
    raw = _raw(text)
    stages = _stages(settings)
    ctx = RunContext(settings=settings)
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


def test_stage_budgets_geocoder_stops_at_max_nlp_chars(long_doc: Any) -> None:
    doc, _ctx, _ = long_doc
    assert doc.places, "the test text names places"
    assert max(p.end for p in doc.places) <= CAP


def test_stage_budgets_slow_document_is_skipped_with_timeout() -> None:
    budget = 0.05
    text = "\n\n".join([PARAGRAPH] * 100)  # well over 50 ms in the language stage
    doc, ctx, wall = _run(text, Settings(doc_time_budget_s=budget))
    reasons = [*doc.skipped_stages, *(r for st in ctx.stats.values() for r in st.drop_reasons)]
    assert any("timeout" in r for r in reasons), reasons
    assert wall < 20 * budget + 2  # stopped near the budget, not after the whole stage


def test_stage_budgets_a_page_that_would_take_long_is_cut_near_the_budget() -> None:
    """40,000 one-line paragraphs: 10-13 s in the block labeller, which polls nothing, on the 2-core
    development machine. The hard limit stops it at the budget plus its grace (1 s), and the same stages
    then process the next document as before: the interruption left nothing behind."""
    budget = 1.0
    page = "\n\n".join(f"Line {i} of a page with very many short paragraphs" for i in range(40_000))
    settings = Settings(doc_time_budget_s=budget)
    stages = _stages(settings)
    normal = _raw("\n\n".join([PARAGRAPH] * 3), "normal")
    before = process_raw_batch([normal], stages, RunContext(settings=settings))
    ctx = RunContext(settings=settings)
    started = time.perf_counter()
    slow, after = process_raw_batch([_raw(page, "page"), normal], stages, ctx)
    wall = time.perf_counter() - started
    assert slow.skipped_stages == ("clean.blocks.v1: timeout",)
    assert any(e.startswith("[FW302] clean.blocks.v1: timeout") for e in slow.errors)
    assert after == before[0]  # the rest of the batch is processed, unchanged
    assert wall < budget + 1.0 + 4.0  # 1 s grace, generous slack for a loaded machine; unbounded 10-13 s


def _hanging_geo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The geocoder hangs on the document 'slow' without ever polling: only the hard limit can stop it."""
    original = GeoStage.process

    def process(self: GeoStage, item: Document, ctx: RunContext) -> Document | Drop:
        while item.doc_id == "slow":
            pass
        return original(self, item, ctx)

    monkeypatch.setattr(GeoStage, "process", process)


def test_stage_budgets_analyze_skips_a_slow_document_and_keeps_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``frontwatch analyze --doc-time-budget``: the slow document is in summary.json with reason
    ``timeout``, the others are analysed, every raw document stays in the store, and a re-run does
    not try the slow one again."""
    _hanging_geo(monkeypatch)
    corpus = tmp_path / "in"
    corpus.mkdir()
    article = "\n\n".join([PARAGRAPH] * 3)
    for name in ("a", "b", "c", "slow"):
        (corpus / f"{name}.txt").write_text(f"{article}\n\nReported by {name}.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["analyze", str(corpus), "--out", str(out), "--quiet", "--doc-time-budget", "3"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["config"]["doc_time_budget_s"] == 3
    assert summary["skipped_stages"] == {"geo.gazetteer.v1: timeout": 1}
    assert [e["doc_id"] for e in summary["document_errors"] if any("FW302" in x for x in e["errors"])] == ["slow"]
    assert summary["stages"]["geo.gazetteer.v1"]["drop_reasons"] == {"timeout": 1}
    docs = {d["doc_id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}
    assert set(docs) == {"a", "b", "c", "slow"}
    assert all(not docs[k]["skipped_stages"] for k in "abc")
    with sqlite3.connect(out / "frontwatch.db") as db:
        query = "SELECT doc_id, raw, processed FROM documents"
        rows = {k: (raw, json.loads(done)) for k, raw, done in db.execute(query)}
    assert set(rows) == {"a", "b", "c", "slow"} and all(raw for raw, _ in rows.values())  # nothing lost
    slow = rows["slow"][1]
    assert slow["text"] and slow["sentences"] and not slow["places"]  # what nlp produced is kept; geo was cut
    assert all(rows[k][1]["places"] for k in "abc")
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    rerun = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert rerun["documents_processed_this_run"] == 0
