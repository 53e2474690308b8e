"""Consistency checks on a frontwatch store, as an independent reader sees it (after a crash or a run).

Each check returns a list of problems (empty when the store is consistent), so a test can report every
broken invariant at once. The checks use plain ``sqlite3`` and the schema, not the store's own code.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class StoreState:
    """What the store holds, for classifying where a kill landed."""

    documents: int = 0
    processed: int = 0
    runs: int = 0
    finished_runs: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)


def _one(db: sqlite3.Connection, sql: str, *args: object) -> int:
    return int(db.execute(sql, args).fetchone()[0])


def check_store(path: Path, expected_ids: frozenset[str], *, ingest_batch: int, process_batch: int) -> StoreState:
    """Every invariant that must hold at any instant, crash or not.

    * the file passes ``PRAGMA integrity_check`` and ``foreign_key_check``;
    * every stored document is one of ``expected_ids``, each exactly once (no ``~2`` renamed copies, no
      second row for the same content);
    * ingest is atomic per batch: the document count is a multiple of ``ingest_batch`` or all of them;
    * processing is atomic per batch: processed documents are a prefix of the ingest order, their
      count a multiple of ``process_batch`` or all stored documents; each has its results, its pipeline
      fingerprint and exactly one full-text row;
    * global results refer only to stored documents: doc_links, event_documents, and each event's
      sources match its event_documents rows; the events' full-text index matches the events.
    """
    state = StoreState()
    problems = state.problems
    if not path.exists():
        return state
    db = sqlite3.connect(str(path))
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:5]}")
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:5]}")
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if "documents" not in tables:
            return state  # killed before the first migration committed: an empty store is consistent
        _check_documents(db, state, expected_ids, ingest_batch, process_batch)
        _check_global(db, state, tables)
        state.runs = _one(db, "SELECT count(*) FROM runs")
        state.finished_runs = _one(db, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL")
        for run_id, summary in db.execute("SELECT run_id, summary FROM runs WHERE finished_at IS NOT NULL"):
            try:
                json.loads(summary)
            except (TypeError, ValueError):
                problems.append(f"run {run_id} finished without a readable summary")
    finally:
        db.close()
    return state


def _check_documents(db: sqlite3.Connection, state: StoreState, expected: frozenset[str], ingest_batch: int,
                     process_batch: int) -> None:
    problems = state.problems
    rows = db.execute("SELECT rowid, doc_id, content_hash, processed, pipeline FROM documents"
                      " ORDER BY rowid").fetchall()
    state.documents = len(rows)
    ids = [r[1] for r in rows]
    if len(set(ids)) != len(ids):
        problems.append("a doc_id is stored twice")
    if len({r[2] for r in rows}) != len(rows):
        problems.append("a content_hash is stored twice")
    strays = sorted(set(ids) - expected)
    if strays:
        problems.append(f"documents that are not in the input (or renamed copies): {strays[:5]}")
    if state.documents not in (0, len(expected)) and state.documents % ingest_batch:
        problems.append(f"{state.documents} documents: not a whole number of ingest batches of {ingest_batch}")
    processed = [r for r in rows if r[3] is not None]
    state.processed = len(processed)
    seen_unprocessed = False
    for _rowid, doc_id, chash, proc, pipeline in rows:
        if proc is None:
            seen_unprocessed = True
            continue
        if seen_unprocessed:
            problems.append(f"{doc_id} processed after an unprocessed document: not a prefix of the ingest order")
        if pipeline is None:
            problems.append(f"{doc_id} has results but no pipeline fingerprint (a stage failed on it)")
        try:
            doc = json.loads(proc)
        except ValueError:
            problems.append(f"{doc_id}: stored results are not JSON")
            continue
        if doc.get("doc_id") != doc_id or doc.get("content_hash") != chash:
            problems.append(f"{doc_id}: stored results belong to another document")
    if state.processed not in (0, state.documents) and state.processed % process_batch:
        problems.append(f"{state.processed} processed: not a whole number of batches of {process_batch}")
    fts: dict[str, int] = defaultdict(int)
    for (doc_id,) in db.execute("SELECT doc_id FROM documents_fts"):
        fts[doc_id] += 1
    processed_ids = {r[1] for r in processed}
    if set(fts) != processed_ids:
        problems.append(f"full-text rows {len(fts)} for {len(processed_ids)} processed documents")
    if any(n != 1 for n in fts.values()):
        problems.append("a document has more than one full-text row")


def _check_global(db: sqlite3.Connection, state: StoreState, tables: set[str]) -> None:
    problems = state.problems
    doc_ids = {r[0] for r in db.execute("SELECT doc_id FROM documents")}
    linked = {r[0] for r in db.execute("SELECT doc_id FROM doc_links")}
    if linked - doc_ids:
        problems.append(f"doc_links for documents not stored: {sorted(linked - doc_ids)[:5]}")
    events = {eid: data for eid, data in db.execute("SELECT event_id, data FROM events")}
    state.events = len(events)
    by_event: dict[str, set[str]] = defaultdict(set)
    for eid, doc_id in db.execute("SELECT event_id, doc_id FROM event_documents"):
        by_event[eid].add(doc_id)
    if set(by_event) - set(events):
        problems.append("event_documents rows for events that do not exist")
    dangling = {d for docs in by_event.values() for d in docs} - doc_ids
    if dangling:
        problems.append(f"events cite documents not stored: {sorted(dangling)[:5]}")
    for eid, data in events.items():
        try:
            sources = {s["doc_id"] for s in json.loads(data).get("sources", [])}
        except (ValueError, TypeError, KeyError):
            problems.append(f"event {eid}: data is not a readable event")
            continue
        if sources != by_event.get(eid, set()):
            problems.append(f"event {eid}: sources {sorted(sources)[:3]} differ from event_documents")
    if "events_fts" in tables:
        fts_ids = [r[0] for r in db.execute("SELECT event_id FROM events_fts")]
        if sorted(fts_ids) != sorted(events):
            problems.append(f"events_fts has {len(fts_ids)} rows for {len(events)} events")


def final_problems(path: Path, expected_ids: frozenset[str]) -> list[str]:
    """What must also hold after a run that finished: every document processed by one pipeline, one
    doc_links row per document, the last run finished."""
    problems: list[str] = []
    db = sqlite3.connect(str(path))
    try:
        ids = {r[0] for r in db.execute("SELECT doc_id FROM documents")}
        if ids != expected_ids:
            problems.append(f"stored {len(ids)} documents, expected {len(expected_ids)}: missing "
                            f"{sorted(expected_ids - ids)[:5]}")
        pending = _one(db, "SELECT count(*) FROM documents WHERE processed IS NULL OR pipeline IS NULL")
        if pending:
            problems.append(f"{pending} documents without current results")
        pipelines = {r[0] for r in db.execute("SELECT DISTINCT pipeline FROM documents")}
        if len(pipelines) != 1:
            problems.append(f"documents made by {len(pipelines)} pipelines: {sorted(map(str, pipelines))}")
        linked = {r[0] for r in db.execute("SELECT doc_id FROM doc_links")}
        if linked != ids:
            problems.append(f"doc_links cover {len(linked)} of {len(ids)} documents")
        last = db.execute("SELECT finished_at FROM runs ORDER BY rowid DESC LIMIT 1").fetchone()
        if last is None or last[0] is None:
            problems.append("the last run is not marked finished")
    finally:
        db.close()
    return problems


def count(path: Path, sql: str) -> int:
    """One number from a read-only look at a store another process may be writing (-1 when the file
    or the table is not there yet)."""
    if not path.exists():
        return -1
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return -1
    try:
        return int(db.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return -1
    finally:
        db.close()
