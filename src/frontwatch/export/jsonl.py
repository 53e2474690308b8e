"""JSON-lines outputs: ``documents.jsonl``, ``events.jsonl``, ``places.jsonl`` (output contract)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from frontwatch.records import Document, Event, to_dict
from frontwatch.store.queries import DocLinks


def document_record(doc: Document, links: DocLinks | None) -> dict[str, Any]:
    """The ``documents.jsonl`` object for one document (DESIGN.md section 3)."""
    return {
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "outlet": (links.outlet if links and links.outlet else doc.outlet),
        "origin": (links.origin if links and links.origin else doc.origin),
        "title": doc.title,
        "url": doc.url,
        "published": doc.published,
        "published_from": doc.published_from if doc.published else None,
        "language": doc.language,
        "text": doc.text,
        "comments": list(doc.comments),
        "removed": [{"kind": r.kind, "text": r.text} for r in doc.removed],
        "syndication_group": links.syndication_group if links else doc.syndication_group,
        "near_duplicates": links.near_duplicates if links else [to_dict(n) for n in doc.near_duplicates],
        "errors": list(doc.errors),
        # extensions beyond the contract
        "content_hash": doc.content_hash,
        "format": doc.format,
        "skipped_stages": list(doc.skipped_stages),
        "lineage": links.lineage if links else [],
        "extra": json.loads(doc.extra) if doc.extra else {},
    }


def event_record(ev: Event) -> dict[str, Any]:
    """The ``events.jsonl`` object for one event."""
    data: dict[str, Any] = to_dict(ev)
    data["fatalities_range"] = list(ev.fatalities_range) if ev.fatalities_range else None
    return data


def place_record(doc_id: str, place: Any) -> dict[str, Any]:
    data: dict[str, Any] = to_dict(place)
    data["doc_id"] = doc_id
    return data


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write rows atomically (to a temporary file, then renamed). Returns the row count."""
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as f:
        for row in rows:
            _dump(row, f)
            n += 1
    tmp.replace(path)
    return n


def _dump(row: dict[str, Any], f: IO[str]) -> None:
    f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    f.write("\n")
