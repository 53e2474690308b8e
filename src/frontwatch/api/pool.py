"""Read-only SQLite connections for the API's request threads.

Each request borrows one read-only connection (``store.db.connect(path, readonly=True)``) and runs its
queries in one read transaction, so a listing's count and page come from the same snapshot even while
another process writes. In WAL mode readers never wait for the writer, nor the writer for readers.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from frontwatch.store.db import connect
from frontwatch.store.read import register_functions

log = logging.getLogger(__name__)

# Idle connections kept for reuse. Starlette runs sync routes on anyio's 40-thread pool, so more than
# 40 are never busy at once; 32 idle ones cover a sustained load without holding file handles forever.
MAX_IDLE_READERS = 32


class ReadPool:
    """A small pool of read-only connections to one database file."""

    def __init__(self, path: str | Path, max_idle: int = MAX_IDLE_READERS) -> None:
        self.path = Path(path)
        self.max_idle = max_idle
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _open(self) -> sqlite3.Connection:
        db = connect(self.path, readonly=True)
        register_functions(db)
        return db

    def _take(self) -> sqlite3.Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._open()

    def _give(self, db: sqlite3.Connection) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self.max_idle:
                self._idle.append(db)
                return
        db.close()

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A connection inside one read transaction, returned to the pool afterwards."""
        db = self._take()
        try:
            db.execute("BEGIN")
            try:
                yield db
            finally:
                if db.in_transaction:  # nothing was written: ending the read transaction is all it does
                    db.execute("ROLLBACK")
        except sqlite3.Error:
            db.close()  # a connection that failed mid-use is not reused
            raise
        except BaseException:
            self._give(db)
            raise
        self._give(db)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()
