"""The dask executor gives exactly the same documents, groups and events as the local one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli.main import app
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow


def _run(tmp: Path, *extra: str) -> dict[str, list[dict]]:
    corpus = FIXTURES / "syndication"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(tmp), "--quiet", *extra])
    assert result.exit_code == 0, result.output
    return {name: [json.loads(x) for x in (tmp / name).read_text().splitlines()]
            for name in ("documents.jsonl", "events.jsonl", "places.jsonl")}


def test_dask_run_equals_local_run(tmp_path: Path) -> None:
    local = _run(tmp_path / "local")
    dask = _run(tmp_path / "dask", "--executor", "dask", "--workers", "2")
    assert dask["documents.jsonl"] == local["documents.jsonl"]
    assert dask["events.jsonl"] == local["events.jsonl"]
    assert dask["places.jsonl"] == local["places.jsonl"]
    groups = {d["syndication_group"] for d in local["documents.jsonl"]}
    assert len(groups) < len(local["documents.jsonl"])  # the fixture has syndication families


def test_dask_rerun_skips_finished_partitions(tmp_path: Path) -> None:
    out = tmp_path / "dask"
    _run(out, "--executor", "dask", "--workers", "1")
    markers = sorted((out / "partitions").glob("*.done"))
    assert markers
    # a crash after the partitions were written but before they were stored: the store has them
    # pending again, and the re-run loads the shards instead of recomputing them
    import sqlite3

    db = sqlite3.connect(out / "frontwatch.db")
    db.execute("UPDATE documents SET pipeline = NULL")
    db.commit()
    db.close()
    before = {m: m.stat().st_mtime_ns for m in markers}
    _run(out, "--executor", "dask", "--workers", "1")
    assert {m: m.stat().st_mtime_ns for m in markers} == before
