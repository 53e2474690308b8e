"""Write a report payload (``frontwatch.report.synthetic`` / ``tests.report.hostile``) into a store, so the
report tests' data, hostile fragments included, can be served by the API."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import Document, Event, PlaceMention, RawDocument, RemovedBlock, from_dict
from frontwatch.store import queries
from frontwatch.store.db import Store
from frontwatch.store.queries import DocLinks


def _place(p: dict[str, Any]) -> PlaceMention:
    return from_dict(PlaceMention, {"admin1": None, **p})


def store_payload(path: Path, payload: dict[str, Any]) -> None:
    places: dict[str, list[PlaceMention]] = defaultdict(list)
    for p in payload.get("places", []):
        places[p["doc_id"]].append(_place(p))
    raws: list[RawDocument] = []
    docs: list[Document] = []
    links: list[DocLinks] = []
    for d in payload["documents"]:
        h = content_hash(d["text"], d["doc_id"])
        raws.append(RawDocument(doc_id=d["doc_id"], source_path="payload.jsonl", content=d["text"], format="text",
                                content_hash=h, outlet=d["outlet"], url=d["url"], published=d["published"],
                                title=d["title"]))
        docs.append(Document(doc_id=d["doc_id"], content_hash=h, source_path="payload.jsonl", format="text",
                             text=d["text"], outlet=d["outlet"], origin=d["origin"], title=d["title"], url=d["url"],
                             published=d["published"], language=d["language"], comments=tuple(d["comments"]),
                             removed=tuple(RemovedBlock(r["kind"], r["text"]) for r in d["removed"]),
                             errors=tuple(d["errors"]), places=tuple(places[d["doc_id"]])))
        links.append(DocLinks(d["doc_id"], d["syndication_group"], d["origin"], d["near_duplicates"], [], d["outlet"]))
    lineage = {e["doc_id"]: [e] for g in payload.get("syndication", {}).get("groups", []) for e in g["lineage"]}
    links = [DocLinks(lk.doc_id, lk.syndication_group, lk.origin, lk.near_duplicates, lineage.get(lk.doc_id, []),
                      lk.outlet) for lk in links]
    with Store(path) as store, store.transaction() as db:
        queries.add_raw_documents(db, raws)
        queries.save_processed(db, docs, "payload")
        queries.replace_doc_links(db, links)
        queries.replace_events(db, [from_dict(Event, ev) for ev in payload["events"]])
        queries.replace_outlets(db, payload["framing"]["outlets"])
        queries.start_run(db, "payload-run", "analyze", {})
        queries.finish_run(db, "payload-run", payload.get("summary", {}))
