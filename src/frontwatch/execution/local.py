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

    def stages(self, ctx: RunContext) -> list[Stage[Any, Any]]:
        if self._stages is None:
            self._stages = build_document_stages(self.settings)
            for stage in self._stages:
                stage.setup(ctx)
        return self._stages

    def fingerprint(self, ctx: RunContext) -> str:
        return pipeline_fingerprint(build_document_stages(self.settings))

    def map_documents(self, raws: Iterable[RawDocument], ctx: RunContext, on_batch: OnBatch) -> None:
        size = max(1, self.settings.batch_size)
        if self.settings.workers <= 1:
            stages = self.stages(ctx)
            for batch in batched(raws, size):
                on_batch(process_raw_batch(batch, stages, ctx))
            return
        workers = self.settings.workers
        side: threading.Thread | None = None
        try:
            with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                     initargs=(self.settings,)) as pool:
                pending: list[Future[tuple[list[Document], dict[str, dict[str, Any]]]]] = []
                for batch in batched(raws, size):
                    pending.append(pool.submit(_run_in_worker, batch))  # the first submit starts the workers
                    if side is None and self.while_workers_run is not None:
                        side = threading.Thread(target=self.while_workers_run, name="parent-side-work", daemon=True)
                        side.start()
                    while len(pending) >= 2 * workers:
                        self._collect(pending.pop(0), ctx, on_batch)
                for fut in pending:
                    self._collect(fut, ctx, on_batch)
        finally:
            if side is not None:
                side.join()

    @staticmethod
    def _collect(fut: Future[tuple[list[Document], dict[str, dict[str, Any]]]], ctx: RunContext,
                 on_batch: OnBatch) -> None:
        docs, stats = fut.result()
        for name, data in stats.items():
            ctx.stage_stats(name).merge(StageStats.from_dict(data))
        on_batch(docs)


def stage_names(stages: Sequence[Stage[Any, Any]]) -> list[str]:
    return [s.name for s in stages]
