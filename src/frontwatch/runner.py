"""The library entry points behind the CLI: ``ingest`` and ``analyze``.

``analyze`` = ingest the inputs into the store, run the per-document stages on every stored document
that lacks current results, run the global stages over the whole store (the store is the corpus),
then write the output contract to ``out_dir``.
"""

from __future__ import annotations

import logging
import platform
import secrets
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from frontwatch import __version__
from frontwatch.config import Settings
from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.ingest import apply_meta, expand_inputs, load_meta, read_source
from frontwatch.pipeline.ingest.meta import MetaEntry
from frontwatch.pipeline.ingest.sources import Source
from frontwatch.records import RawDocument, Skip
from frontwatch.store import queries
from frontwatch.store.db import Store

log = logging.getLogger(__name__)

INGEST_BATCH = 200  # documents per ingest transaction


class Progress(Protocol):
    """What the runner reports while it works (the CLI draws progress bars from it)."""

    def start(self, task: str, total: int | None) -> None: ...
    def advance(self, task: str, n: int = 1) -> None: ...
    def finish(self, task: str) -> None: ...
    def skipped(self, skip: Skip) -> None: ...


class NullProgress:
    def start(self, task: str, total: int | None) -> None:
        pass

    def advance(self, task: str, n: int = 1) -> None:
        pass

    def finish(self, task: str) -> None:
        pass

    def skipped(self, skip: Skip) -> None:
        pass


@dataclass
class IngestResult:
    sources: int = 0
    records: int = 0
    status: Counter[str] = field(default_factory=Counter)
    skipped: list[Skip] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "records_read": self.records,
            "added": self.status["added"],
            "updated": self.status["updated"],
            "renamed": self.status["renamed"],
            "duplicates": self.status["duplicate"],
            "skipped": len(self.skipped),
        }


@dataclass
class RunResult:
    run_id: str
    summary: dict[str, Any]
    out_dir: Path | None
    db_path: Path
    analysed: int

    @property
    def exit_code(self) -> int:
        return 0 if self.analysed > 0 else 2


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _iter_raw(inputs: list[str], settings: Settings, result: IngestResult, progress: Progress,
              meta: dict[str, MetaEntry], stdin: IO[bytes] | None) -> Iterator[RawDocument]:
    for item in expand_inputs(inputs):
        if isinstance(item, Skip):
            result.skipped.append(item)
            progress.skipped(item)
            continue
        result.sources += 1
        for rec in read_source(item, settings, stdin=stdin if isinstance(item, Source) else None):
            if isinstance(rec, Skip):
                result.skipped.append(rec)
                progress.skipped(rec)
                continue
            result.records += 1
            yield apply_meta(rec, meta) if meta else rec


def ingest(inputs: list[str], store: Store, settings: Settings, *, meta_path: str | None = None,
           progress: Progress | None = None, stdin: IO[bytes] | None = None) -> IngestResult:
    """Read every input into the store, in transactions of ``INGEST_BATCH`` documents."""
    progress = progress or NullProgress()
    started = time.perf_counter()
    result = IngestResult()
    meta = load_meta(meta_path) if meta_path else {}
    progress.start("reading", None)
    batch: list[RawDocument] = []

    def flush() -> None:
        with store.transaction() as db:
            for r in queries.add_raw_documents(db, batch):
                result.status[r.status] += 1
                result.doc_ids.append(r.doc_id)
        progress.advance("reading", len(batch))
        batch.clear()

    for raw in _iter_raw(inputs, settings, result, progress, meta, stdin):
        batch.append(raw)
        if len(batch) >= INGEST_BATCH:
            flush()
    if batch:
        flush()
    progress.finish("reading")
    result.seconds = time.perf_counter() - started
    return result


def document_executor(settings: Settings) -> Any:
    """The executor for the per-document stages; the local process pool gets the parent's side work."""
    from frontwatch.execution import get_executor

    executor = get_executor(settings)
    if hasattr(executor, "while_workers_run"):  # the local process pool: the parent only waits on it
        executor.while_workers_run = warm_global_stages
    return executor


def process_documents(store: Store, settings: Settings, ctx: RunContext, progress: Progress,
                      executor: Any = None) -> int:
    """Run the per-document stages on every document lacking current results; returns how many.
    ``executor``: one made by :func:`document_executor` (a local pool may already be started)."""
    executor = executor or document_executor(settings)
    fingerprint = executor.fingerprint(ctx)
    total = queries.count_pending(store.db, fingerprint)
    if total == 0:
        if hasattr(executor, "close"):
            executor.close()
        return 0
    progress.start("analysing", total)
    done = 0

    def save(docs: list[Any]) -> None:
        nonlocal done
        with store.transaction() as db:
            queries.save_processed(db, docs, fingerprint)
        done += len(docs)
        progress.advance("analysing", len(docs))

    if hasattr(executor, "start"):  # the local executor: knowing the total, it cuts the last batches smaller
        executor.map_documents(queries.iter_pending_raw(store.db, fingerprint), ctx, save, total=total)
    else:
        executor.map_documents(queries.iter_pending_raw(store.db, fingerprint), ctx, save)
    progress.finish("analysing")
    return done


def warm_global_stages() -> None:
    """Import and load what the global stages, exports and report read (datasketch and scipy for
    syndication, the outlet dictionary, the framing lexicons, the actor dictionary): with a process pool
    the parent does it while the workers run (~1.5 CPU s that was serial after them).
    Every loader is cached per process; a failure here is left for the global stages to report."""
    try:
        import frontwatch.export
        import frontwatch.pipeline.corpus
        import frontwatch.report.build  # noqa: F401
        from frontwatch.nlp.actors import ActorDictionary
        from frontwatch.outlets import lookup_outlet
        from frontwatch.pipeline.framing.outlets import label_info, loaded_index

        lookup_outlet("Reuters")
        loaded_index()
        label_info()
        ActorDictionary.get()
    except Exception:
        log.debug("warming the global stages failed; they load on first use", exc_info=True)


def versions() -> dict[str, str]:
    out = {"frontwatch": __version__, "python": platform.python_version()}
    for name in ("spacy", "trafilatura", "datasketch", "onnxruntime", "dask"):
        try:
            from importlib.metadata import version

            out[name] = version(name)
        except Exception:
            continue
    return out


def analyze(inputs: list[str], out_dir: Path, settings: Settings, *, db_path: Path | None = None,
            meta_path: str | None = None, progress: Progress | None = None, stdin: IO[bytes] | None = None,
            command: str = "analyze") -> RunResult:
    """Ingest, process and export; the summary lists everything skipped and why."""
    progress = progress or NullProgress()
    t0 = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = db_path or out_dir / "frontwatch.db"
    run_id = new_run_id()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    ctx = RunContext(settings=settings, work_dir=str(out_dir / "partitions"))
    timings: dict[str, float] = {}
    with Store(db_path) as store:
        with store.transaction() as db:
            queries.start_run(db, run_id, command, settings.as_dict())
        executor = document_executor(settings)
        if hasattr(executor, "start"):
            # a local process pool forks now: its workers load their models while the parent ingests
            executor.start()
        try:
            ing = ingest(inputs, store, settings, meta_path=meta_path, progress=progress, stdin=stdin)
        except BaseException:
            if hasattr(executor, "close"):
                executor.close()
            raise
        timings["ingest"] = ing.seconds
        t = time.perf_counter()
        processed = process_documents(store, settings, ctx, progress, executor)
        timings["documents"] = time.perf_counter() - t
        t = time.perf_counter()
        from frontwatch.pipeline.corpus import run_global_stages

        global_counts = run_global_stages(store, ctx, progress)
        timings["global"] = time.perf_counter() - t
        t = time.perf_counter()
        from frontwatch.export import write_json, write_outputs

        counts = write_outputs(store, out_dir)
        timings["outputs"] = time.perf_counter() - t
        analysed = 0
        skipped_stages: Counter[str] = Counter()
        doc_errors: list[dict[str, Any]] = []
        for d in queries.iter_processed(store.db):  # one pass: every document is decoded from the store
            if d.text.strip():
                analysed += 1
            for s in d.skipped_stages:
                skipped_stages[s.split(":", 1)[0] + ": " + s.split(":", 1)[-1].strip()[:80]] += 1
            if d.errors:
                doc_errors.append({"doc_id": d.doc_id, "errors": list(d.errors)})
        timings["total"] = time.perf_counter() - t0
        summary: dict[str, Any] = {
            "run_id": run_id,
            "command": command,
            "started_at": started_at,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": str(db_path),
            "inputs": ing.as_dict(),
            "documents": queries.count_documents(store.db),
            "documents_analysed": analysed,
            "documents_processed_this_run": processed,
            "outputs": counts,
            "corpus": global_counts,
            "skipped": [
                {"path": s.path, "line": s.line, "code": s.code, "reason": s.reason} for s in ing.skipped
            ],
            "skipped_stages": dict(skipped_stages),
            "document_errors": doc_errors,
            "stages": {name: st.as_dict() for name, st in ctx.stats.items()},
            "timings_s": {k: round(v, 3) for k, v in timings.items()},
            "versions": versions(),
            "config": settings.as_dict(),
            "exit_code": 0 if analysed else 2,
        }
        write_json(out_dir / "summary.json", summary)
        write_json(out_dir / "config.json", settings.as_dict())
        if settings.executor == "dask":
            from frontwatch.execution.dask import shutdown

            shutdown()
        from frontwatch.report.build import build_report

        build_report(store, out_dir / "report.html", settings=settings, summary=summary)
        with store.transaction() as db:
            queries.add_skipped(db, run_id, ing.skipped)
            queries.finish_run(db, run_id, summary)
    return RunResult(run_id, summary, out_dir, db_path, analysed)


def ingest_only(inputs: list[str], db_path: Path, settings: Settings, *, meta_path: str | None = None,
                progress: Progress | None = None, stdin: IO[bytes] | None = None) -> IngestResult:
    with Store(db_path) as store:
        run_id = new_run_id()
        with store.transaction() as db:
            queries.start_run(db, run_id, "ingest", settings.as_dict())
        result = ingest(inputs, store, settings, meta_path=meta_path, progress=progress, stdin=stdin)
        with store.transaction() as db:
            queries.add_skipped(db, run_id, result.skipped)
            queries.finish_run(db, run_id, {"inputs": result.as_dict()})
    return result


def iter_skips(skips: Iterable[Skip]) -> Iterator[str]:
    for s in skips:
        yield s.describe()
