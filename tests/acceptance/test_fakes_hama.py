"""Acceptance on FA-KES (read in place from ../shared/data, never copied): the Hama attack of 18 May
2017, reported by Al-Manar and Al Arabiya (15 civilians and 27 fighters killed, 10 bodies unidentified)
and by Sputnik (51 dead), comes out as one event with three independent sources and a flagged
fatalities contradiction."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from typer.testing import CliRunner

from frontwatch.cli.main import app
from tests.conftest import SHARED_DATA, needs_data

pytestmark = needs_data("fa-kes")

# The three reports of the case, by FA-KES unit id.
HAMA_UNITS = {"1926478963", "1926479016", "1965495360"}


@pytest.fixture(scope="module")
def hama_events(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    work = tmp_path_factory.mktemp("hama")
    csv.field_size_limit(1 << 27)
    with gzip.open(SHARED_DATA / "fa-kes" / "fakes.csv.gz", "rb") as raw:
        rows = [r for r in csv.DictReader(io.TextIOWrapper(raw, encoding="latin-1")) if r["unit_id"] in HAMA_UNITS]
    assert len(rows) == 3
    corpus = work / "hama.jsonl"
    corpus.write_text("".join(json.dumps({"id": r["unit_id"], "outlet": r["source"], "published": "2017-05-18",
                                          "title": r["article_title"], "text": r["article_content"]}) + "\n"
                              for r in rows), encoding="utf-8")
    out = work / "out"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in (out / "events.jsonl").read_text().splitlines()]


def _attack(events: list[dict]) -> dict:
    attacks = [e for e in events if e["sub_event_type"] == "Attack" and e["actor1"] == "Islamic State"]
    assert len(attacks) == 1, [(e["sub_event_type"], e["actor1"], e["location"]) for e in events]
    return attacks[0]


def test_hama_attack_is_one_event_from_three_independent_sources(hama_events: list[dict]) -> None:
    attack = _attack(hama_events)
    assert attack["event_date"] == "2017-05-18"
    assert attack["admin1"] == "Ḩamāh" and attack["country"] == "SYR"
    assert attack["independent_sources"] == 3


def test_hama_fatalities_contradiction_is_flagged(hama_events: list[dict]) -> None:
    attack = _attack(hama_events)
    fat = [c for c in attack["contradictions"] if c["field"] == "fatalities"]
    assert fat, attack["contradictions"]
    by_doc = {d: v["value"] for v in fat[0]["values"] for d in v["doc_ids"]}
    assert by_doc["1965495360"].startswith("51")
    assert by_doc["1926479016"].startswith("52") and "15 civilians" in by_doc["1926479016"]


def test_hama_modifier_places_are_not_event_places(hama_events: list[dict]) -> None:
    # "the Britain-based Syrian Observatory" says where the monitor is, not where anything happened
    assert all(e["country"] != "GBR" for e in hama_events)
    assert all("United Kingdom" not in (e["actor2"] or "") for e in hama_events)
