"""Hostile input that reaches the store: many records under one id (a feed whose every record says
``"id": "x"``). Each is kept as ``x~2``, ``x~3``..., named in a number of queries linear in the records
(it was quadratic: one probe per taken suffix), and a re-read of the same records adds nothing."""

from __future__ import annotations

from pathlib import Path

from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import RawDocument
from frontwatch.store import queries
from frontwatch.store.db import Store

N = 500  # records under one id: quadratic naming runs ~125,000 queries for them, linear naming ~1,500


def _same_id(n: int, first: int = 1, doc_id: str = "x") -> list[RawDocument]:
    return [RawDocument(doc_id=doc_id, source_path="feed.jsonl", line=i, content=f"Report {i}.", format="text",
                        content_hash=content_hash(f"Report {i}.", doc_id)) for i in range(first, first + n)]


def test_store_records_sharing_one_id_are_all_kept_under_distinct_ids(tmp_path: Path) -> None:
    with Store(tmp_path / "fw.db") as store, store.transaction() as db:
        results = queries.add_raw_documents(db, _same_id(50))
    assert [r.doc_id for r in results] == ["x", *(f"x~{i}" for i in range(2, 51))]


def test_store_records_sharing_one_id_are_named_in_linear_time(tmp_path: Path) -> None:
    statements = 0

    def counted(_sql: str) -> None:
        nonlocal statements
        statements += 1

    with Store(tmp_path / "fw.db") as store, store.transaction() as db:
        db.set_trace_callback(counted)
        queries.add_raw_documents(db, _same_id(N))
        db.set_trace_callback(None)
    assert statements < 10 * N


def test_store_records_sharing_one_id_are_named_in_linear_time_across_batches(tmp_path: Path) -> None:
    """Ingest commits 200 records at a time: every batch continues the numbering where the last stopped,
    in a few queries more than one per record, and a re-read of the whole feed adds nothing."""
    statements = 0

    def counted(_sql: str) -> None:
        nonlocal statements
        statements += 1

    with Store(tmp_path / "fw.db") as store:
        names: list[str] = []
        for b in range(10):
            with store.transaction() as db:
                db.set_trace_callback(counted)
                names += [r.doc_id for r in queries.add_raw_documents(db, _same_id(100, 1 + 100 * b))]
                db.set_trace_callback(None)
        assert names == ["x", *(f"x~{i}" for i in range(2, 1001))]
        assert statements < 6 * 1000
        with store.transaction() as db:
            again = queries.add_raw_documents(db, _same_id(1000))
        assert [r.status for r in again] == ["duplicate"] * 1000
        assert [r.doc_id for r in again] == names  # the same ids as the first time
        assert queries.count_documents(store.db) == 1000


def test_store_records_sharing_one_id_skip_ids_that_inputs_use_themselves(tmp_path: Path) -> None:
    """An input whose own id is ``x~3`` keeps it, and the copies of ``x`` go round it, as before."""
    with Store(tmp_path / "fw.db") as store, store.transaction() as db:
        first = queries.add_raw_documents(db, _same_id(2))
        own = queries.add_raw_documents(db, _same_id(1, 100, doc_id="x~3"))
        later = queries.add_raw_documents(db, _same_id(3, 3))
    assert [r.doc_id for r in first + own + later] == ["x", "x~2", "x~3", "x~4", "x~5", "x~6"]
    assert [r.status for r in later] == ["renamed"] * 3
