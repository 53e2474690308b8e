"""The local executor: streaming batches in this process, or a process pool with ``--workers N``.

Results come back batch by batch, in input order, so the caller can store them as they arrive and a
crash loses at most the batches in flight.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from frontwatch.config import Settings
from frontwatch.pipeline.base import RunContext, Stage, StageStats
from frontwatch.pipeline.chain import build_document_stages, pipeline_fingerprint, process_raw_batch
from frontwatch.records import Document, RawDocument

Batch = list[RawDocument]
OnBatch = Callable[[list[Document]], None]


def batched(items: Iterable[RawDocument], size: int) -> Iterator[Batch]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


# The smallest batch the tail of a pool run is cut into (per-batch overhead stays negligible above it).
MIN_TAIL_BATCH = 4


def tail_batched(items: Iterable[RawDocument], size: int, total: int | None, workers: int) -> Iterator[Batch]:
    """Batches of ``size``, except that once fewer than ``2 * workers`` full batches remain (of the
    ``total`` expected) they shrink to a share of what is left (``remaining / (2 * workers)``, at least
    ``MIN_TAIL_BATCH``), so the workers run out of work at nearly the same moment instead of one waiting
    for the other's last full batch (guided scheduling). Without ``total`` it is :func:`batched`.
    The documents and their order are the same; only where the batches are cut differs."""
    if not total or workers <= 1:
        yield from batched(items, size)
        return
    it = iter(items)
    remaining = total
    while True:
        n = max(MIN_TAIL_BATCH, min(size, -(-remaining // (2 * workers))))
        batch = list(itertools.islice(it, n))
        if not batch:
            return
        remaining -= len(batch)
        yield batch


# Worker-process state: stages built once per process by the pool initializer.
_WORKER_STAGES: list[Stage[Any, Any]] | None = None
_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_STAGES, _WORKER_SETTINGS
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER_SETTINGS = settings
    _WORKER_STAGES = build_document_stages(settings)
    ctx = RunContext(settings=settings)
    for stage in _WORKER_STAGES:
        stage.setup(ctx)


def _ready() -> None:
    """A no-op task: submitted when the pool starts, so that every worker forks and loads its models."""


def _run_in_worker(batch: Batch) -> tuple[list[Document], dict[str, dict[str, Any]]]:
    assert _WORKER_STAGES is not None and _WORKER_SETTINGS is not None
    ctx = RunContext(settings=_WORKER_SETTINGS)
    docs = process_raw_batch(batch, _WORKER_STAGES, ctx)
    return docs, {name: st.as_dict() for name, st in ctx.stats.items()}


class LocalExecutor:
    """Runs the per-document chain over batches; ``workers > 1`` uses a process pool."""

    name = "local"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stages: list[Stage[Any, Any]] | None = None
        # Work for the parent while a process pool runs (it only waits on the workers), in a thread started
        # once the workers are forked (a thread alive at fork time could leave a lock held in the children).
        self.while_workers_run: Callable[[], None] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._ready: list[Future[None]] = []
        self._side: threading.Thread | None = None
        self._used = False  # the pool ran batches (else close() stops its workers without waiting)

    def stages(self, ctx: RunContext) -> list[Stage[Any, Any]]:
        if self._stages is None:
            self._stages = build_document_stages(self.settings)
            for stage in self._stages:
                stage.setup(ctx)
        return self._stages

    def fingerprint(self, ctx: RunContext) -> str:
        return pipeline_fingerprint(build_document_stages(self.settings))

    def start(self) -> None:
        """Start the process pool now (``workers > 1``): the workers fork and load their models while the
        parent goes on (ingest), and the parent's side work starts once they are forked. Idempotent;
        :meth:`map_documents` starts it itself when nobody did, and :meth:`close` stops it."""
        if self.settings.workers <= 1 or self._pool is not None:
            return
        workers = self.settings.workers
        self._pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(self.settings,))
        for _ in range(workers):  # the first submit forks every worker; each runs the initializer first
            self._ready.append(self._pool.submit(_ready))
        if self.while_workers_run is not None:
            self._side = threading.Thread(target=self.while_workers_run, name="parent-side-work", daemon=True)
            self._side.start()

    def close(self) -> None:
        """Stop the pool (waiting for what was submitted) and join the side work; safe to call twice."""
        pool, self._pool = self._pool, None
        try:
            if pool is not None:
                if not self._used:  # started early, then nothing to do: do not wait for the models to load
                    for proc in list((getattr(pool, "_processes", None) or {}).values()):
                        proc.terminate()
                pool.shutdown(wait=True, cancel_futures=True)
                self._ready.clear()
        finally:
            side, self._side = self._side, None
            if side is not None:
                side.join()

    def map_documents(self, raws: Iterable[RawDocument], ctx: RunContext, on_batch: OnBatch,
                      total: int | None = None) -> None:
        """``total``: how many documents ``raws`` will yield, when known; the pool cuts the last batches
        smaller with it (:func:`tail_batched`)."""
        size = max(1, self.settings.batch_size)
        if self.settings.workers <= 1:
            stages = self.stages(ctx)
            for batch in batched(raws, size):
                on_batch(process_raw_batch(batch, stages, ctx))
            return
        workers = self.settings.workers
        try:
            self.start()
            pool = self._pool
            assert pool is not None
            pending: list[Future[tuple[list[Document], dict[str, dict[str, Any]]]]] = []
            for batch in tail_batched(raws, size, total, workers):
                pending.append(pool.submit(_run_in_worker, batch))
                self._used = True
                while len(pending) >= 2 * workers:
                    self._collect(pending.pop(0), ctx, on_batch)
            for fut in pending:
                self._collect(fut, ctx, on_batch)
        finally:
            self.close()

    @staticmethod
    def _collect(fut: Future[tuple[list[Document], dict[str, dict[str, Any]]]], ctx: RunContext,
                 on_batch: OnBatch) -> None:
        docs, stats = fut.result()
        for name, data in stats.items():
            ctx.stage_stats(name).merge(StageStats.from_dict(data))
        on_batch(docs)


def stage_names(stages: Sequence[Stage[Any, Any]]) -> list[str]:
    return [s.name for s in stages]
