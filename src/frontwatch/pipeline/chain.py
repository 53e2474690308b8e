"""The per-document chain: RawDocument -> cleaned, annotated Document, through every per-document stage.

The executor calls :func:`process_raw_batch` on batches wherever it runs them (in-process, a process
pool, Dask partitions). Stage failures and drops never lose a document: it is kept with the reason
recorded in ``errors`` / ``skipped_stages``. A document over its time budget (``doc_time_budget_s``)
is kept with what the stages before the one that stopped it produced, and goes no further.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from frontwatch.config import Settings
from frontwatch.errors import Code
from frontwatch.pipeline.base import RunContext, Stage, run_stage
from frontwatch.pipeline.budget import TIMEOUT
from frontwatch.records import Document, Drop, RawDocument


def build_document_stages(settings: Settings) -> list[Stage[Any, Any]]:
    """The per-document stages in order: the first maps RawDocument -> Document, the rest
    Document -> Document."""
    from frontwatch.pipeline.clean import CleanStage
    from frontwatch.pipeline.extract.stage import ExtractStage
    from frontwatch.pipeline.geo.stage import GeoStage
    from frontwatch.pipeline.nlp import NlpStage

    return [CleanStage(), NlpStage(), GeoStage(), ExtractStage()]


def pipeline_fingerprint(stages: Sequence[Stage[Any, Any]]) -> str:
    """Identifies the stage versions that made a stored result; a change re-processes documents."""
    from frontwatch import __version__

    return f"frontwatch-{__version__}:" + "|".join(s.name for s in stages)


def _failed_document(raw: RawDocument, reason: str, error: str | None = None) -> Document:
    return Document(
        doc_id=raw.doc_id, content_hash=raw.content_hash, source_path=raw.source_path, format=raw.format,
        text="", outlet=raw.outlet, title=raw.title, url=raw.url, published=None,
        errors=(*raw.errors, error or reason), extra=raw.extra, skipped_stages=(reason,),
    )


def _timeout_note(stage: str, ctx: RunContext) -> str:
    return (f"[{Code.TIMEOUT}] {stage}: {TIMEOUT}: over the per-document time budget (doc_time_budget_s = "
            f"{ctx.settings.doc_time_budget_s:g} s); this stage and the later ones were skipped")


def process_raw_batch(
    raws: Sequence[RawDocument], stages: Sequence[Stage[Any, Any]], ctx: RunContext
) -> list[Document]:
    """Run every per-document stage over one batch; always returns one Document per input."""
    if not raws:
        return []
    ctx.budget.reset()
    first, rest = stages[0], stages[1:]
    out = run_stage(first, raws, ctx, words=_raw_words, on_error=_failure(first.name))
    docs: list[Document] = []
    for raw, result in zip(raws, out, strict=True):
        if isinstance(result, Drop) and result.reason == TIMEOUT:
            docs.append(_failed_document(raw, f"{first.name}: {TIMEOUT}", _timeout_note(first.name, ctx)))
        else:
            docs.append(_failed_document(raw, result.reason) if isinstance(result, Drop) else result)
    for stage in rest:
        active = [d for d in docs if not _stopped(d)]
        if not active:
            break
        results = run_stage(stage, active, ctx, words=_doc_words, on_error=_failure(stage.name))
        by_id: dict[str, Document] = {}
        for doc, result in zip(active, results, strict=True):
            if isinstance(result, Drop):
                note = (result.reason if "failed" in result.reason
                        else _timeout_note(stage.name, ctx) if result.reason == TIMEOUT else None)
                by_id[doc.doc_id] = dataclasses.replace(
                    doc, skipped_stages=(*doc.skipped_stages, f"{stage.name}: {result.reason}"),
                    errors=(*doc.errors, note) if note else doc.errors,
                )
            else:
                by_id[doc.doc_id] = result
        docs = [by_id.get(d.doc_id, d) for d in docs]
    return docs


def _raw_words(raw: RawDocument) -> int:
    return len(raw.content.split())


def _doc_words(doc: Document) -> int:
    return len(doc.text.split())


def _failure(name: str) -> Callable[[Any, BaseException], Drop]:
    def on_error(item: Any, exc: BaseException) -> Drop:
        return Drop(f"{name} failed: {type(exc).__name__}: {exc}")

    return on_error


def _stopped(doc: Document) -> bool:
    """A document whose cleaning failed or produced no text, or that ran out of time, goes no further."""
    return not doc.text.strip() or any(s.endswith(f": {TIMEOUT}") for s in doc.skipped_stages)


def new_context(settings: Settings) -> RunContext:
    return RunContext(settings=settings)
