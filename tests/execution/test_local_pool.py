"""The local process pool gives the same documents, events and places as one process, and the parent's
side work (warming the global stages) runs once, after the workers have started."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frontwatch.cli.main import app
from frontwatch.config import Settings
from frontwatch.execution.local import LocalExecutor
from frontwatch.pipeline.base import RunContext
from frontwatch.records import RawDocument
from frontwatch.runner import warm_global_stages
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow


def _run(tmp: Path, *extra: str) -> dict[str, list[dict[str, Any]]]:
    corpus = FIXTURES / "syndication"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(tmp), "--quiet", *extra])
    assert result.exit_code == 0, result.output
    return {name: [json.loads(x) for x in (tmp / name).read_text().splitlines()]
            for name in ("documents.jsonl", "events.jsonl", "places.jsonl")}


def test_two_workers_equal_one(tmp_path: Path) -> None:
    one = _run(tmp_path / "one")
    two = _run(tmp_path / "two", "--workers", "2")
    assert two == one


def test_side_work_runs_once_after_the_workers_start(tmp_path: Path) -> None:
    calls: list[tuple[str, int]] = []

    def side() -> None:
        calls.append((threading.current_thread().name, len(multiprocessing.active_children())))

    raws = [RawDocument(f"d{i}", "x.txt", f"Shelling hit the town of Idlib on Monday, killing {i + 2} people.",
                        "text", f"h{i}") for i in range(5)]
    executor = LocalExecutor(Settings(workers=2, batch_size=2))
    executor.while_workers_run = side
    got: list[str] = []
    ctx = RunContext(settings=executor.settings)
    executor.map_documents(raws, ctx, lambda docs: got.extend(d.doc_id for d in docs))
    assert got == [r.doc_id for r in raws]
    assert len(calls) == 1 and calls[0][0] == "parent-side-work" and calls[0][1] == 2


def test_warm_global_stages_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import frontwatch.pipeline.framing.outlets as framing

    def broken() -> None:
        raise OSError("lexicon missing")

    monkeypatch.setattr(framing, "loaded_index", broken)
    warm_global_stages()  # the global stages report it when they run


def _raws(n: int) -> list[RawDocument]:
    return [RawDocument(f"d{i}", "x.txt", f"text {i}", "text", f"h{i}") for i in range(n)]


def test_tail_batches_shrink_and_keep_every_document_in_order() -> None:
    from frontwatch.execution.local import MIN_TAIL_BATCH, batched, tail_batched

    raws = _raws(200)
    sizes = [len(b) for b in tail_batched(raws, 32, len(raws), 2)]
    assert [d.doc_id for b in tail_batched(raws, 32, len(raws), 2) for d in b] == [r.doc_id for r in raws]
    assert sizes[0] == 32 and sizes[-1] <= MIN_TAIL_BATCH and sizes == sorted(sizes, reverse=True)
    assert sum(sizes) == 200
    # without a total (or with one worker) the batches are the fixed-size ones
    assert [len(b) for b in tail_batched(raws, 32, None, 2)] == [len(b) for b in batched(raws, 32)]
    assert [len(b) for b in tail_batched(raws, 32, 200, 1)] == [len(b) for b in batched(raws, 32)]
    # a wrong total (documents added meanwhile) loses nothing
    assert sum(len(b) for b in tail_batched(raws, 32, 50, 2)) == 200


def test_started_pool_with_nothing_to_do_closes_without_waiting_for_the_models() -> None:
    import time

    executor = LocalExecutor(Settings(workers=2))
    executor.start()
    started = time.perf_counter()
    executor.close()
    executor.close()  # twice is fine
    assert time.perf_counter() - started < 5.0
    assert not multiprocessing.active_children()


def test_early_started_pool_processes_in_order() -> None:
    executor = LocalExecutor(Settings(workers=2, batch_size=3))
    executor.start()
    raws = _raws(11)
    got: list[str] = []
    ctx = RunContext(settings=executor.settings)
    executor.map_documents(raws, ctx, lambda docs: got.extend(d.doc_id for d in docs), total=len(raws))
    assert got == [r.doc_id for r in raws]
