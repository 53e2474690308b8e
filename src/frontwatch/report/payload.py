"""The report's data blob (payload): everything report.html shows, read from the store.

The payload is the report's data contract (docs/report.md): the static report embeds it, the API
serves it at ``GET /api/report-data``. It is plain JSON: non-finite numbers become ``null``.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from frontwatch import __version__
from frontwatch.config import Settings
from frontwatch.export.jsonl import document_record, event_record, place_record
from frontwatch.records import Document
from frontwatch.store import queries
from frontwatch.store.db import Store
from frontwatch.store.queries import DocLinks

log = logging.getLogger(__name__)

# The documents.jsonl keys the report uses (the rest of a document record stays out of the HTML).
DOCUMENT_FIELDS = ("doc_id", "outlet", "origin", "title", "url", "published", "language", "text", "comments",
                   "removed", "syndication_group", "near_duplicates", "errors")
# Failures converting one stored record that are skipped (logged, listed under "problems").
RECORD_ERRORS = (TypeError, ValueError, KeyError, AttributeError)


def json_safe(value: Any) -> Any:
    """A copy of ``value`` that ``json.dumps(allow_nan=False)`` accepts: NaN/inf -> None, tuples and sets ->
    lists, non-string keys -> strings, anything else unknown -> its ``str``."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v) for v in value]
    return str(value)


def syndication_groups(links: Mapping[str, DocLinks], order: Iterable[str]) -> list[dict[str, Any]]:
    """Families of copies: groups with two or more members, members in document order."""
    members: dict[str, list[str]] = {}
    for doc_id in order:
        link = links.get(doc_id)
        if link is not None and link.syndication_group:
            members.setdefault(link.syndication_group, []).append(doc_id)
    groups: list[dict[str, Any]] = []
    for group, ids in members.items():
        if len(ids) < 2:
            continue
        origins = Counter(o for o in (links[i].origin for i in ids) if o)
        lineage: list[dict[str, Any]] = []
        seen: set[tuple[str, str | None]] = set()
        for doc_id in ids:
            for entry in links[doc_id].lineage:
                if not isinstance(entry, Mapping):
                    continue
                source = str(entry.get("doc_id") or doc_id)
                copy_of = entry.get("copy_of")
                copy_of = None if copy_of is None else str(copy_of)
                key = (source, copy_of)
                if key not in seen:
                    seen.add(key)
                    lineage.append({"doc_id": source, "copy_of": copy_of, "reason": str(entry.get("reason") or "")})
        groups.append({"group": group, "members": ids,
                       "origin": origins.most_common(1)[0][0] if origins else None, "lineage": lineage})
    return groups


def _documents(docs: Iterable[Document], links: Mapping[str, DocLinks],
               problems: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    documents: list[dict[str, Any]] = []
    places: list[dict[str, Any]] = []
    for doc in docs:
        try:
            record = document_record(doc, links.get(doc.doc_id))
            documents.append({k: record.get(k) for k in DOCUMENT_FIELDS})
            places.extend(place_record(doc.doc_id, p) for p in doc.places if p.is_location)
        except RECORD_ERRORS as exc:
            problems.append(f"document {doc.doc_id!r} left out of the report: {exc}")
            log.warning("report: document %r left out: %s", doc.doc_id, exc)
    return documents, places


def report_payload(store: Store, *, settings: Settings, summary: dict[str, Any]) -> dict[str, Any]:
    """The report's data blob for everything in ``store`` (JSON-able; see docs/report.md)."""
    db = store.db
    problems: list[str] = []
    links = queries.get_doc_links(db)
    documents, places = _documents(queries.iter_processed(db), links, problems)
    events: list[dict[str, Any]] = []
    for ev in queries.iter_events(db):
        try:
            events.append(event_record(ev))
        except RECORD_ERRORS as exc:
            problems.append(f"event {ev.event_id!r} left out of the report: {exc}")
            log.warning("report: event %r left out: %s", ev.event_id, exc)
    payload: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": __version__,
        "options": {"tile_url": settings.tile_url},
        "summary": summary,
        "events": events,
        "documents": documents,
        "places": places,
        "framing": {"outlets": queries.get_outlets(db)},
        "syndication": {"groups": syndication_groups(links, (d["doc_id"] for d in documents))},
    }
    if problems:
        payload["problems"] = problems
    result: dict[str, Any] = json_safe(payload)
    return result
