"""A cache of whole-store answers (the report payload, the UI page), rebuilt when the database changes.

The report payload reads every document and event: building it for each of many concurrent requests
would repeat the same work. Each answer is keyed on a change token, the size and modification time of
the database file and of its WAL file (any committed write changes one of them). A request is answered
with a value at least as fresh as the store was when the request arrived: requests that waited for a
rebuild take its result even if another write landed meanwhile, so a steady stream of writes costs one
rebuild at a time, not one per waiting request; and a value younger than ``max_stale_s`` is served even
after another process wrote (the API's own writes clear the cache, so they show at once).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

Token = tuple[int, ...]
T = TypeVar("T")
# How old a cached whole-store answer may be when another process has written since: rebuilding the report
# payload costs ~1 s of CPU per 1,000 documents + 5,000 events (measured), and a process ingesting in small
# batches commits several times a second; 2 s keeps the live report current to the eye at a bounded cost.
MAX_STALE_S = 2.0


def change_token(db_path: Path) -> Token:
    parts: list[int] = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(str(db_path) + suffix)
        except OSError:
            parts += [-1, -1]
            continue
        parts += [st.st_mtime_ns, st.st_size]
    return tuple(parts)


@dataclass(frozen=True, slots=True)
class _Entry:
    token: Token  # the store's token when the build started
    started: float  # time.monotonic() when the build started
    generation: int  # clear() count when the build started: a build older than the last clear() is void
    value: Any


class SnapshotCache:
    """One cached value per name; concurrent requests for a stale name wait for a single rebuild."""

    def __init__(self, db_path: Path, max_stale_s: float = MAX_STALE_S) -> None:
        self.db_path = db_path
        self.max_stale_s = max_stale_s
        self._values: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._generation = 0

    def _lock(self, name: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    def get(self, name: str, build: Callable[[], T]) -> T:
        arrived = time.monotonic()
        hit = self._valid(name)
        if hit is not None and (arrived - hit.started < self.max_stale_s or hit.token == change_token(self.db_path)):
            return cast(T, hit.value)
        with self._lock(name):
            hit = self._valid(name)
            if hit is not None and (hit.started >= arrived or hit.token == change_token(self.db_path)):
                return cast(T, hit.value)  # built after this request arrived, or nothing changed since
            started, token, generation = time.monotonic(), change_token(self.db_path), self._generation
            value = build()
            self._values[name] = _Entry(token, started, generation, value)
            return value

    def _valid(self, name: str) -> _Entry | None:
        hit = self._values.get(name)
        return hit if hit is not None and hit.generation == self._generation else None

    def clear(self) -> None:
        """Forget every answer, including those being built now (called after the API's own writes)."""
        with self._guard:
            self._generation += 1
            self._values.clear()
