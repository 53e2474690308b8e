"""Concurrent request mixes against a running server, and their latency distribution (load test and
benchmark)."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from tests.api.synthetic import ACTORS, TOWNS, TYPES


@dataclass(frozen=True, slots=True)
class Call:
    category: str
    method: str
    path: str
    params: dict[str, Any] | None = None
    body: Any = None


@dataclass(frozen=True, slots=True)
class Result:
    category: str
    status: int
    seconds: float
    problem: str | None  # transport error, 5xx body or "database is locked"


def _lon(x: float) -> float:
    return (x + 180) % 360 - 180  # a box past 180 degrees wraps to one across the antimeridian


def _bbox(rng: random.Random) -> str:
    town = rng.choice(TOWNS)
    d = rng.choice((0.5, 2.0, 6.0))
    lat0, lat1 = max(-90.0, town.latitude - d), min(90.0, town.latitude + d)
    return f"{_lon(town.longitude - d):.3f},{lat0:.3f},{_lon(town.longitude + d):.3f},{lat1:.3f}"


def filtered_event_query(rng: random.Random) -> dict[str, Any]:
    """The benchmark's "filtered query": a box, a date range, an event type and a minimum of sources."""
    year = rng.choice((2023, 2024))
    month = rng.randint(1, 10)
    return {"bbox": _bbox(rng), "date_from": f"{year}-{month:02d}-01", "date_to": f"{year}-{month + 2:02d}-28",
            "event_type": rng.choice(TYPES)[0], "min_sources": rng.choice((1, 2)), "limit": 50}


def read_mix(rng: random.Random, n: int, event_ids: Sequence[str], doc_ids: Sequence[str],
             posts: int = 0, tag: str = "") -> list[Call]:
    calls: list[Call] = []
    kinds = ["events_filtered"] * 30 + ["events_fts"] * 10 + ["events_actor"] * 10 + ["event_item"] * 10 + \
        ["documents_q"] * 10 + ["document_item"] * 10 + ["documents_list"] * 5 + ["places"] * 5 + \
        ["outlets"] * 4 + ["index"] * 4 + ["report_data"] * 2
    for _ in range(n - posts):
        kind = rng.choice(kinds)
        if kind == "events_filtered":
            calls.append(Call(kind, "GET", "/api/events", filtered_event_query(rng)))
        elif kind == "events_fts":
            calls.append(Call(kind, "GET", "/api/events", {"q": rng.choice(TOWNS).name.split()[0], "limit": 50}))
        elif kind == "events_actor":
            calls.append(Call(kind, "GET", "/api/events", {"actor": rng.choice(ACTORS)[:8], "limit": 50}))
        elif kind == "event_item":
            calls.append(Call(kind, "GET", f"/api/events/{rng.choice(event_ids)}"))
        elif kind == "documents_q":
            calls.append(Call(kind, "GET", "/api/documents", {"q": rng.choice(("army", "market", "drone", "Gao"))}))
        elif kind == "document_item":
            calls.append(Call(kind, "GET", f"/api/documents/{rng.choice(doc_ids)}"))
        elif kind == "documents_list":
            calls.append(Call(kind, "GET", "/api/documents", {"offset": rng.randint(0, 200), "limit": 50}))
        elif kind == "places":
            calls.append(Call(kind, "GET", "/api/places", {"bbox": _bbox(rng)}))
        elif kind == "outlets":
            calls.append(Call(kind, "GET", "/api/outlets"))
        elif kind == "index":
            calls.append(Call(kind, "GET", "/api"))
        else:
            calls.append(Call(kind, "GET", "/api/report-data"))
    for i in range(posts):
        body = [{"id": f"post-{tag}-{i}-{k}", "outlet": "Load Wire", "title": f"Posted {i}",
                 "text": f"Shelling hit {rng.choice(TOWNS).name} overnight, witnesses said ({tag} {i} {k})."}
                for k in range(2)]
        calls.append(Call("post", "POST", "/api/documents", body=body))
    rng.shuffle(calls)
    return calls


async def _one(client: httpx.AsyncClient, call: Call) -> Result:
    started = time.perf_counter()
    try:
        r = await client.request(call.method, call.path, params=call.params, json=call.body)
    except httpx.HTTPError as exc:
        return Result(call.category, 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - started
    problem = None
    if r.status_code >= 500 or "database is locked" in r.text[:100_000]:
        problem = f"{r.status_code}: {r.text[:300]}"
    return Result(call.category, r.status_code, elapsed, problem)


async def fire(base_url: str, calls: Sequence[Call], timeout_s: float = 300.0) -> list[Result]:
    """Send every call at once (one connection each) and wait for all answers."""
    limits = httpx.Limits(max_connections=len(calls), max_keepalive_connections=len(calls))
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout_s) as client:
        return list(await asyncio.gather(*(_one(client, c) for c in calls)))


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(results: Sequence[Result]) -> dict[str, dict[str, float]]:
    """p50/p95/p99/max in milliseconds and counts, overall and per category."""
    groups: dict[str, list[float]] = {"all": [r.seconds for r in results]}
    for r in results:
        groups.setdefault(r.category, []).append(r.seconds)
    return {name: {"n": len(v), "p50_ms": round(percentile(v, 50) * 1000, 1),
                   "p95_ms": round(percentile(v, 95) * 1000, 1), "p99_ms": round(percentile(v, 99) * 1000, 1),
                   "max_ms": round(max(v) * 1000, 1)} for name, v in groups.items()}
