"""Quality gate for the cleaner: scores on the gold sets must stay above the pinned floors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import SEEDS, needs_seeds

from frontwatch.config import Settings
from frontwatch.evaluation.clean import run_gold, summarise
from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.clean import CleanStage
from frontwatch.pipeline.ingest import Source, read_source
from frontwatch.records import Document, RawDocument

HERE = Path(__file__).parent
BASELINE = json.loads((HERE / "clean_baseline.json").read_text())


@pytest.mark.parametrize("folder", ["clean_gold", "clean_holdout"])
def test_clean_gold_floors(folder: str) -> None:
    path = HERE / folder
    if not any(path.glob("*.gold.json")):
        pytest.skip(f"{folder} not present")
    scores = summarise(run_gold(path))["all"]
    floors = BASELINE[folder]
    for key, floor in floors.items():
        assert scores[key] is not None and scores[key] >= floor, f"{folder} {key} {scores[key]} < floor {floor}"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).strip()


@needs_seeds()
@pytest.mark.parametrize("stem", sorted(json.loads((HERE / "seeds_clean.json").read_text())["seeds"]))
def test_seed_lines_land_where_annotated(stem: str) -> None:
    ann = json.loads((HERE / "seeds_clean.json").read_text())["seeds"][stem]
    path = SEEDS / f"{stem}.txt"
    raw = next(r for r in read_source(Source(str(path), True), Settings()) if isinstance(r, RawDocument))
    doc = CleanStage().process(raw, RunContext())
    assert isinstance(doc, Document)
    lines = path.read_text(encoding="utf-8").split("\n")
    text, comments = _norm(doc.text), _norm(" ".join(doc.comments))
    removed = _norm(" ".join(r.text for r in doc.removed))
    for n in ann["article"]:
        assert _norm(lines[n - 1]) in text, f"line {n} should be article text"
    for n in ann["comments"]:
        line = _norm(lines[n - 1])
        assert line in comments and line not in text, f"line {n} should be a reader comment"
    for n in ann["removed"]:
        line = _norm(lines[n - 1])
        assert line not in text and line in removed, f"line {n} should be removed"
