from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import RawDocument
from frontwatch.store import queries
from frontwatch.store.db import Store
from frontwatch.store.migrations import MIGRATIONS


def raw(doc_id: str, text: str, path: str = "a.txt", line: int | None = None) -> RawDocument:
    return RawDocument(doc_id=doc_id, source_path=path, content=text, format="text",
                       content_hash=content_hash(text, doc_id), line=line)


def test_store_wal_and_migrations_recorded(tmp_path: Path) -> None:
    with Store(tmp_path / "fw.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [r[0] for r in store.db.execute("SELECT name FROM _migrations ORDER BY name")]
        assert names == [m[0] for m in MIGRATIONS]
    with Store(tmp_path / "fw.db") as store:  # re-opening applies nothing twice
        assert store.db.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)


def test_add_raw_dedupes_by_content_and_renames_clashing_ids(tmp_path: Path) -> None:
    with Store(tmp_path / "fw.db") as store, store.transaction() as db:
        r1 = queries.add_raw_documents(db, [raw("a", "one"), raw("a", "one")])
        assert [r.status for r in r1] == ["added", "duplicate"]
        r2 = queries.add_raw_documents(db, [raw("a", "two", path="other/a.txt")])
        assert r2[0].status == "renamed" and r2[0].doc_id == "a~2"
        r3 = queries.add_raw_documents(db, [raw("a", "one, edited")])
        assert r3[0].status == "updated" and r3[0].doc_id == "a"
        assert queries.count_documents(db) == 2


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    with Store(tmp_path / "fw.db") as store:
        with pytest.raises(RuntimeError), store.transaction() as db:
            queries.add_raw_documents(db, [raw("a", "one")])
            raise RuntimeError("boom")
        assert queries.count_documents(store.db) == 0


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not sqlite" * 100)
    from frontwatch.errors import StoreError

    with pytest.raises((StoreError, sqlite3.DatabaseError)):
        Store(p)
