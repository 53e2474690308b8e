"""API fixtures: a store filled with synthetic events and a few documents, and a TestClient over it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontwatch.api import create_app
from frontwatch.config import Settings
from frontwatch.records import Event, RawDocument
from frontwatch.store import queries
from frontwatch.store.db import Store
from frontwatch.store.queries import DocLinks
from tests.api.synthetic import TOWNS, make_document, store_documents, store_events

N_EVENTS = 400
HOSTILE_TITLE = "<script>window.__pwned = 1</script> Kidal raid"
TOWN = {t.name: t for t in TOWNS}


@dataclass
class Filled:
    path: Path
    events: list[Event]


def fill(path: Path, n_events: int = N_EVENTS) -> Filled:
    events = store_events(path, n_events, seed=5)
    store_documents(path, [
        make_document("d1", outlet="Sahel Wire", title="Clashes near Gao", published="2024-03-01",
                      text="Fighters attacked an army post near Gao on Friday. Residents fled.",
                      places=(("Gao", TOWN["Gao"]),)),
        make_document("d2", outlet="desert courier", title=HOSTILE_TITLE, published="2024-03-05",
                      text="Gunmen raided Kidal at dawn; the army answered from Mopti with drones.",
                      places=(("Kidal", TOWN["Kidal"]), ("Mopti", TOWN["Mopti"]))),
        make_document("d3", outlet="Sahel Wire", title="Market day", published="March 3",
                      text="Traders in Djibo reopened the market after the siege.", places=()),
        make_document("dir/with/slash", outlet="Frontline Daily", title="Suva protest", published="2024-04-10",
                      text="Hundreds marched in Suva.", places=(("Suva", TOWN["Suva"]),)),
    ])
    with Store(path) as store, store.transaction() as db:
        queries.add_raw_documents(db, [RawDocument(doc_id="raw-only", source_path="later.txt", content="Not yet.",
                                                   format="text", content_hash="h-raw-only")])
        queries.replace_doc_links(db, [
            DocLinks("d1", "g1", "Sahel Wire", [{"doc_id": "d2", "similarity": 0.9}], [], "Sahel Wire"),
            DocLinks("d2", "g1", "Sahel Wire", [{"doc_id": "d1", "similarity": 0.9}], [], "Desert Courier"),
        ])
        queries.replace_outlets(db, {
            "Sahel Wire": {"documents": 2, "actors": {"JNIM": {"labels": [{"label": "terrorists", "count": 3}]}}},
            "Desert Courier": {"documents": 1, "loaded_terms": [{"term": "<b>martyrs</b>", "count": 1}]},
        })
        queries.start_run(db, "run-1", "analyze", {})
        queries.finish_run(db, "run-1", {"run_id": "run-1", "documents": 5})
    return Filled(path, events)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    return fill(tmp_path_factory.mktemp("api") / "fw.db")


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[TestClient]:
    with TestClient(create_app(filled.path, Settings())) as c:
        yield c
