"""The API's single writer: one thread owns the store's write connection.

Posted documents are stored (``queries.add_raw_documents``) and run through the per-document chain
(``build_document_stages`` + ``process_raw_batch`` + ``queries.save_processed``) on this thread, one request
after another. Each write is its own short ``BEGIN IMMEDIATE`` transaction, so other processes writing
to the same database (``frontwatch ingest``/``analyze``) interleave with it. Global stages (syndication,
events, cross-checking) are not re-run here: ``frontwatch analyze --db PATH`` refreshes them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontwatch.api.intake import Accepted
from frontwatch.config import Settings
from frontwatch.pipeline.base import RunContext, Stage
from frontwatch.pipeline.chain import build_document_stages, pipeline_fingerprint, process_raw_batch
from frontwatch.records import Document
from frontwatch.store import queries
from frontwatch.store.db import Store
from frontwatch.store.read import pending_raw

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Ingested:
    index: int
    id: str
    doc_id: str
    status: str
    analysed: bool
    errors: tuple[str, ...]


class Writer:
    """Runs every API write on one thread; :meth:`submit` returns a future of the results."""

    def __init__(self, store: Store, settings: Settings, on_write: Callable[[], None] | None = None) -> None:
        self.store = store
        self.settings = settings
        self.on_write = on_write  # called after each committed write (the app clears its answer cache)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontwatch-writer")
        self._stages: list[Stage[Any, Any]] | None = None
        self._closed = False
        self._lock = threading.Lock()

    @classmethod
    def open(cls, db_path: str | Path, settings: Settings, on_write: Callable[[], None] | None = None) -> Writer:
        """Open (creating and migrating when needed) the database at ``db_path``."""
        return cls(Store(db_path), settings, on_write)

    def _written(self) -> None:
        if self.on_write is not None:
            self.on_write()

    def submit(self, records: Sequence[Accepted]) -> Future[list[Ingested]]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the API writer is closed")
            return self._executor.submit(self._ingest, list(records))

    def warm(self) -> None:
        """Build and set up the per-document stages on the writer thread now (models load in seconds),
        so the first POST does not pay for it."""
        with self._lock:
            if not self._closed:
                self._executor.submit(self._chain, RunContext(settings=self.settings))

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._executor.shutdown(wait=True)
        self.store.close()

    # -- on the writer thread ----------------------------------------------------------------

    def _chain(self, ctx: RunContext) -> list[Stage[Any, Any]]:
        if self._stages is None:
            stages = build_document_stages(self.settings)
            for stage in stages:
                stage.setup(ctx)
            self._stages = stages
        return self._stages

    def _ingest(self, records: list[Accepted]) -> list[Ingested]:
        with self.store.transaction() as db:
            added = queries.add_raw_documents(db, [r.raw for r in records])
        self._written()
        ctx = RunContext(settings=self.settings)
        stages = self._chain(ctx)
        fingerprint = pipeline_fingerprint(stages)
        pending = pending_raw(self.store.db, [a.doc_id for a in added], fingerprint)
        processed: dict[str, Document] = {}
        size = max(1, self.settings.batch_size)
        for i in range(0, len(pending), size):
            docs = process_raw_batch(pending[i: i + size], stages, ctx)
            with self.store.transaction() as db:
                queries.save_processed(db, docs, fingerprint)
            self._written()
            processed.update((d.doc_id, d) for d in docs)
        out: list[Ingested] = []
        for record, result in zip(records, added, strict=True):
            doc = processed.get(result.doc_id)
            if doc is None and result.status == "duplicate":
                doc = queries.get_processed(self.store.db, result.doc_id)
            analysed = doc is not None and bool(doc.text.strip())
            errors = () if doc is None else (*doc.errors, *(s for s in doc.skipped_stages if s not in doc.errors))
            out.append(Ingested(record.index, record.raw.doc_id, result.doc_id, result.status, analysed,
                                tuple(errors)))
        log.info("API: stored %d posted documents (%d analysed)", len(out), len(processed))
        return out
