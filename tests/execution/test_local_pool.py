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
