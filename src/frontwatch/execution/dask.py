"""The Dask executor: the per-document chain on a Dask cluster. The only module that imports dask.

``--executor dask --workers N`` starts a LocalCluster of N single-threaded worker processes;
``--scheduler ADDRESS`` joins an existing cluster instead. Pending documents are cut into
partitions; each partition runs through ``dask.bag.map_partitions`` on a worker (stages are built,
and models loaded, once per worker process), which writes its results as a Parquet shard plus a
completion marker in the run's work directory. The client then loads the shards into SQLite in
partition order. A re-run after a crash finds the markers and skips finished partitions.

Global stages use :func:`shuffle_pairs` for their candidate keys (LSH band keys, passage
fingerprints, event blocks): a distributed group-by on the key, the pairs come back to the client,
which runs the deterministic union-find, so local and dask runs give identical results.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from frontwatch.config import Settings
from frontwatch.execution.local import OnBatch
from frontwatch.pipeline.base import RunContext, Stage, StageStats
from frontwatch.pipeline.chain import build_document_stages, pipeline_fingerprint, process_raw_batch
from frontwatch.records import Document, RawDocument, from_dict, to_dict

log = logging.getLogger(__name__)

# Documents per partition: large enough to amortise a task's overhead and model warm-up, small enough
# that a crash loses little and memory per task stays bounded.
PARTITION_SIZE = 200
# Partitions submitted per wave, per worker: bounds the raw documents held by the client.
WAVE_PER_WORKER = 4

_STAGES: dict[str, list[Stage[Any, Any]]] = {}
_CLIENTS: dict[tuple[str | None, int], tuple[Any, Any]] = {}


def shutdown() -> None:
    """Close every client and LocalCluster this process started."""
    for client, cluster in _CLIENTS.values():
        client.close()
        if cluster is not None:
            cluster.close()
    _CLIENTS.clear()


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


def partition_id(raws: list[RawDocument], fingerprint: str) -> str:
    h = hashlib.sha1(fingerprint.encode())
    for r in raws:
        h.update(r.content_hash.encode())
    return h.hexdigest()[:16]


def _shard_paths(work_dir: Path, pid: str) -> tuple[Path, Path]:
    return work_dir / f"part-{pid}.parquet", work_dir / f"part-{pid}.done"


def write_shard(path: Path, docs: list[Document]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"doc_id": [d.doc_id for d in docs],
                      "record": [json.dumps(to_dict(d), ensure_ascii=False) for d in docs]})
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def read_shard(path: Path) -> list[Document]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    return [from_dict(Document, json.loads(r)) for r in table.column("record").to_pylist()]


def process_partition(items: list[tuple[str, list[RawDocument]]], settings: Settings,
                      work_dir: str) -> list[tuple[str, dict[str, dict[str, Any]]]]:
    """One dask task: run the chain on each partition it holds, write shard and marker."""
    out = []
    for pid, raws in items:
        shard, marker = _shard_paths(Path(work_dir), pid)
        ctx = RunContext(settings=settings)
        docs = process_raw_batch(raws, _worker_stages(settings), ctx)
        write_shard(shard, docs)
        stats = {name: st.as_dict() for name, st in ctx.stats.items()}
        tmp = marker.with_name(marker.name + ".tmp")
        tmp.write_text(json.dumps({"documents": len(docs), "stats": stats}), encoding="utf-8")
        os.replace(tmp, marker)
        out.append((pid, stats))
    return out


class DaskExecutor:
    name = "dask"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def fingerprint(self, ctx: RunContext) -> str:
        return pipeline_fingerprint(build_document_stages(self.settings))

    def client(self) -> Any:
        """One client (and LocalCluster) per process and cluster settings, shared by the per-document
        map and the global stages of a run; :func:`shutdown` ends it."""
        key = (self.settings.scheduler, max(1, self.settings.workers))
        if key not in _CLIENTS:
            from dask.distributed import Client, LocalCluster  # untyped library

            cluster = None
            if self.settings.scheduler:
                client = Client(self.settings.scheduler)  # type: ignore[no-untyped-call]
            else:
                cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=key[1], threads_per_worker=1, processes=True, dashboard_address=None,
                )
                client = Client(cluster)  # type: ignore[no-untyped-call]
            _CLIENTS[key] = (client, cluster)
        return _CLIENTS[key][0]

    def close(self) -> None:
        """Clients are shared for the run: closed by :func:`shutdown`."""

    def map_documents(self, raws: Iterable[RawDocument], ctx: RunContext, on_batch: OnBatch) -> None:
        import dask.bag as db

        work_dir = Path(ctx.work_dir) if ctx.work_dir else Path(".frontwatch-work")
        work_dir.mkdir(parents=True, exist_ok=True)
        fingerprint = self.fingerprint(ctx)
        workers = max(1, self.settings.workers)
        partitions = _partitions(raws, fingerprint)
        try:
            while True:
                wave = list(itertools.islice(partitions, WAVE_PER_WORKER * workers))
                if not wave:
                    break
                todo = [(pid, part) for pid, part in wave if not _shard_paths(work_dir, pid)[1].exists()]
                if todo:
                    self.client()
                    bag = db.from_sequence(todo, npartitions=min(len(todo), workers * 2))  # type: ignore[no-untyped-call]
                    results = bag.map_partitions(process_partition, self.settings, str(work_dir)).compute()
                    log.debug("dask wave: %d partitions computed", len(results))
                for pid, _part in wave:
                    shard, marker = _shard_paths(work_dir, pid)
                    meta = json.loads(marker.read_text(encoding="utf-8"))
                    for name, data in meta["stats"].items():
                        ctx.stage_stats(name).merge(StageStats.from_dict(data))
                    on_batch(read_shard(shard))
        finally:
            self.close()


def _partitions(raws: Iterable[RawDocument], fingerprint: str) -> Iterator[tuple[str, list[RawDocument]]]:
    it = iter(raws)
    while part := list(itertools.islice(it, PARTITION_SIZE)):
        yield partition_id(part, fingerprint), part


def index_pairs(settings: Settings) -> Any:
    """A syndication pair finder that groups the index's keys on the cluster."""

    def find(index: Any) -> list[tuple[int, int]]:
        keys, docs = index.arrays()
        return sorted(shuffle_pairs(keys, docs, settings))

    return find


def _verdict_chunk(mentions: Any, pairs: list[tuple[int, int]]) -> list[tuple[int, int, str, float]]:
    from frontwatch.pipeline.events.merge import verdicts

    return verdicts(mentions, pairs)


def event_verdicts(settings: Settings, chunk: int = 5_000) -> Any:
    """An event comparer that runs the pair comparisons (event blocks) on the cluster."""

    def compare(mentions: Any, pairs: list[tuple[int, int]]) -> list[tuple[int, int, str, float]]:
        if not pairs:
            return []
        executor = DaskExecutor(settings)
        client = executor.client()
        try:
            scattered = client.scatter(list(mentions), broadcast=True)
            futures = [client.submit(_verdict_chunk, scattered, pairs[i: i + chunk], pure=False)
                       for i in range(0, len(pairs), chunk)]
            out: list[tuple[int, int, str, float]] = []
            for f in futures:
                out += f.result()
            return out
        finally:
            executor.close()

    return compare


def _pairs_of_group(keys: Any) -> list[tuple[int, int]]:
    """Within one group (all rows share a key): candidate pairs of document indices."""
    from frontwatch.pipeline.syndication.index import MAX_BUCKET_PAIRS

    members = sorted(set(int(x) for x in keys))
    if len(members) < 2:
        return []
    if len(members) > MAX_BUCKET_PAIRS:
        return [(members[0], m) for m in members[1:]]
    return [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]


def shuffle_pairs(keys: Any, docs: Any, settings: Settings, npartitions: int | None = None) -> set[tuple[int, int]]:
    """Candidate pairs from (key, doc) rows by a distributed group-by on the key (a shuffle)."""
    import dask.dataframe as dd
    import pandas as pd

    if len(keys) == 0:
        return set()
    executor = DaskExecutor(settings)
    executor.client()
    try:
        frame = pd.DataFrame({"key": keys, "doc": docs})
        ddf = dd.from_pandas(frame, npartitions=npartitions or max(2, 2 * max(1, settings.workers)))  # type: ignore[no-untyped-call]
        grouped = ddf.groupby("key")["doc"].apply(_pairs_of_group, meta=("doc", "object")).compute()
    finally:
        executor.close()
    pairs: set[tuple[int, int]] = set()
    for group in grouped:
        pairs.update(group)
    return pairs
