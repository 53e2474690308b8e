"""Acceptance on ../shared/seeds: the five real 2017 articles (read in place, never copied)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli.main import app
from tests.conftest import SEEDS, needs_seeds

pytestmark = needs_seeds()


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    result = CliRunner().invoke(app, ["analyze", str(SEEDS), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def docs(seeds_out: Path) -> dict[str, dict]:
    rows = [json.loads(x) for x in (seeds_out / "documents.jsonl").read_text().splitlines()]
    return {d["doc_id"][:3]: d for d in rows}


def test_seeds_doc_ids_are_file_stems(seeds_out: Path) -> None:
    rows = [json.loads(x) for x in (seeds_out / "documents.jsonl").read_text().splitlines()]
    assert sorted(d["doc_id"] for d in rows) == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_seeds_syndication(docs: dict[str, dict]) -> None:
    group = {k: d["syndication_group"] for k, d in docs.items()}
    assert group["003"] == group["004"]
    assert len({group["000"], group["001"], group["002"], group["003"]}) == 4
    assert group["000"] != group["004"]


def test_seeds_origin_south_front(docs: dict[str, dict]) -> None:
    from frontwatch.outlets import outlet_key

    for k in ("000", "003", "004"):
        assert outlet_key(docs[k]["origin"] or "") == outlet_key("South Front"), k


def _processed(seeds_out: Path) -> dict[str, dict]:
    import sqlite3

    db = sqlite3.connect(seeds_out / "frontwatch.db")
    return {json.loads(p)["doc_id"][:3]: json.loads(p) for (p,) in db.execute("SELECT processed FROM documents")}


def test_seeds_actors_normalised(seeds_out: Path) -> None:
    docs = _processed(seeds_out)
    surfaces: dict[str, set[str]] = {}
    for d in docs.values():
        for a in d["actors"]:
            surfaces.setdefault(a["actor_id"], set()).add(a["text"].lower())
    syria = " | ".join(sorted(surfaces["state:SYR"]))
    for form in ("saa", "syrian arab army", "syrian army", "government forces"):
        assert form in syria, form
    pmf = " | ".join(sorted(surfaces["pmf"]))
    for form in ("pmu", "pmf", "popular mobilization units", "hashd al-shaabi"):
        assert form in pmf, form


def test_seeds_dates_and_figures(seeds_out: Path) -> None:
    docs = _processed(seeds_out)
    assert ("June 9", "2017-06-09") in {(x["text"], x["date"]) for x in docs["000"]["dates"]}
    q4 = {(q["category"], q["value"], q["subject"]) for q in docs["004"]["quantities"]}
    assert ("killed", 28, "terrorists") in q4 and ("wounded", 30, "others") in q4
    q2 = {(q["category"], q["value"], q["unit"]) for q in docs["002"]["quantities"]}
    assert ("distance", 4, "km") in q2 and ("distance", 30, "km") in q2 and ("area", 550, "sq km") in q2
