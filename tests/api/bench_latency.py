"""Latency of the API on N synthetic events (issue 9: "a filtered query on 100 k synthetic events").

    python -m tests.api.bench_latency --events 100000 --repeat 300 [--json out.json]

Builds a database of N events in a temporary directory, starts ``frontwatch serve`` in another process,
then sends each query kind ``--repeat`` times, one at a time over one keep-alive connection, with
parameters drawn at random (seeded), and prints p50/p95/p99 per kind as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from frontwatch.store.db import Store
from tests.api.loadgen import Result, filtered_event_query, summary
from tests.api.server import served
from tests.api.synthetic import ACTORS, TOWNS, TYPES, store_events

log = logging.getLogger(__name__)
# The covering indexes proposed to the lead as migration 004 (docs/api.md): every event filter column in
# one index per leading column, so counts and page selection never read the wide `data` rows.
PROPOSED_INDEXES = (
    "CREATE INDEX IF NOT EXISTS events_filter_geo ON events(latitude, longitude, event_date, independent_sources,"
    " event_type, sub_event_type)",
    "CREATE INDEX IF NOT EXISTS events_filter_type ON events(event_type, sub_event_type, event_date,"
    " independent_sources, latitude, longitude)",
    "CREATE INDEX IF NOT EXISTS events_filter_date ON events(event_date, latitude, longitude, independent_sources,"
    " event_type, sub_event_type)",
    "CREATE INDEX IF NOT EXISTS events_actors ON events(actor1, actor2)",
)
Query = Callable[[random.Random, list[str]], tuple[str, dict[str, Any]]]

QUERIES: dict[str, Query] = {
    "filtered (bbox + dates + type + min_sources)": lambda rng, ids: ("/api/events", filtered_event_query(rng)),
    "date range only": lambda rng, ids: ("/api/events", {"date_from": f"2024-0{rng.randint(1, 6)}-01",
                                                          "date_to": f"2024-0{rng.randint(7, 9)}-15"}),
    "event_type + min_sources": lambda rng, ids: ("/api/events", {"event_type": rng.choice(TYPES)[0],
                                                                 "min_sources": 3}),
    "actor substring": lambda rng, ids: ("/api/events", {"actor": rng.choice(ACTORS)[:10]}),
    "full text q (+ date_from)": lambda rng, ids: ("/api/events", {"q": rng.choice(TOWNS).name.split()[0],
                                                                  "date_from": "2024-01-01"}),
    "no filter, deep page": lambda rng, ids: ("/api/events", {"offset": rng.randint(0, max(0, len(ids) - 50))}),
    "one event by id": lambda rng, ids: (f"/api/events/{rng.choice(ids)}", {}),
}


def add_proposed_indexes(db: Path) -> None:
    with Store(db) as store, store.transaction() as conn:
        for statement in PROPOSED_INDEXES:
            conn.execute(statement)
        conn.execute("ANALYZE")


def run(n_events: int, repeat: int, seed: int, workdir: Path, indexes: bool = False) -> dict[str, Any]:
    db = workdir / "bench.db"
    t = time.perf_counter()
    events = store_events(db, n_events, seed=seed)
    if indexes:
        add_proposed_indexes(db)
    fill_s = time.perf_counter() - t
    ids = [e.event_id for e in events]
    del events
    rng = random.Random(seed)
    results: list[Result] = []
    counts: dict[str, list[int]] = {}
    with served(db, workdir / "server.log") as server, httpx.Client(base_url=server.url, timeout=60) as client:
        for name, make in QUERIES.items():
            for i in range(repeat + 5):
                path, params = make(rng, ids)
                started = time.perf_counter()
                r = client.get(path, params=params)
                elapsed = time.perf_counter() - started
                if r.status_code != 200:
                    raise RuntimeError(f"{name}: {r.status_code} {r.text[:300]}")
                if i >= 5:  # the first few warm the page cache and the server's code paths
                    results.append(Result(name, r.status_code, elapsed, None))
                    if "count" in r.json():
                        counts.setdefault(name, []).append(int(r.json()["count"]))
    stats = summary(results)
    return {"events": n_events, "repeat": repeat, "indexes": indexes, "fill_seconds": round(fill_s, 1),
            "latency": stats,
            "median_matches": {k: sorted(v)[len(v) // 2] for k, v in counts.items()}}


def table(report: dict[str, Any]) -> str:
    lines = ["| query | matches (median) | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for name, s in report["latency"].items():
        if name == "all":
            continue
        lines.append(f"| {name} | {report['median_matches'].get(name, 1)} | {s['p50_ms']} | {s['p95_ms']} | "
                     f"{s['p99_ms']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here too")
    parser.add_argument("--with-indexes", action="store_true", help="add the proposed covering indexes first")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fw-bench-") as tmp:
        report = run(args.events, args.repeat, args.seed, Path(tmp), indexes=args.with_indexes)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    sys.stdout.write(f"{args.events:,} events (filled in {report['fill_seconds']} s), {args.repeat} requests per "
                     f"query, sequential over one keep-alive connection, proposed indexes: {args.with_indexes}\n\n"
                     + table(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
