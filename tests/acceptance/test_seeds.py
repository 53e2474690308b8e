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


@pytest.fixture(scope="module")
def dated_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds with 001's publication date supplied through --meta (the page itself has none)."""
    out = tmp_path_factory.mktemp("seeds-dated")
    meta = out / "meta.csv"
    meta.write_text("doc_id,published\n001_655390921e1c2ba6,2017-06-11\n")
    result = CliRunner().invoke(app, ["analyze", str(SEEDS), "--out", str(out / "run"), "--meta", str(meta), "-q"])
    assert result.exit_code == 0, result.output
    return out / "run"


def _events(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "events.jsonl").read_text().splitlines()]


def test_seeds_outlets(docs: dict[str, dict]) -> None:
    from frontwatch.outlets import outlet_key

    want = {"000": "Global Research", "001": "AhlulBayt News Agency", "002": "Tabnak", "003": "South Front",
            "004": "Global Research"}
    for k, outlet in want.items():
        assert outlet_key(docs[k]["outlet"] or "") == outlet_key(outlet), k


def test_seeds_border_event_three_independent_sources_and_date_contradiction(dated_out: Path) -> None:
    border = [e for e in _events(dated_out) if {s["doc_id"][:3] for s in e["sources"]} >= {"000", "001", "002"}]
    assert len(border) == 1, "the army reaching the Iraqi border is one event reported by three seeds"
    ev = border[0]
    assert ev["independent_sources"] == 3
    assert ev["event_type"] in ("Battles", "Strategic developments")
    assert ev["actor1"] == "Military Forces of Syria"
    assert ev["latitude"] is not None and abs(ev["latitude"] - 33.5) < 1.0 and abs(ev["longitude"] - 38.7) < 1.5
    dates = [c for c in ev["contradictions"] if c["field"] == "event_date"]
    assert dates and {v["value"] for v in dates[0]["values"]} == {"2017-06-09", "2017-06-10"}


def test_seeds_three_times_is_confirmed(dated_out: Path) -> None:
    confirmed = [c for e in _events(dated_out) for c in e["confirmations"]]
    assert any(c.startswith("3 times") for c in confirmed)


def test_seeds_no_event_from_comments_or_appeals(seeds_out: Path) -> None:
    docs = {d["doc_id"]: d for d in (json.loads(x) for x in (seeds_out / "documents.jsonl").read_text().splitlines())}
    for ev in _events(seeds_out):
        for s in ev["sources"]:
            text = docs[s["doc_id"]]["text"]
            assert text[s["start"]: s["end"]] == s["sentence"]  # traced to the clean text, not comments


def test_seeds_framing_labels_for_is_and_us_backed(seeds_out: Path) -> None:
    framing = json.loads((seeds_out / "framing.json").read_text())["outlets"]
    labels_is = {o: [lab["label"] for lab in d["actors"].get("Islamic State", {}).get("labels", [])]
                 for o, d in framing.items()}
    labels_us = {o: [lab["label"] for lab in d["actors"].get("US-backed groups", {}).get("labels", [])]
                 for o, d in framing.items()}
    assert all("terrorists" in labels_is[o] for o in ("Global Research", "South Front", "AhlulBayt News Agency"))
    assert all(labels_us[o] for o in ("Global Research", "South Front", "AhlulBayt News Agency"))


def test_seeds_background_and_speculation_are_not_events(seeds_out: Path) -> None:
    # the brief's own examples of background, analysis and speculation
    for ev in _events(seeds_out):
        for s in ev["sources"]:
            for phrase in ("had deployed a large force", "will likely coordinate", "will be forced to accept"):
                assert phrase not in s["sentence"], (phrase, ev["sub_event_type"])
