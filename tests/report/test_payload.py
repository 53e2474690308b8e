"""report_payload and build_report over a real store."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from frontwatch.config import Settings
from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import (
    Contradiction,
    ContradictionValue,
    Document,
    Event,
    PlaceMention,
    RawDocument,
    RemovedBlock,
    SourceRef,
)
from frontwatch.report.build import build_report, report_payload
from frontwatch.report.payload import DOCUMENT_FIELDS, json_safe, syndication_groups
from frontwatch.store import queries
from frontwatch.store.db import Store
from frontwatch.store.queries import DocLinks

TEXT_A = "GAO, March 4 (Wire) - Rebels attacked an army post near Gao on Monday, killing 5 soldiers."
TEXT_B = "Rebels attacked an army post near Gao, killing 7 soldiers, the ministry said. </script><b>x</b>"
SENT_A = "Rebels attacked an army post near Gao on Monday, killing 5 soldiers."


def _doc(doc_id: str, text: str, outlet: str, **extra: object) -> tuple[RawDocument, Document]:
    h = content_hash(text, doc_id)
    raw = RawDocument(doc_id=doc_id, source_path=f"{doc_id}.txt", content=text, format="text", content_hash=h)
    doc = Document(doc_id=doc_id, content_hash=h, source_path=f"{doc_id}.txt", format="text", text=text,
                   outlet=outlet, title=f"title {doc_id}", url=f"https://{outlet}.example/{doc_id}",
                   published="2024-03-04", language="en", **extra)  # type: ignore[arg-type]
    return raw, doc


def _event(event_id: str, lat: float | None = 16.27) -> Event:
    start = TEXT_A.index(SENT_A)
    return Event(
        event_id=event_id, event_date="2024-03-04", time_precision=1, event_type="Battles",
        sub_event_type="Armed clash", actor1="Rebels", assoc_actor_1=None, actor2="Military Forces of Mali",
        assoc_actor_2=None, inter1=2, inter2=1, location="Gao", admin1="Gao", country="MLI", latitude=lat,
        longitude=-0.04, geo_precision=2, fatalities=5, fatalities_range=(5, 7), claimed_by=None,
        sources=(SourceRef("a", "wire", SENT_A, start, start + len(SENT_A)),
                 SourceRef("b", "ministry", "Rebels attacked an army post near Gao, killing 7 soldiers, the ministry"
                           " said.", 0, 78)),
        independent_sources=2,
        contradictions=(Contradiction("fatalities", (ContradictionValue(5, ("a",)), ContradictionValue(7, ("b",)))),),
        corroboration="2 reports, 2 independent",
    )


def _store(path: Path, *, events: bool = True) -> Store:
    store = Store(path)
    place = PlaceMention(doc_id="a", start=TEXT_A.index("Gao on"), end=TEXT_A.index("Gao on") + 3, text="Gao",
                         geonameid=2457163, name="Gao", latitude=16.27, longitude=-0.04, country="MLI", admin1="Gao",
                         feature_code="PPLA", confidence=0.9)
    ra, da = _doc("a", TEXT_A, "wire", removed=(RemovedBlock("navigation", "Home | News"),), comments=("fake!",),
                  places=(place,))
    rb, db_ = _doc("b", TEXT_B, "ministry")
    rc, dc = _doc("c", TEXT_A + " ", "copycat")
    with store.transaction() as db:
        queries.add_raw_documents(db, [ra, rb, rc])
        queries.save_processed(db, [da, db_, dc], "test")
        queries.replace_doc_links(db, [
            DocLinks("a", "g1", "wire", [], []),
            DocLinks("b", "b", None, [], []),
            DocLinks("c", "g1", "wire", [{"doc_id": "c", "similarity": 0.99}],
                     [{"doc_id": "c", "copy_of": "a", "reason": "same text"}]),
        ])
        if events:
            queries.replace_events(db, [_event("E1"), _event("E2", lat=None)])
        queries.replace_outlets(db, {"wire": {"documents": 1, "actors": {}, "loaded_terms": [],
                                              "loaded_per_1000_words": 0.0}})
    return store


def test_report_payload_has_the_contract_keys(tmp_path: Path) -> None:
    with _store(tmp_path / "fw.db") as store:
        payload = report_payload(store, settings=Settings(tile_url="https://t.example/{z}/{x}/{y}.png"),
                                 summary={"documents": 3})
    assert set(payload) == {"generated_at", "version", "options", "summary", "events", "documents", "places",
                            "framing", "syndication"}
    assert payload["options"] == {"tile_url": "https://t.example/{z}/{x}/{y}.png"}
    assert payload["summary"] == {"documents": 3}
    assert [set(d) for d in payload["documents"]] == [set(DOCUMENT_FIELDS)] * 3
    a = payload["documents"][0]
    assert a["removed"] == [{"kind": "navigation", "text": "Home | News"}] and a["comments"] == ["fake!"]
    assert [e["event_id"] for e in payload["events"]] == ["E1", "E2"]
    ev = payload["events"][0]
    assert ev["fatalities_range"] == [5, 7] and ev["contradictions"][0]["values"][1] == {"value": 7, "doc_ids": ["b"]}
    src = ev["sources"][0]
    assert TEXT_A[src["start"]:src["end"]] == src["sentence"]
    assert payload["places"][0]["doc_id"] == "a" and payload["places"][0]["name"] == "Gao"
    assert payload["framing"] == {"outlets": {"wire": {"documents": 1, "actors": {}, "loaded_terms": [],
                                                       "loaded_per_1000_words": 0.0}}}
    assert payload["syndication"] == {"groups": [{"group": "g1", "members": ["a", "c"], "origin": "wire",
                                                  "lineage": [{"doc_id": "c", "copy_of": "a", "reason": "same text"}]}]}
    json.dumps(payload, allow_nan=False)


def test_report_payload_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "fw.db") as store:
        payload = report_payload(store, settings=Settings(), summary={})
    assert payload["events"] == [] and payload["documents"] == [] and payload["syndication"] == {"groups": []}


def test_build_report_writes_one_offline_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    with _store(tmp_path / "fw.db") as store:
        build_report(store, out, settings=Settings(), summary={"run_id": "r1"})
    page = out.read_text(encoding="utf-8")
    assert not (tmp_path / "report.html.tmp").exists()
    blob = re.search(r'<script type="application/json" id="fw-data">(.*?)</script>', page, re.S)
    assert blob is not None
    data = json.loads(blob.group(1))
    assert data["summary"] == {"run_id": "r1"} and len(data["events"]) == 2
    assert data["documents"][1]["text"] == TEXT_B
    assert re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page) is None  # nothing loaded from outside


def test_json_safe_replaces_non_finite_numbers() -> None:
    value = {"a": math.nan, "b": [math.inf, 1.5, (1, 2)], 3: {"c": -math.inf}, "d": {4, 5} - {4}}
    assert json_safe(value) == {"a": None, "b": [None, 1.5, [1, 2]], "3": {"c": None}, "d": [5]}


def test_syndication_groups_skip_singletons_and_bad_lineage() -> None:
    links = {
        "x": DocLinks("x", "g", None, [], ["not a dict"]),  # type: ignore[list-item]
        "y": DocLinks("y", "g", "origin", [], [{"copy_of": "x"}]),
        "z": DocLinks("z", "z", None, [], []),
    }
    groups = syndication_groups(links, ["x", "y", "z", "missing"])
    assert groups == [{"group": "g", "members": ["x", "y"], "origin": "origin",
                       "lineage": [{"doc_id": "y", "copy_of": "x", "reason": ""}]}]
