"""The Dask executor: the per-document chain on a Dask cluster. The only module that imports dask.

``--executor dask --workers N`` starts a LocalCluster of N single-threaded worker processes;
``--scheduler ADDRESS`` joins an existing cluster instead. Batches are submitted as tasks; each
worker builds the stages (loads models) once and keeps them; results come back in input order so the
caller stores them exactly as the local executor would.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from typing import Any

from frontwatch.config import Settings
from frontwatch.execution.local import OnBatch, batched
from frontwatch.pipeline.base import RunContext, Stage, StageStats
from frontwatch.pipeline.chain import build_document_stages, pipeline_fingerprint, process_raw_batch
from frontwatch.records import Document, RawDocument

log = logging.getLogger(__name__)

_STAGES: dict[str, list[Stage[Any, Any]]] = {}


def _worker_stages(settings: Settings) -> list[Stage[Any, Any]]:
    """Stages cached per worker process, keyed by the settings that built them."""
    key = repr(settings)
    if key not in _STAGES:
        stages = build_document_stages(settings)
        ctx = RunContext(settings=settings)
        for stage in stages:
            stage.setup(ctx)
        _STAGES[key] = stages
    return _STAGES[key]


def run_batch(batch: list[RawDocument], settings: Settings) -> tuple[list[Document], dict[str, dict[str, Any]]]:
    """One task: the per-document chain over one batch, on a worker."""
    ctx = RunContext(settings=settings)
    docs = process_raw_batch(batch, _worker_stages(settings), ctx)
    return docs, {name: st.as_dict() for name, st in ctx.stats.items()}


class DaskExecutor:
    name = "dask"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def fingerprint(self, ctx: RunContext) -> str:
        return pipeline_fingerprint(build_document_stages(self.settings))

    def _client(self) -> Any:
        from dask.distributed import Client, LocalCluster  # untyped library

        client: Any

        if self.settings.scheduler:
            client = Client(self.settings.scheduler)  # type: ignore[no-untyped-call]
            return client, None
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, self.settings.workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
        return client, cluster

    def map_documents(self, raws: Iterable[RawDocument], ctx: RunContext, on_batch: OnBatch) -> None:
        client, cluster = self._client()
        try:
            in_flight = max(2, 2 * max(1, self.settings.workers))
            batches = batched(raws, max(1, self.settings.batch_size))
            settings = client.scatter(self.settings, broadcast=True)
            pending = [client.submit(run_batch, b, settings, pure=False)
                       for b in itertools.islice(batches, in_flight)]
            while pending:
                fut = pending.pop(0)
                docs, stats = fut.result()
                for name, data in stats.items():
                    ctx.stage_stats(name).merge(StageStats.from_dict(data))
                on_batch(docs)
                nxt = next(batches, None)
                if nxt is not None:
                    pending.append(client.submit(run_batch, nxt, settings, pure=False))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
