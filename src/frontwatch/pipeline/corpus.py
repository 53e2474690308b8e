"""The global stages, run over the whole store after the per-document stages:
syndication (groups, origins, lineage), then events, cross-checking and framing."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from frontwatch.outlets import canonical_outlet, outlet_key
from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.events.build import CorpusLinks, build_event
from frontwatch.pipeline.events.merge import cluster_mentions
from frontwatch.pipeline.framing.outlets import framing
from frontwatch.pipeline.syndication import NAME as SYNDICATION
from frontwatch.pipeline.syndication import detect
from frontwatch.pipeline.syndication.groups import DocInfo
from frontwatch.records import Document, EventMention
from frontwatch.store import queries
from frontwatch.store.db import Store


def harmonise_outlets(names: Iterable[str | None]) -> dict[str, str]:
    """One display name per outlet key: the dictionary's name when known, else the most frequent
    spelling (ties: the one with more spaces, which reads better)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for n in names:
        if n:
            spellings[outlet_key(n)][n] += 1
    out: dict[str, str] = {}
    for key, counts in spellings.items():
        best = max(counts.items(), key=lambda kv: (kv[1], kv[0].count(" "), kv[0]))[0]
        out[key] = canonical_outlet(best) or best
    return out


def run_syndication(store: Store, ctx: RunContext) -> dict[str, Any]:
    db = store.db
    briefs = list(queries.iter_doc_briefs(db))
    display = harmonise_outlets([b[2] for b in briefs] + [b[3] for b in briefs])

    def name(n: str | None) -> str | None:
        return display.get(outlet_key(n), n) if n else None

    docs = [DocInfo(doc_id, chash, name(outlet), name(origin), published)
            for doc_id, chash, outlet, origin, published in briefs]
    started = time.perf_counter()
    if ctx.settings.executor == "dask":
        from frontwatch.execution.dask import index_pairs

        result, stats = detect(docs, lambda: queries.iter_texts(db), lambda ids: queries.get_texts(db, ids),
                               pairs=index_pairs(ctx.settings))
    else:
        result, stats = detect(docs, lambda: queries.iter_texts(db), lambda ids: queries.get_texts(db, ids))
    st = ctx.stage_stats(SYNDICATION)
    st.items_in += len(docs)
    st.items_out += len(docs)
    st.seconds += time.perf_counter() - started
    st.extra.update({"candidate_pairs": stats.candidate_pairs, "copy_pairs": stats.copy_pairs,
                     "index_bytes_per_document": int(stats.bytes_per_document)})
    links = []
    for d in docs:
        origin = result.origin_of.get(d.doc_id) or d.outlet
        links.append(queries.DocLinks(
            doc_id=d.doc_id,
            syndication_group=result.group_of[d.doc_id],
            origin=origin,
            near_duplicates=[{"doc_id": o, "similarity": s} for o, s in result.near.get(d.doc_id, [])],
            lineage=[{"doc_id": e.doc_id, "copy_of": e.copy_of, "reason": e.reason}
                     for e in result.lineage.get(d.doc_id, [])],
            outlet=d.outlet,
        ))
    with store.transaction() as tx:
        queries.replace_doc_links(tx, links)
    return {"syndication_groups": sum(1 for m in result.groups.values() if len(m) > 1),
            "documents_in_groups": sum(len(m) for m in result.groups.values() if len(m) > 1),
            "candidate_pairs": stats.candidate_pairs, "copy_pairs": stats.copy_pairs}


EVENTS = "events.merge.v1"
FRAMING = "framing.lexicon.v1"


def run_events_and_framing(store: Store, ctx: RunContext) -> dict[str, Any]:
    """One pass over the documents: framing per outlet, and the event mentions to merge into events."""
    db = store.db
    links = queries.get_doc_links(db)
    group_of = {d: lk.syndication_group or d for d, lk in links.items()}
    origin_of = {d: lk.origin for d, lk in links.items()}
    outlet_of = {d: lk.outlet for d, lk in links.items()}
    mentions: list[EventMention] = []
    country_of: dict[str, str | None] = {}

    def stream() -> Iterator[Document]:
        for d in queries.iter_processed(db):
            mentions.extend(d.event_mentions)
            country_of[d.doc_id] = d.country_focus
            yield d

    started = time.perf_counter()
    fr = framing(stream(), outlet_of)
    st = ctx.stage_stats(FRAMING)
    st.seconds += time.perf_counter() - started
    st.items_in += len(country_of)
    started = time.perf_counter()
    if ctx.settings.executor == "dask" and mentions:
        from frontwatch.execution.dask import event_verdicts

        clusters = cluster_mentions(mentions, compare=event_verdicts(ctx.settings))
    else:
        clusters = cluster_mentions(mentions)
    corpus = CorpusLinks(group_of, origin_of, outlet_of)
    events = [build_event(c, corpus, country_of) for c in clusters]
    events.sort(key=lambda e: (e.event_date or "9999", e.event_id))
    st = ctx.stage_stats(EVENTS)
    st.seconds += time.perf_counter() - started
    st.items_in += len(mentions)
    st.items_out += len(events)
    with store.transaction() as tx:
        queries.replace_events(tx, events)
        queries.replace_outlets(tx, fr["outlets"])
    return {"event_mentions": len(mentions), "events": len(events),
            "events_with_contradictions": sum(1 for e in events if e.contradictions),
            "outlets": len(fr["outlets"])}


def run_global_stages(store: Store, ctx: RunContext, progress: Any) -> dict[str, Any]:
    """Syndication groups, merged events, corroboration and contradictions, framing per outlet."""
    out: dict[str, Any] = {}
    progress.start("syndication", None)
    out.update(run_syndication(store, ctx))
    progress.finish("syndication")
    progress.start("events", None)
    out.update(run_events_and_framing(store, ctx))
    progress.finish("events")
    return out
