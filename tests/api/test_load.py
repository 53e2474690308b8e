"""Load (issue 11 part 4): ~200 concurrent requests at a time from this process against `frontwatch serve`
in another, while a third process ingests and analyses 1,000 documents into the same database.
Zero "database is locked", zero 5xx; the latency distribution is logged (and written to
$FRONTWATCH_LOAD_REPORT when set). Marked ``load``: ``pytest -m load tests/api``."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.api.loadgen import fire, read_mix, summary
from tests.api.server import served
from tests.api.synthetic import TOWNS, make_document, store_documents, store_events
from tests.conftest import ROOT

pytestmark = pytest.mark.load
log = logging.getLogger(__name__)

N_EVENTS = 5_000
N_INITIAL_DOCS = 60
N_INGESTED = 1_000
FILES = 50  # the writer's input: 50 files of 20 documents
CONCURRENCY = 200  # requests in flight at once (one wave)
POSTS_PER_WAVE = 4  # of them POST /api/documents (2 records each): the server's writer competes too
MIN_WAVES, MAX_WAVES = 3, 40
WORDS = ("the", "army", "said", "fighters", "attacked", "a", "checkpoint", "near", "town", "residents", "fled",
         "witnesses", "reported", "drones")


def _article(rng: random.Random, i: int) -> dict[str, str]:
    town = rng.choice(TOWNS)
    body = " ".join(rng.choice(WORDS) for _ in range(80))
    return {"id": f"load-{i}", "outlet": rng.choice(("Sahel Wire", "Desert Courier")), "published": "2024-02-03",
            "title": f"Report {i} from {town.name}", "text": f"Fighting near {town.name}. {body.capitalize()}."}


def test_load_concurrent_requests_while_another_process_ingests(tmp_path: Path) -> None:
    rng = random.Random(11)
    db = tmp_path / "fw.db"
    events = store_events(db, N_EVENTS, seed=9)
    store_documents(db, [make_document(f"seed-{i}", outlet="Sahel Wire", title=f"Seed {i}", published="2024-01-05",
                                       text=f"The army shelled positions near {TOWNS[i % len(TOWNS)].name} at the "
                                            f"market. Report {i}.", places=((TOWNS[i % len(TOWNS)].name,
                                                                             TOWNS[i % len(TOWNS)]),))
                         for i in range(N_INITIAL_DOCS)])
    files = []
    per_file = N_INGESTED // FILES
    for f in range(FILES):
        path = tmp_path / f"batch-{f:02d}.jsonl"
        path.write_text("".join(json.dumps(_article(rng, f * per_file + k)) + "\n" for k in range(per_file)),
                        encoding="utf-8")
        files.append(str(path))
    event_ids = [e.event_id for e in events]
    doc_ids = [f"seed-{i}" for i in range(N_INITIAL_DOCS)]
    results = []
    with served(db, tmp_path / "server.log") as server:
        writer = subprocess.Popen([sys.executable, "-m", "tests.api.load_writer", str(db), *files], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        waves = 0
        while waves < MIN_WAVES or (writer.poll() is None and waves < MAX_WAVES):
            calls = read_mix(rng, CONCURRENCY, event_ids, doc_ids, posts=POSTS_PER_WAVE, tag=str(waves))
            results += asyncio.run(fire(server.url, calls))
            waves += 1
        during = writer.poll() is None
        out, err = writer.communicate(timeout=600)
        total_docs = httpx.get(server.url + "/api/documents", params={"limit": 1}).json()["count"]
        server_log = server.log()
    stats = summary(results)
    report = {"waves": waves, "requests": len(results), "writer": json.loads(out.decode().strip().splitlines()[-1]),
              "writer_still_running_after_last_wave": during, "latency": stats}
    log.warning("load test: %s", json.dumps(report))
    if target := os.environ.get("FRONTWATCH_LOAD_REPORT"):
        Path(target).write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert writer.returncode == 0, err.decode()[-2000:]
    assert report["writer"]["added"] == N_INGESTED and report["writer"]["errors"] == []
    problems = [r for r in results if r.problem]
    assert problems == [], problems[:5]
    assert not [r for r in results if r.status >= 500]
    assert "database is locked" not in server_log and "Traceback" not in server_log, server_log[-3000:]
    posted = 2 * POSTS_PER_WAVE * waves
    assert total_docs == N_INITIAL_DOCS + N_INGESTED + posted
