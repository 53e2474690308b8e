"""Crash safety (issue 11, part 1).

``frontwatch ingest`` and ``frontwatch analyze`` run on generated documents in a child process and are
killed with SIGKILL at seeded random moments; after every kill the store must be consistent
(storecheck.py), and after a final run without a kill it must hold every document exactly once, with
contents and outputs equal to those of a run that was never interrupted.
"""

from __future__ import annotations

import functools
import json
import logging
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from frontwatch.export import OUTPUT_FILES
from frontwatch.runner import INGEST_BATCH
from tests.reliability.cli import Killed, command, run, run_and_kill
from tests.reliability.corpus import article, write_good_corpus
from tests.reliability.storecheck import StoreState, check_store, count, final_problems

log = logging.getLogger(__name__)

SEED = 11  # seeds the corpora and the kill moments: a failure replays exactly
# Ingest: a few hundred documents in every format plus a feed of short JSON lines, so that reading
# spans dozens of INGEST_BATCH transactions and a kill usually lands between two commits.
INGEST_DOCS, INGEST_FEED = 300, 6_000
INGEST_KILLS = 6
# Analyze: a few hundred documents through every stage, killed once per aim in ANALYZE_AIMS.
ANALYZE_DOCS = 200
BATCH = 16  # --batch-size: small batches put many commits in the window a kill can land in
# Each analyze kill aims at one part of a run, in this order: "any" moment of the command on the fresh
# store (a share between KILL_FROM and KILL_TO of the estimated uninterrupted run, start-up included);
# "reading" (within READING_WINDOW_S of the run being recorded, while inputs are stored); "documents" (inside a
# random batch of the per-document stages, found by polling the store); "global" (after the last
# document was stored: syndication, events, outputs, report). Delays and targets come from SEED. The
# final run finishes what the kills left.
ANALYZE_AIMS = ("any", "reading", "documents", "documents", "global")
KILL_FROM, KILL_TO = 0.1, 0.6
READING_WINDOW_S = 0.3
# The uninterrupted reference run reads this many text files, HTML files and JSON lines of the corpus.
REFERENCE_PER_KIND = 12
# Per-document fields of documents.jsonl that must come out the same whether or not the run was
# interrupted (outlet names, syndication groups and near duplicates depend on the whole corpus).
DOCUMENT_FIELDS = ("doc_id", "title", "url", "published", "published_from", "language", "text", "comments",
                   "removed", "errors", "content_hash", "skipped_stages")
RUNS_SQL = "SELECT count(*) FROM runs"
DOCS_SQL = "SELECT count(*) FROM documents"
PROCESSED_SQL = "SELECT count(*) FROM documents WHERE processed IS NOT NULL"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _landed(before: StoreState, after: StoreState, kill: Killed, n_docs: int) -> str:
    """Where a kill landed, from what the store held before and after it."""
    if not kill.killed:
        return "after the command had finished"
    if after.runs == before.runs:
        return "start-up (nothing written yet)"
    if after.documents < n_docs:
        return "reading inputs"
    if after.processed == 0 and after.finished_runs == before.finished_runs:
        return "all documents stored, none processed yet"
    if after.processed < after.documents:
        return "per-document stages"
    if after.finished_runs == before.finished_runs:
        return "global stages, outputs or report"
    return "after the run was recorded"


def _above(db: Path, sql: str, value: int) -> bool:
    return count(db, sql) > value


def _check(db: Path, ids: frozenset[str], what: str) -> StoreState:
    state = check_store(db, ids, ingest_batch=INGEST_BATCH, process_batch=BATCH)
    assert not state.problems, f"after {what}: " + "; ".join(state.problems)
    return state


def _raw_rows(db: Path) -> set[tuple[str, str, str]]:
    con = sqlite3.connect(str(db))
    try:
        return set(con.execute("SELECT doc_id, content_hash, raw FROM documents"))
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_crash_safety_ingest_killed_mid_batch_keeps_every_document_once(tmp_path: Path) -> None:
    corpus = write_good_corpus(tmp_path / "in", INGEST_DOCS, SEED)
    rng = random.Random(SEED)
    with open(corpus.folder / "feed-bulk.jsonl", "w", encoding="utf-8") as f:
        for i in range(INGEST_FEED):
            f.write(json.dumps({"id": f"bulk{i:05d}", "text": article(rng, i)}) + "\n")
    ids = corpus.doc_ids | {f"bulk{i:05d}" for i in range(INGEST_FEED)}
    logs = tmp_path / "logs"
    logs.mkdir()
    started = time.perf_counter()
    ref = run(command("ingest", str(corpus.folder), "--db", str(tmp_path / "ref.db"), "-q"), logs / "ref.log")
    assert ref.returncode == 0, ref.output
    db = tmp_path / "fw.db"
    landed: Counter[str] = Counter()
    state = StoreState()
    for i in range(INGEST_KILLS):
        delay = rng.uniform(KILL_FROM, 1.0) * ref.wall_s
        kill = run_and_kill(command("ingest", str(corpus.folder), "--db", str(db), "-q"), delay,
                            logs / f"ingest-{i}.log")
        after = _check(db, ids, f"ingest killed at {delay:.2f} s")
        landed[_landed(state, after, kill, len(ids))] += 1
        state = after
    final = run(command("ingest", str(corpus.folder), "--db", str(db), "-q"), logs / "final.log")
    assert final.returncode == 0, final.output
    _check(db, ids, "the final ingest")
    assert _raw_rows(db) == _raw_rows(tmp_path / "ref.db")
    log.warning("ingest kill test: %d kills (%s), %d documents in %d-document transactions, reference ingest "
                "%.1f s, test %.1f s", INGEST_KILLS, dict(landed), len(ids), INGEST_BATCH, ref.wall_s,
                time.perf_counter() - started)


def _sample_corpus(corpus: Path, dest: Path, per_kind: int) -> None:
    """The first ``per_kind`` text files, HTML files and JSON lines of ``corpus``: the same documents (same
    ids, same content) for a small uninterrupted reference run."""
    dest.mkdir(parents=True)
    for pattern in ("txt*.txt", "html*.html"):
        for path in sorted(corpus.glob(pattern))[:per_kind]:
            (dest / path.name).write_bytes(path.read_bytes())
    lines = (corpus / "feed.jsonl").read_text(encoding="utf-8").splitlines()[:per_kind]
    (dest / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _output_bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES if name not in ("summary.json", "report.html")}


@pytest.mark.slow
@pytest.mark.timeout(400)
@pytest.mark.usefixtures("gazetteer_built")
def test_crash_safety_analyze_killed_then_rerun_gives_the_uninterrupted_outputs(tmp_path: Path) -> None:
    corpus = write_good_corpus(tmp_path / "in", ANALYZE_DOCS, SEED)
    ids = corpus.doc_ids
    logs = tmp_path / "logs"
    logs.mkdir()
    started = time.perf_counter()

    # The reference: a sample of the same documents, never interrupted. Its timings place the kills.
    ref = tmp_path / "ref"
    _sample_corpus(corpus.folder, tmp_path / "sample", REFERENCE_PER_KIND)
    reference = run(command("analyze", str(tmp_path / "sample"), "--out", str(ref), "-q", "--batch-size",
                            str(BATCH)), logs / "ref.log")
    assert reference.returncode == 0, reference.output
    timings = json.loads((ref / "summary.json").read_text())["timings_s"]
    per_doc_s = timings["documents"] / (3 * REFERENCE_PER_KIND)
    batch_s = per_doc_s * BATCH  # one batch of the per-document stages
    tail_s = max(0.5, timings["total"] - timings["ingest"] - timings["documents"])  # global stages to report
    whole_s = reference.wall_s - timings["documents"] + per_doc_s * ANALYZE_DOCS  # estimated uninterrupted run

    rng = random.Random(SEED)
    out = tmp_path / "crash"
    db = out / "frontwatch.db"
    args = ["analyze", str(corpus.folder), "--out", str(out), "-q", "--batch-size", str(BATCH)]
    aims = ANALYZE_AIMS
    landed: Counter[str] = Counter()
    state = StoreState()
    for i, aim in enumerate(aims):
        until: Callable[[], bool] | None = None
        if aim == "any":
            delay = rng.uniform(KILL_FROM, KILL_TO) * whole_s
        elif aim == "reading":
            delay = rng.uniform(0, READING_WINDOW_S)
            until = functools.partial(_above, db, RUNS_SQL, state.runs)
        elif aim == "documents" and state.processed < ANALYZE_DOCS - 1:
            target = rng.randint(state.processed + 1, ANALYZE_DOCS - 1)
            delay = rng.uniform(0, batch_s)
            until = functools.partial(_above, db, PROCESSED_SQL, target - 1)
        else:
            delay = rng.uniform(0, tail_s)
            until = functools.partial(_above, db, PROCESSED_SQL, ANALYZE_DOCS - 1)
        kill = run_and_kill(command(*args), delay, logs / f"analyze-{i}.log", until)
        after = _check(db, ids, f"analyze kill {i} (aimed at {aim}, {delay:.2f} s after the aim)")
        landed[_landed(state, after, kill, ANALYZE_DOCS)] += 1
        state = after

    final = run(command(*args), logs / "final.log")
    assert final.returncode == 0, final.output
    _check(db, ids, "the final run")
    assert not final_problems(db, ids)
    for name in OUTPUT_FILES:
        assert (out / name).is_file(), f"{name} missing after the final run"
    assert not list(out.glob("*.tmp")), "a temporary output file was left behind"
    docs = {d["doc_id"]: d for d in _lines(out / "documents.jsonl")}
    assert len(docs) == len(_lines(out / "documents.jsonl")) == ANALYZE_DOCS and set(docs) == ids
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == summary["documents_analysed"] == ANALYZE_DOCS and not summary["skipped"]

    # Each document's own results are those of the uninterrupted run ...
    ref_docs = _lines(ref / "documents.jsonl")
    assert len(ref_docs) == 3 * REFERENCE_PER_KIND
    for ref_doc in ref_docs:
        got = docs[ref_doc["doc_id"]]
        assert {k: got[k] for k in DOCUMENT_FIELDS} == {k: ref_doc[k] for k in DOCUMENT_FIELDS}, ref_doc["doc_id"]
    sample = {d["doc_id"] for d in ref_docs}
    places = [p for p in _lines(out / "places.jsonl") if p["doc_id"] in sample]
    assert places == _lines(ref / "places.jsonl")

    # ... and a re-run is idempotent: nothing re-processed, the same outputs byte for byte.
    before = _output_bytes(out)
    again = run(command(*args, "--json"), logs / "again.log")
    assert again.returncode == 0, again.output
    assert json.loads(again.output[again.output.index("{"):])["documents_processed_this_run"] == 0
    assert _output_bytes(out) == before
    log.warning("analyze kill test: %d kills (%s), %d documents in batches of %d, final run %.1f s, idempotent "
                "re-run %.1f s, test %.1f s", len(aims), dict(landed), ANALYZE_DOCS, BATCH, final.wall_s,
                again.wall_s, time.perf_counter() - started)
