"""Named schema migrations, applied in order and recorded in ``_migrations``.

Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def _script(db: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one inside the caller's transaction (``executescript`` would commit)."""
    statement = ""
    for line in script.splitlines():
        statement += line + "\n"
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


def _m001_initial(db: sqlite3.Connection) -> None:
    _script(db,
        """
        CREATE TABLE documents (
            doc_id        TEXT PRIMARY KEY,
            content_hash  TEXT NOT NULL UNIQUE,
            source_path   TEXT NOT NULL,
            line          INTEGER,
            format        TEXT NOT NULL,
            outlet        TEXT,
            published     TEXT,
            url           TEXT,
            title         TEXT,
            raw           TEXT NOT NULL,      -- RawDocument as JSON
            processed     TEXT,               -- Document after the per-document stages, as JSON
            pipeline      TEXT,               -- fingerprint of the stages that made `processed`
            ingested_at   TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE INDEX documents_source ON documents(source_path);
        CREATE INDEX documents_pipeline ON documents(pipeline);

        -- results of the global stages, per document
        CREATE TABLE doc_links (
            doc_id            TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
            syndication_group TEXT,
            origin            TEXT,
            near_duplicates   TEXT NOT NULL DEFAULT '[]',
            lineage           TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX doc_links_group ON doc_links(syndication_group);

        CREATE TABLE events (
            event_id            TEXT PRIMARY KEY,
            event_date          TEXT,
            event_type          TEXT NOT NULL,
            sub_event_type      TEXT NOT NULL,
            actor1              TEXT,
            actor2              TEXT,
            country             TEXT,
            latitude            REAL,
            longitude           REAL,
            fatalities          INTEGER,
            independent_sources INTEGER NOT NULL,
            data                TEXT NOT NULL
        );
        CREATE INDEX events_date ON events(event_date);
        CREATE INDEX events_type ON events(event_type, sub_event_type);
        CREATE INDEX events_geo ON events(latitude, longitude);

        CREATE TABLE event_documents (
            event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
            doc_id   TEXT NOT NULL,
            PRIMARY KEY (event_id, doc_id)
        );
        CREATE INDEX event_documents_doc ON event_documents(doc_id);

        CREATE VIRTUAL TABLE events_fts USING fts5(event_id UNINDEXED, body, tokenize='unicode61');

        CREATE TABLE outlets (
            outlet TEXT PRIMARY KEY,
            data   TEXT NOT NULL
        );

        CREATE TABLE runs (
            run_id      TEXT PRIMARY KEY,
            command     TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            finished_at TEXT,
            config      TEXT NOT NULL,
            summary     TEXT
        );

        CREATE TABLE skipped (
            run_id TEXT NOT NULL,
            path   TEXT NOT NULL,
            line   INTEGER,
            code   TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        """
    )


def _m002_documents_fts(db: sqlite3.Connection) -> None:
    _script(db,
        """
        CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, body, tokenize='unicode61');
        """
    )


def _m003_doc_links_outlet(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE doc_links ADD COLUMN outlet TEXT")


def _m004_event_filter_indexes(db: sqlite3.Connection) -> None:
    """Covering indexes for the API's filtered event queries (3-10x faster on 100 k events)."""
    _script(db, """
        CREATE INDEX events_filter_geo ON events(latitude, longitude, event_date, independent_sources, event_type,
                                                 sub_event_type);
        CREATE INDEX events_filter_type ON events(event_type, sub_event_type, event_date, independent_sources,
                                                  latitude, longitude);
        CREATE INDEX events_filter_date ON events(event_date, latitude, longitude, independent_sources, event_type,
                                                  sub_event_type);
        CREATE INDEX events_actors ON events(actor1, actor2);
    """)


MIGRATIONS: list[Migration] = [
    ("001_initial", _m001_initial),
    ("002_documents_fts", _m002_documents_fts),
    ("003_doc_links_outlet", _m003_doc_links_outlet),
    ("004_event_filter_indexes", _m004_event_filter_indexes),
]


def apply_migrations(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied: list[str] = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            # re-check under the write lock: another process may have applied it meanwhile
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                db.execute("COMMIT")
                continue
            fn(db)
            db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                       (name, datetime.now(UTC).isoformat(timespec="seconds")))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
