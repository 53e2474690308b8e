"""The gazetteer's SQLite schema and the writer shared by the bundled build and user imports.

All gazetteer SQL lives here and in :mod:`frontwatch.geo.gazetteer` (the read side): the gazetteer is a
build artefact under ``settings.resolved_home()``, not part of a run's store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from frontwatch.geo.entry import Entry
from frontwatch.geo.normalize import name_key, skeleton_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    pid INTEGER PRIMARY KEY,
    geonameid INTEGER,
    name TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    country TEXT,
    admin1 TEXT,
    admin1_code TEXT,
    admin2 TEXT,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    layer TEXT NOT NULL,
    quality REAL NOT NULL DEFAULT 1.0,
    source TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    pid INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    PRIMARY KEY (key, pid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skeletons (
    skel TEXT NOT NULL,
    pid INTEGER NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (skel, pid, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS heads (
    head TEXT PRIMARY KEY,
    max_tokens INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    rows INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS places_geonameid ON places(geonameid);
CREATE INDEX IF NOT EXISTS places_latitude ON places(latitude);
CREATE INDEX IF NOT EXISTS places_code ON places(feature_code, country);
"""
# Rows per executemany batch while writing.
BATCH = 20_000


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.executescript(SCHEMA)
    return conn


class Writer:
    """Writes entries (places, their name keys and heads) into a gazetteer database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        row = conn.execute("SELECT COALESCE(MAX(pid), 0) FROM places").fetchone()
        self.next_pid = int(row[0]) + 1
        self.places: list[tuple[object, ...]] = []
        self.names: list[tuple[str, int, int]] = []
        self.skeletons: list[tuple[str, int, str]] = []
        self.heads: dict[str, int] = {}
        self.count = 0

    def add(self, entry: Entry) -> int:
        pid = self.next_pid
        self.next_pid += 1
        self.places.append((pid, entry.geonameid, entry.name, entry.latitude, entry.longitude, entry.country,
                            entry.admin1, entry.admin1_code, entry.admin2, entry.feature_class, entry.feature_code,
                            entry.population, entry.layer, entry.quality, entry.source))
        self.add_names(pid, entry.names or ((entry.name, 0),))
        self.count += 1
        if len(self.places) >= BATCH:
            self.flush()
        return pid

    def add_names(self, pid: int, names: Iterable[tuple[str, int]]) -> None:
        best: dict[str, int] = {}
        skels: set[tuple[str, str]] = set()
        for name, kind in names:
            key = name_key(name)
            if not key:
                continue
            if key not in best or kind < best[key]:
                best[key] = kind
            skel = skeleton_key(name)
            if skel:
                skels.add((skel, key))
        for key, kind in best.items():
            self.names.append((key, pid, kind))
            head, _, _ = key.partition(" ")
            n = key.count(" ") + 1
            if n > self.heads.get(head, 0):
                self.heads[head] = n
        self.skeletons.extend((s, pid, k) for s, k in skels)

    def flush(self) -> None:
        c = self.conn
        c.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        c.executemany("INSERT OR REPLACE INTO names VALUES (?,?,?)", self.names)
        c.executemany("INSERT OR IGNORE INTO skeletons VALUES (?,?,?)", self.skeletons)
        self.places, self.names, self.skeletons = [], [], []

    def finish(self) -> None:
        self.flush()
        self.conn.executemany(
            "INSERT INTO heads VALUES (?, ?) "
            "ON CONFLICT(head) DO UPDATE SET max_tokens = MAX(max_tokens, excluded.max_tokens)",
            list(self.heads.items()),
        )
        self.heads = {}
        self.conn.executescript(INDEXES)
        self.conn.commit()


def set_meta(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(values.items()))
    conn.commit()


def get_meta(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
