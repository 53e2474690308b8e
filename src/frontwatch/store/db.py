"""The embedded store: one SQLite file in WAL mode, one writer, many readers.

Every write goes through :meth:`Store.transaction` (``BEGIN IMMEDIATE``), so a crash leaves either
the whole batch or none of it. Readers (the API, exports) open their own connections.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from frontwatch.errors import Code, StoreError
from frontwatch.store.migrations import apply_migrations

BUSY_TIMEOUT_MS = 60_000  # how long a connection waits for the write lock before "database is locked"


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the project's pragmas; ``readonly`` opens the file read-only (API readers)."""
    p = Path(path)
    try:
        if readonly:
            db = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                 check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            p.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(p), isolation_level=None, check_same_thread=False,
                                 timeout=BUSY_TIMEOUT_MS / 1000)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot open database {p}: {exc}", Code.STORE) from exc
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"database {p} could not be switched to WAL mode (got {mode})")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


class Store:
    """The writer's handle on a frontwatch database."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = connect(self.path)
        self._lock = threading.RLock()
        try:
            apply_migrations(self.db)
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{self.path} is not a usable frontwatch database: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write (``BEGIN IMMEDIATE`` ... ``COMMIT``); rolled back on any exception."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])
