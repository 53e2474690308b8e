from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontwatch.config import Settings
from frontwatch.evaluation.syndication import run_texts, score_families
from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.clean import CleanStage
from frontwatch.pipeline.ingest import Source, read_source
from frontwatch.pipeline.syndication import count_independent
from frontwatch.pipeline.syndication.align import align, tokenize
from frontwatch.pipeline.syndication.groups import is_copy
from frontwatch.records import Document, RawDocument
from tests.conftest import FIXTURES

PARA = ("Government forces retook the town of Kalma on Tuesday after two days of heavy fighting with rebels who "
        "had held it since January, a military spokesman said, adding that engineers were clearing mines from "
        "the main road and that residents who fled to the regional capital would be allowed to return within "
        "the week once the area was declared safe by the army.")
QUOTE = '"We will not allow any armed group to threaten the security of our citizens," the governor said.'


def test_align_finds_embedded_copy() -> None:
    al = align(tokenize("Our own introduction about the region.\n\n" + PARA), tokenize(PARA + "\n\nMore news."))
    assert al.longest >= 40 and is_copy(al)
    assert al.containment_b > 0.8


def test_shared_quote_alone_is_not_a_copy() -> None:
    a = "Rebels attacked a checkpoint near the river at dawn, killing four soldiers. " + QUOTE
    b = QUOTE + " Residents said the shooting lasted two hours and several shops were burned near the market square."
    al = align(tokenize(a), tokenize(b))
    assert al.longest > 0 and not is_copy(al)


def _clean_texts(folder: Path) -> list[tuple[str, str]]:
    stage, out = CleanStage(), []
    for p in sorted(folder.glob("*.txt")):
        raw = next(r for r in read_source(Source(str(p), True), Settings()) if isinstance(r, RawDocument))
        doc = stage.process(raw, RunContext())
        assert isinstance(doc, Document)
        out.append((raw.doc_id, doc.text))
    return out


def test_syndication_families_grouped_exactly() -> None:
    folder = FIXTURES / "syndication"
    result, _ = run_texts(_clean_texts(folder))
    score = score_families(result, json.loads((folder / "families.json").read_text()))
    assert score["missing"] == [] and score["extra"] == [] and score["singletons_wrongly_grouped"] == []


@pytest.mark.parametrize(
    ("ids", "independent", "phrase"),
    [
        (["a", "b", "c"], 2, "Echo republished Wire"),
        (["a", "c"], 2, ""),
        (["a", "b"], 1, "Echo republished Wire"),
    ],
)
def test_count_independent(ids: list[str], independent: int, phrase: str) -> None:
    group_of = {"a": "g1", "b": "g1", "c": "g2"}
    origin_of = {"a": "Wire", "b": "Wire", "c": "Other"}
    outlet_of = {"a": "Wire", "b": "Echo", "c": "Other"}
    ind = count_independent(ids, group_of, origin_of, outlet_of)
    assert ind.independent == independent and phrase in ind.explanation


def test_count_independent_merges_same_stated_origin_across_groups() -> None:
    ind = count_independent(["x", "y"], {"x": "g1", "y": "g2"}, {"x": "Wire", "y": "Wire"}, {"x": "A", "y": "B"})
    assert ind.independent == 1
