"""Checks shared by the fuzz suites: what every record handed on by a stage must satisfy."""

from __future__ import annotations

import json
import re
from datetime import date

from frontwatch.errors import Code
from frontwatch.records import RawDocument, Skip

CODES = {c.value for c in Code}
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(value: str | None, what: str) -> None:
    """Text SQLite and the UTF-8 outputs accept: no lone surrogate."""
    if value is not None:
        assert not _SURROGATE.search(value), f"{what} holds a lone surrogate: {value[:80]!r}"
        value.encode("utf-8")


def check_raw(doc: RawDocument) -> None:
    from frontwatch.pipeline.ingest import content_hash

    assert doc.content.strip(), "a document without text was handed on"
    assert "\x00" not in doc.content
    assert doc.format in ("text", "html")
    assert doc.content_hash == content_hash(doc.content, doc.doc_id)
    for name in ("doc_id", "source_path", "content", "outlet", "url", "published", "title", "extra"):
        storable(getattr(doc, name), name)
    for note in doc.errors:
        storable(note, "note")
    assert doc.doc_id.strip()
    json.loads(doc.extra, parse_constant=_no_constant)  # unknown fields kept as strict JSON
    for name in ("outlet", "url", "published", "title"):
        value = getattr(doc, name)
        assert value is None or (value == value.strip() and value and len(value) <= 2_000), (name, value)


def _no_constant(name: str) -> object:
    raise AssertionError(f"non-standard JSON constant {name}")


def check_skip(skip: Skip) -> None:
    assert skip.code in CODES, skip
    assert skip.reason.strip(), skip
    storable(skip.reason, "skip reason")
    storable(skip.path, "skip path")


def iso_date(value: str | None) -> date | None:
    """``value`` parsed as an ISO calendar date (asserting it is one), or None."""
    if value is None:
        return None
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    return date.fromisoformat(value)
