"""All SQL of frontwatch lives here. Every statement is parameterised."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from frontwatch.records import Document, Event, RawDocument, Skip, from_dict, to_dict

AddStatus = Literal["added", "duplicate", "updated", "renamed"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class AddResult:
    status: AddStatus
    doc_id: str  # the id the document has in the store
    requested_id: str


# ---------------------------------------------------------------------------------------------
# documents


def add_raw_documents(db: sqlite3.Connection, docs: Sequence[RawDocument]) -> list[AddResult]:
    """Insert raw documents, keyed by content hash. Call inside a transaction.

    Same id and content already stored -> ``duplicate`` (nothing written). Same doc_id from the same
    source (path and line) with new content -> ``updated`` (re-processed later). Same doc_id from
    another source -> stored under ``<id>~N`` (``renamed``).
    """
    results: list[AddResult] = []
    now = _now()
    next_suffix: dict[str, int] = {}  # per id: where the search for a free '<id>~N' starts in this call
    for doc in docs:
        row = db.execute("SELECT doc_id FROM documents WHERE content_hash = ?", (doc.content_hash,)).fetchone()
        if row is not None:
            results.append(AddResult("duplicate", row[0], doc.doc_id))
            continue
        doc_id = doc.doc_id
        status: AddStatus = "added"
        existing = db.execute("SELECT source_path, line FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if existing is not None:
            if existing[0] == doc.source_path and existing[1] == doc.line:
                _delete_document(db, doc_id)
                status = "updated"
            else:
                n = _free_suffix(db, doc.doc_id, next_suffix.get(doc.doc_id, 2))
                next_suffix[doc.doc_id] = n + 1
                doc_id = f"{doc.doc_id}~{n}"
                status = "renamed"
        stored = doc if doc_id == doc.doc_id else _renamed(doc, doc_id)
        db.execute(
            "INSERT INTO documents (doc_id, content_hash, source_path, line, format, outlet, published, url, title,"
            " raw, processed, pipeline, ingested_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,NULL,NULL,?,?)",
            (doc_id, doc.content_hash, doc.source_path, doc.line, doc.format, doc.outlet, doc.published, doc.url,
             doc.title, _dumps(to_dict(stored)), now, now),
        )
        results.append(AddResult(status, doc_id, doc.doc_id))
    return results


def _free_suffix(db: sqlite3.Connection, doc_id: str, start: int) -> int:
    """The first N from ``start`` on under which ``<doc_id>~N`` is free, in O(log N) queries.

    Renamed copies take ``~2, ~3, ...`` in order, so the taken suffixes form a run: the search doubles
    its step until it finds a free one, then halves back to the end of the run. This gives the same
    id as trying ~2, ~3, ... one by one (n queries each, n²/2 for n records under one id) whenever the
    taken suffixes are consecutive; if an input's own id left a gap (``x~5`` read while only ``x~2``
    was taken), the id chosen may lie after the gap instead of in it, and is always one not in use.
    """

    def taken(n: int) -> bool:
        return db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (f"{doc_id}~{n}",)).fetchone() is not None

    if not taken(start):
        return start
    lo, step = start, 1  # lo is taken
    while taken(lo + step):
        lo += step
        step *= 2
    hi = lo + step  # free
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if taken(mid):
            lo = mid
        else:
            hi = mid
    return hi


def _renamed(doc: RawDocument, doc_id: str) -> RawDocument:
    import dataclasses

    note = f"doc_id {doc.doc_id!r} was already used by another input; stored as {doc_id!r}"
    return dataclasses.replace(doc, doc_id=doc_id, errors=(*doc.errors, note))


def _delete_document(db: sqlite3.Connection, doc_id: str) -> None:
    db.execute("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM doc_links WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))


def count_documents(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])


def count_pending(db: sqlite3.Connection, pipeline: str) -> int:
    return int(db.execute("SELECT count(*) FROM documents WHERE pipeline IS NOT ? OR processed IS NULL",
                          (pipeline,)).fetchone()[0])


def iter_pending_raw(db: sqlite3.Connection, pipeline: str, batch: int = 256) -> Iterator[RawDocument]:
    """Raw documents whose stored results are missing or were made by another pipeline version.

    Paged by rowid so that writes during iteration (results saved batch by batch) are safe.
    """
    last = -1
    while True:
        rows = db.execute(
            "SELECT rowid, raw FROM documents WHERE rowid > ? AND (pipeline IS NOT ? OR processed IS NULL)"
            " ORDER BY rowid LIMIT ?",
            (last, pipeline, batch),
        ).fetchall()
        if not rows:
            return
        for rowid, raw in rows:
            last = rowid
            yield from_dict(RawDocument, json.loads(raw))


def save_processed(db: sqlite3.Connection, docs: Iterable[Document], pipeline: str) -> int:
    """Store per-document results (call inside a transaction). A document on which a stage failed is
    stored without the fingerprint, so the next run tries it again."""
    now = _now()
    n = 0
    for doc in docs:
        failed = any(" failed: " in s for s in doc.skipped_stages)
        db.execute(
            "UPDATE documents SET processed = ?, pipeline = ?, updated_at = ?, outlet = coalesce(outlet, ?),"
            " published = coalesce(?, published), title = coalesce(title, ?) WHERE doc_id = ?",
            (_dumps(to_dict(doc)), None if failed else pipeline, now, doc.outlet, doc.published, doc.title,
             doc.doc_id),
        )
        db.execute("DELETE FROM documents_fts WHERE doc_id = ?", (doc.doc_id,))
        db.execute("INSERT INTO documents_fts (doc_id, title, body) VALUES (?, ?, ?)",
                   (doc.doc_id, doc.title or "", doc.text))
        n += 1
    return n


def iter_processed(db: sqlite3.Connection, batch: int = 256) -> Iterator[Document]:
    """All processed documents in ingest order."""
    last = -1
    while True:
        rows = db.execute(
            "SELECT rowid, processed FROM documents WHERE rowid > ? AND processed IS NOT NULL ORDER BY rowid LIMIT ?",
            (last, batch),
        ).fetchall()
        if not rows:
            return
        for rowid, processed in rows:
            last = rowid
            yield from_dict(Document, json.loads(processed))


def iter_doc_briefs(db: sqlite3.Connection) -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
    """(doc_id, content_hash, outlet, origin, published) of every processed document, without parsing
    the stored records in Python."""
    yield from db.execute(
        "SELECT doc_id, content_hash, json_extract(processed, '$.outlet'), json_extract(processed, '$.origin'),"
        " json_extract(processed, '$.published') FROM documents WHERE processed IS NOT NULL ORDER BY rowid"
    )


def iter_texts(db: sqlite3.Connection, batch: int = 1000) -> Iterator[tuple[str, str]]:
    """(doc_id, clean text) of every processed document, paged."""
    last = -1
    while True:
        rows = db.execute("SELECT rowid, doc_id, body FROM documents_fts WHERE rowid > ? ORDER BY rowid LIMIT ?",
                          (last, batch)).fetchall()
        if not rows:
            return
        for rowid, doc_id, body in rows:
            last = rowid
            yield doc_id, body


def get_texts(db: sqlite3.Connection, doc_ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i: i + 500]
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT doc_id, body FROM documents_fts WHERE doc_id IN ({marks})", chunk).fetchall())
    return out


def get_processed(db: sqlite3.Connection, doc_id: str) -> Document | None:
    row = db.execute("SELECT processed FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None or row[0] is None:
        return None
    return from_dict(Document, json.loads(row[0]))


def doc_ids_unprocessed(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT doc_id FROM documents WHERE processed IS NULL ORDER BY rowid")]


# ---------------------------------------------------------------------------------------------
# global-stage results per document


@dataclass(frozen=True, slots=True)
class DocLinks:
    doc_id: str
    syndication_group: str | None
    origin: str | None
    near_duplicates: list[dict[str, Any]]
    lineage: list[dict[str, Any]]
    outlet: str | None = None  # the outlet's display name, harmonised across the corpus


def replace_doc_links(db: sqlite3.Connection, links: Iterable[DocLinks]) -> None:
    db.execute("DELETE FROM doc_links")
    db.executemany(
        "INSERT INTO doc_links (doc_id, syndication_group, origin, near_duplicates, lineage, outlet)"
        " VALUES (?,?,?,?,?,?)",
        ((lk.doc_id, lk.syndication_group, lk.origin, _dumps(lk.near_duplicates), _dumps(lk.lineage), lk.outlet)
         for lk in links),
    )


def get_doc_links(db: sqlite3.Connection) -> dict[str, DocLinks]:
    out: dict[str, DocLinks] = {}
    for doc_id, group, origin, near, lineage, outlet in db.execute(
        "SELECT doc_id, syndication_group, origin, near_duplicates, lineage, outlet FROM doc_links"
    ):
        out[doc_id] = DocLinks(doc_id, group, origin, json.loads(near), json.loads(lineage), outlet)
    return out


# ---------------------------------------------------------------------------------------------
# events and outlets


def replace_events(db: sqlite3.Connection, events: Iterable[Event]) -> int:
    """Replace all events with a new set (call inside a transaction)."""
    db.execute("DELETE FROM event_documents")
    db.execute("DELETE FROM events_fts")
    db.execute("DELETE FROM events")
    n = 0
    for ev in events:
        data = to_dict(ev)
        db.execute(
            "INSERT INTO events (event_id, event_date, event_type, sub_event_type, actor1, actor2, country,"
            " latitude, longitude, fatalities, independent_sources, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (ev.event_id, ev.event_date, ev.event_type, ev.sub_event_type, ev.actor1, ev.actor2, ev.country,
             ev.latitude, ev.longitude, ev.fatalities, ev.independent_sources, _dumps(data)),
        )
        db.executemany("INSERT OR IGNORE INTO event_documents (event_id, doc_id) VALUES (?, ?)",
                       {(ev.event_id, s.doc_id) for s in ev.sources})
        body = " ".join([ev.notes, ev.location or "", ev.actor1 or "", ev.actor2 or "",
                         *(s.sentence for s in ev.sources)])
        db.execute("INSERT INTO events_fts (event_id, body) VALUES (?, ?)", (ev.event_id, body))
        n += 1
    return n


def iter_events(db: sqlite3.Connection) -> Iterator[Event]:
    for (data,) in db.execute("SELECT data FROM events ORDER BY event_date IS NULL, event_date, event_id"):
        yield from_dict(Event, json.loads(data))


def replace_outlets(db: sqlite3.Connection, outlets: dict[str, Any]) -> None:
    db.execute("DELETE FROM outlets")
    db.executemany("INSERT INTO outlets (outlet, data) VALUES (?, ?)",
                   ((name, _dumps(data)) for name, data in outlets.items()))


def get_outlets(db: sqlite3.Connection) -> dict[str, Any]:
    return {name: json.loads(data) for name, data in db.execute("SELECT outlet, data FROM outlets ORDER BY outlet")}


# ---------------------------------------------------------------------------------------------
# runs


def start_run(db: sqlite3.Connection, run_id: str, command: str, config: dict[str, Any]) -> None:
    db.execute("INSERT INTO runs (run_id, command, started_at, config) VALUES (?, ?, ?, ?)",
               (run_id, command, _now(), _dumps(config)))


def finish_run(db: sqlite3.Connection, run_id: str, summary: dict[str, Any]) -> None:
    db.execute("UPDATE runs SET finished_at = ?, summary = ? WHERE run_id = ?", (_now(), _dumps(summary), run_id))


def add_skipped(db: sqlite3.Connection, run_id: str, skips: Iterable[Skip]) -> None:
    db.executemany("INSERT INTO skipped (run_id, path, line, code, reason) VALUES (?, ?, ?, ?, ?)",
                   ((run_id, s.path, s.line, s.code, s.reason) for s in skips))
