"""Read-only SQL for the API: filtered, paginated listings of events, documents, outlets and places.

Every statement is parameterised; filter values never become SQL text. Listing functions return the
total number of matching rows and one page of them; callers run them inside one read transaction
(:class:`frontwatch.api.pool.ReadPool` does) so that the count and the page see the same snapshot.
Writes stay in :mod:`frontwatch.store.queries`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from frontwatch.records import RawDocument, from_dict
from frontwatch.store.queries import DocLinks

# Name of the SQL function that case-folds text (registered on reader connections by register_functions).
FOLD_FUNCTION = "fw_fold"
# Chunk size for ``IN (...)`` lists: well under SQLite's default limit of 32766 bound parameters.
IN_CHUNK = 500


class FtsSyntaxError(ValueError):
    """A full-text query that SQLite FTS5 cannot parse (the message is SQLite's, plus a hint)."""


# ---------------------------------------------------------------------------------------------
# filters


@dataclass(frozen=True, slots=True)
class BBox:
    """A longitude/latitude box; ``min_lon > max_lon`` means the box crosses the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @property
    def crosses_antimeridian(self) -> bool:
        return self.min_lon > self.max_lon


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int = 0


@dataclass(frozen=True, slots=True)
class EventFilter:
    bbox: BBox | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # case-insensitive substring of actor1 or actor2
    min_sources: int | None = None  # minimum independent sources
    q: str | None = None  # FTS5 query over notes, place, actors and source sentences
    newest_first: bool = True


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    outlet: str | None = None  # exact, ASCII case-insensitive (the harmonised outlet name when known)
    q: str | None = None  # FTS5 query over title and clean text
    published_from: date | None = None
    published_to: date | None = None  # inclusive
    syndication_group: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceFilter:
    doc_id: str | None = None
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of rows and the number of rows matching the filter."""

    total: int
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class DocumentBriefRow:
    doc_id: str
    outlet: str | None
    origin: str | None
    title: str | None
    url: str | None
    published: str | None
    language: str | None
    syndication_group: str | None
    analysed: bool
    errors: int
    ingested_at: str


# ---------------------------------------------------------------------------------------------
# connection set-up and FTS5 query checking


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def register_functions(db: sqlite3.Connection) -> None:
    """Register the SQL functions these queries use (call once per reader connection)."""
    db.create_function(FOLD_FUNCTION, 1, _fold, deterministic=True)


_PROBE = threading.local()
# Empty in-memory FTS5 tables with the same columns as the real ones: FTS5 parses a MATCH expression
# before it reads any row, so a query that fails here fails the same way on the real table.
_PROBE_SCHEMA = (
    "CREATE VIRTUAL TABLE events_fts USING fts5(event_id UNINDEXED, body)",
    "CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, body)",
)
FTS_HINT = ('FTS5 query syntax: words, "quoted phrases", AND/OR/NOT, prefix*, column:word; put words '
            'with punctuation in double quotes ("al-Soud")')


def check_fts_query(q: str, table: str) -> None:
    """Raise :class:`FtsSyntaxError` when ``q`` is not a valid FTS5 query for ``table``
    (``events_fts`` or ``documents_fts``)."""
    if table not in ("events_fts", "documents_fts"):
        raise ValueError(f"unknown FTS table {table!r}")
    probe: sqlite3.Connection | None = getattr(_PROBE, "db", None)
    if probe is None:
        probe = sqlite3.connect(":memory:")
        for statement in _PROBE_SCHEMA:
            probe.execute(statement)
        _PROBE.db = probe
    try:
        probe.execute(f"SELECT 1 FROM {table} WHERE {table} MATCH ?", (q,)).fetchall()
    except sqlite3.Error as exc:
        raise FtsSyntaxError(f"invalid full-text query: {exc}. {FTS_HINT}") from exc


def _next_day(d: date) -> str:
    return (d + timedelta(days=1)).isoformat()


def _bbox_sql(bbox: BBox, lat: str, lon: str, where: list[str], params: list[Any]) -> None:
    where.append(f"{lat} BETWEEN ? AND ?")
    params += [bbox.min_lat, bbox.max_lat]
    if bbox.crosses_antimeridian:
        where.append(f"({lon} >= ? OR {lon} <= ?)")
    else:
        where.append(f"{lon} BETWEEN ? AND ?")
    params += [bbox.min_lon, bbox.max_lon]


def _listing(db: sqlite3.Connection, select: str, count: str, where: list[str], params: list[Any], order: str,
             page: Page) -> Listing:
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(db.execute(count + clause, params).fetchone()[0])
    if total == 0 or page.offset >= total:
        return Listing(total, [])
    rows = db.execute(f"{select}{clause} ORDER BY {order} LIMIT ? OFFSET ?", [*params, page.limit, page.offset])
    return Listing(total, rows.fetchall())


# ---------------------------------------------------------------------------------------------
# events


def _event_where(f: EventFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.bbox is not None:
        _bbox_sql(f.bbox, "latitude", "longitude", where, params)
    if f.date_from is not None:
        where.append("event_date >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to is not None:
        where.append("event_date < ?")
        params.append(_next_day(f.date_to))
    if f.event_type:
        where.append("event_type = ?")
        params.append(f.event_type)
    if f.sub_event_type:
        where.append("sub_event_type = ?")
        params.append(f.sub_event_type)
    if f.actor:
        if f.actor.isascii():  # SQLite's lower() folds ASCII only, which is all an ASCII needle needs
            where.append("(instr(lower(actor1), ?) > 0 OR instr(lower(actor2), ?) > 0)")
            needle = f.actor.lower()
        else:
            where.append(f"(instr({FOLD_FUNCTION}(actor1), ?) > 0 OR instr({FOLD_FUNCTION}(actor2), ?) > 0)")
            needle = f.actor.casefold()
        params += [needle, needle]
    if f.min_sources is not None:
        where.append("independent_sources >= ?")
        params.append(f.min_sources)
    if f.q:
        check_fts_query(f.q, "events_fts")
        where.append("event_id IN (SELECT event_id FROM events_fts WHERE events_fts MATCH ?)")
        params.append(f.q)
    return where, params


def list_events(db: sqlite3.Connection, f: EventFilter, page: Page) -> Listing:
    """Rows of ``(event_id, data)``; ``data`` is the event's JSON (the events.jsonl object). Newest first by
    default (undated last), or oldest first (undated last); ties in storage order."""
    where, params = _event_where(f)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(db.execute("SELECT count(*) FROM events" + clause, params).fetchone()[0])
    if total == 0 or page.offset >= total:
        return Listing(total, [])
    # Newest first walks the date index backwards (NULL sorts lowest, so undated events come last). The page
    # is chosen on (rowid, event_date) alone, so any sort SQLite needs never carries the large `data` column.
    order = "event_date DESC, rowid DESC" if f.newest_first else "event_date IS NULL, event_date, rowid"
    rows = db.execute(
        f"SELECT event_id, data FROM events WHERE rowid IN (SELECT rowid FROM events{clause} ORDER BY {order}"
        f" LIMIT ? OFFSET ?) ORDER BY {order}", [*params, page.limit, page.offset]).fetchall()
    return Listing(total, rows)


def get_event(db: sqlite3.Connection, event_id: str) -> str | None:
    row = db.execute("SELECT data FROM events WHERE event_id = ?", (event_id,)).fetchone()
    return None if row is None else str(row[0])


# ---------------------------------------------------------------------------------------------
# documents

_DOC_OUTLET = "coalesce(l.outlet, d.outlet)"
_DOC_FROM = " FROM documents d LEFT JOIN doc_links l ON l.doc_id = d.doc_id"
_ISO_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]*"


def _document_where(f: DocumentFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.outlet:
        where.append(f"{_DOC_OUTLET} = ? COLLATE NOCASE")
        params.append(f.outlet)
    if f.published_from is not None or f.published_to is not None:
        where.append("d.published GLOB ?")  # raw, unresolved dates ("March 3") never match a range
        params.append(_ISO_DATE_GLOB)
    if f.published_from is not None:
        where.append("d.published >= ?")
        params.append(f.published_from.isoformat())
    if f.published_to is not None:
        where.append("d.published < ?")
        params.append(_next_day(f.published_to))
    if f.syndication_group:
        where.append("l.syndication_group = ?")
        params.append(f.syndication_group)
    if f.q:
        check_fts_query(f.q, "documents_fts")
        where.append("d.doc_id IN (SELECT doc_id FROM documents_fts WHERE documents_fts MATCH ?)")
        params.append(f.q)
    return where, params


def list_documents(db: sqlite3.Connection, f: DocumentFilter, page: Page) -> tuple[int, list[DocumentBriefRow]]:
    """Brief rows of the matching documents (no text), in ingest order."""
    where, params = _document_where(f)
    select = (
        f"SELECT d.doc_id, {_DOC_OUTLET},"
        " coalesce(l.origin, CASE WHEN json_valid(d.processed) THEN json_extract(d.processed, '$.origin') END),"
        " d.title, d.url, d.published,"
        " CASE WHEN json_valid(d.processed) THEN json_extract(d.processed, '$.language') END,"
        " l.syndication_group,"
        " CASE WHEN json_valid(d.processed) THEN length(json_extract(d.processed, '$.text')) > 0 ELSE 0 END,"
        " CASE WHEN json_valid(d.processed) THEN coalesce(json_array_length(d.processed, '$.errors'), 0)"
        " ELSE 0 END, d.ingested_at" + _DOC_FROM
    )
    listing = _listing(db, select, "SELECT count(*)" + _DOC_FROM, where, params, "d.rowid", page)
    rows = [DocumentBriefRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), int(r[9] or 0), r[10])
            for r in listing.rows]
    return listing.total, rows


def get_document(db: sqlite3.Connection, doc_id: str) -> tuple[bool, str | None]:
    """(exists, processed JSON or None when the document is stored but not analysed yet)."""
    row = db.execute("SELECT processed FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return False, None
    return True, None if row[0] is None else str(row[0])


def get_doc_link(db: sqlite3.Connection, doc_id: str) -> DocLinks | None:
    row = db.execute("SELECT syndication_group, origin, near_duplicates, lineage, outlet FROM doc_links"
                     " WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    try:
        near = json.loads(row[2]) if row[2] else []
        lineage = json.loads(row[3]) if row[3] else []
    except json.JSONDecodeError:
        near, lineage = [], []
    return DocLinks(doc_id, row[0], row[1], near if isinstance(near, list) else [],
                    lineage if isinstance(lineage, list) else [], row[4])


def pending_raw(db: sqlite3.Connection, doc_ids: Sequence[str], pipeline: str) -> list[RawDocument]:
    """The stored raw documents among ``doc_ids`` whose results are missing or were made by another
    pipeline version (in ingest order)."""
    out: list[RawDocument] = []
    unique = list(dict.fromkeys(doc_ids))
    for i in range(0, len(unique), IN_CHUNK):
        chunk = unique[i: i + IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT raw FROM documents WHERE doc_id IN ({marks})"
                          " AND (pipeline IS NOT ? OR processed IS NULL) ORDER BY rowid", [*chunk, pipeline])
        out.extend(from_dict(RawDocument, json.loads(raw)) for (raw,) in rows)
    return out


# ---------------------------------------------------------------------------------------------
# outlets, places, runs


def list_outlets(db: sqlite3.Connection, page: Page) -> Listing:
    """Rows of ``(outlet, data JSON)`` from the framing stage's outlets table, by name."""
    return _listing(db, "SELECT outlet, data FROM outlets", "SELECT count(*) FROM outlets", [], [], "outlet",
                    page)


def list_places(db: sqlite3.Connection, f: PlaceFilter, page: Page) -> Listing:
    """Rows of ``(doc_id, place JSON)``: every resolved, locational place mention of the analysed
    documents (the places.jsonl objects), in ingest order then text order."""
    where = ["d.processed IS NOT NULL", "json_valid(d.processed)",
             "json_extract(p.value, '$.latitude') IS NOT NULL", "json_extract(p.value, '$.longitude') IS NOT NULL",
             "coalesce(json_extract(p.value, '$.is_location'), 1) != 0"]
    params: list[Any] = []
    if f.doc_id is not None:
        where.insert(0, "d.doc_id = ?")
        params.append(f.doc_id)
    if f.bbox is not None:
        _bbox_sql(f.bbox, "json_extract(p.value, '$.latitude')", "json_extract(p.value, '$.longitude')", where,
                  params)
    frm = " FROM documents d, json_each(d.processed, '$.places') p"
    clause = " WHERE " + " AND ".join(where)
    # One pass over the documents' JSON gives the page and (by a window count) the total; a second pass
    # only when the page is empty past the first one.
    rows = db.execute(f"SELECT d.doc_id, p.value, count(*) OVER (){frm}{clause} ORDER BY d.rowid, p.key"
                      " LIMIT ? OFFSET ?", [*params, page.limit, page.offset]).fetchall()
    if rows:
        return Listing(int(rows[0][2]), [(r[0], r[1]) for r in rows])
    total = 0 if page.offset == 0 else int(db.execute(f"SELECT count(*){frm}{clause}", params).fetchone()[0])
    return Listing(total, [])


def latest_summary(db: sqlite3.Connection) -> dict[str, Any]:
    """The summary of the latest finished ``analyze`` run (any command when none), or ``{}``."""
    row = db.execute(
        "SELECT summary FROM runs WHERE summary IS NOT NULL AND finished_at IS NOT NULL"
        " ORDER BY command = 'analyze' DESC, finished_at DESC, rowid DESC LIMIT 1").fetchone()
    if row is None:
        return {}
    try:
        data = json.loads(row[0])
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def counts(db: sqlite3.Connection) -> dict[str, int]:
    """Row counts of the main tables (for the API's index)."""
    return {name: int(db.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
            for name in ("documents", "events", "outlets")}
