from __future__ import annotations

import dataclasses

import pytest

import frontwatch.pipeline.geo.stage as stage_module
from frontwatch.geo import Geocoder
from frontwatch.pipeline.base import RunContext, run_stage
from frontwatch.pipeline.geo import GeoStage
from frontwatch.records import Document, Drop, Entity, Sentence

TEXT = "Syrian troops advanced 20 km northwest of the Tiyas airbase. Jets struck Palmyra and Raqqa."


def _doc(**changes: object) -> Document:
    doc = Document(doc_id="d1", content_hash="h", source_path="x.txt", format="text", text=TEXT, language="en")
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


@pytest.fixture()
def stage(tiny_geocoder: Geocoder, monkeypatch: pytest.MonkeyPatch) -> GeoStage:
    monkeypatch.setattr(stage_module.Geocoder, "load", classmethod(lambda cls, settings=None: tiny_geocoder))
    s = GeoStage()
    s.setup(RunContext())
    return s


def test_geo_stage_fills_places_and_country_focus(stage: GeoStage) -> None:
    ctx = RunContext()
    out = stage.process(_doc(), ctx)
    assert isinstance(out, Document)
    assert out.country_focus == "SYR"
    names = {p.text: p for p in out.places}
    assert names["Palmyra"].name == "Tadmur" and names["Raqqa"].country == "SYR"
    assert any(p.bearing == "NW" and p.distance_km == 20.0 for p in out.places)
    assert all(p.doc_id == "d1" for p in out.places)
    assert ctx.stage_stats(GeoStage.name).extra["places"] == len(out.places)


def test_geo_stage_uses_sentences_and_entities(stage: GeoStage) -> None:
    start = TEXT.index("Palmyra")
    doc = _doc(sentences=(Sentence(0, 60, 0), Sentence(61, len(TEXT), 0)),
               entities=(Entity(start, start + 7, "GPE", "Palmyra", 1),))
    out = stage.process(doc, RunContext())
    assert isinstance(out, Document)
    palmyra = next(p for p in out.places if p.text == "Palmyra")
    assert palmyra.sentence == 1 and palmyra.confidence > 0


def test_geo_stage_skips_other_languages(stage: GeoStage) -> None:
    assert stage.process(_doc(language="fr"), RunContext()) == Drop("language is fr: geocoding skipped")


def test_geo_stage_in_run_stage_counts_and_keeps_going(stage: GeoStage) -> None:
    ctx = RunContext()
    results = run_stage(stage, [_doc(), _doc(doc_id="d2", text=""), _doc(doc_id="d3", language="de")], ctx)
    assert isinstance(results[0], Document) and isinstance(results[1], Document) and isinstance(results[2], Drop)
    assert results[1].places == ()
    assert ctx.stage_stats(GeoStage.name).dropped == 1


def test_geo_stage_name_is_versioned() -> None:
    assert GeoStage.name == "geo.gazetteer.v1"
