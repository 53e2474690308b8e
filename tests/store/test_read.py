"""store/read.py: the API's read-only SQL on a small store (filters, FTS checks, places, runs)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from tests.api.synthetic import TOWNS, make_document, store_documents, store_events

from frontwatch.store import queries, read
from frontwatch.store.db import Store, connect
from frontwatch.store.read import BBox, EventFilter, Page, PlaceFilter

ALL = Page(limit=1000)


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "fw.db"
    store_events(path, 60, seed=3)
    store_documents(path, [make_document("a", outlet="O", title="t", published="2024-01-02", text="Near Gao today.",
                                         places=(("Gao", TOWNS[0]),))])
    conn = connect(path, readonly=True)
    read.register_functions(conn)
    return conn


@pytest.mark.parametrize("q", ["Gao", '"armed clash"', "Gao OR Kidal", "Kid*", "body:Gao", "NOT", "a AND", '"x',
                               "nope:x", "*", "("])
def test_read_check_fts_query_agrees_with_the_real_table(db: sqlite3.Connection, q: str) -> None:
    try:
        db.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (q,)).fetchone()
        real_ok = True
    except sqlite3.OperationalError:
        real_ok = False
    try:
        read.check_fts_query(q, "events_fts")
        probe_ok = True
    except read.FtsSyntaxError as exc:
        probe_ok = False
        assert "FTS5 query syntax" in str(exc)
    assert probe_ok == real_ok


def test_read_check_fts_query_unknown_table() -> None:
    with pytest.raises(ValueError):
        read.check_fts_query("x", "documents; DROP TABLE events")


def test_read_list_events_count_and_page(db: sqlite3.Connection) -> None:
    listing = read.list_events(db, EventFilter(), Page(limit=10, offset=5))
    assert listing.total == 60 and len(listing.rows) == 10
    assert read.list_events(db, EventFilter(), Page(limit=10, offset=60)).rows == []


def test_read_list_events_date_to_is_inclusive(db: sqlite3.Connection) -> None:
    day = db.execute("SELECT event_date FROM events WHERE event_date IS NOT NULL LIMIT 1").fetchone()[0]
    d = date.fromisoformat(day)
    listing = read.list_events(db, EventFilter(date_from=d, date_to=d), ALL)
    assert listing.total >= 1
    assert all(row[1].find(f'"event_date":"{day}"') >= 0 for row in listing.rows)


def test_read_bbox_across_the_antimeridian(db: sqlite3.Connection) -> None:
    box = BBox(170, -25, -170, -10)
    assert box.crosses_antimeridian
    rows = read.list_events(db, EventFilter(bbox=box), ALL).rows
    locations = {r[1].split('"location":"')[1].split('"')[0] for r in rows}
    assert locations <= {"Suva", "Apia"} and locations


def test_read_actor_needle_without_ascii_uses_casefold(db: sqlite3.Connection) -> None:
    n_upper = read.list_events(db, EventFilter(actor="ARMÉES"), ALL).total
    n_lower = read.list_events(db, EventFilter(actor="armées"), ALL).total
    assert n_upper == n_lower > 0


def test_read_places_skip_unreadable_rows(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    store_documents(path, [make_document("a", outlet="O", title="t", published=None, text="In Gao.",
                                         places=(("Gao", TOWNS[0]),))])
    with Store(path) as store, store.transaction() as w:
        queries.add_raw_documents(w, [make_document("b", outlet="O", title="t", published=None, text="b")[0]])
        w.execute("UPDATE documents SET processed = '{oops' WHERE doc_id = 'b'")
    conn = connect(path, readonly=True)
    listing = read.list_places(conn, PlaceFilter(), ALL)
    assert listing.total == 1 and listing.rows[0][0] == "a"


def test_read_latest_summary_prefers_analyze(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    with Store(path) as store, store.transaction() as w:
        assert read.latest_summary(w) == {}
        queries.start_run(w, "r1", "analyze", {})
        queries.finish_run(w, "r1", {"run_id": "r1"})
        queries.start_run(w, "r2", "ingest", {})
        queries.finish_run(w, "r2", {"run_id": "r2"})
        assert read.latest_summary(w)["run_id"] == "r1"


def test_read_pending_raw_only_lacking_current_results(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    store_documents(path, [make_document("done", outlet="O", title="t", published=None, text="x")])
    with Store(path) as store, store.transaction() as w:
        queries.add_raw_documents(w, [make_document("new", outlet="O", title="t", published=None, text="y")[0]])
        assert [r.doc_id for r in read.pending_raw(w, ["done", "new", "missing"], "tests")] == ["new"]
        assert [r.doc_id for r in read.pending_raw(w, ["done", "new"], "other")] == ["done", "new"]
