"""api/cache.py: answers rebuilt when the database changes, once for many waiting requests."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from frontwatch.api.cache import SnapshotCache, change_token
from frontwatch.store.db import Store


def _write(path: Path, n: int) -> None:
    with Store(path) as store, store.transaction() as db:
        db.execute("INSERT INTO outlets (outlet, data) VALUES (?, '{}')", (f"o{n}",))


def test_cache_rebuilds_only_after_a_write(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    Store(path).close()
    cache = SnapshotCache(path, max_stale_s=0)
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    assert cache.get("x", build) == 1 and cache.get("x", build) == 1
    token = change_token(path)
    _write(path, 1)
    assert change_token(path) != token
    assert cache.get("x", build) == 2 and len(builds) == 2


def test_cache_waiting_requests_share_one_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    Store(path).close()
    cache = SnapshotCache(path, max_stale_s=0)
    builds: list[int] = []
    written = [0]

    def slow_build() -> int:
        builds.append(1)
        written[0] += 1
        _write(path, written[0])  # the store changes during every build
        time.sleep(0.05)
        return len(builds)

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("x", slow_build))) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 10
    assert len(builds) <= 3  # not one per waiting request


def test_cache_serves_a_young_value_after_an_outside_write(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    Store(path).close()
    cache = SnapshotCache(path, max_stale_s=60)
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    assert cache.get("x", build) == 1
    _write(path, 1)
    assert cache.get("x", build) == 1  # younger than max_stale_s
    cache.clear()  # what the API's own writer does after each commit
    assert cache.get("x", build) == 2
