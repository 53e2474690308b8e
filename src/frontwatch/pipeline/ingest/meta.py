"""``--meta FILE``: outlet, published date, url and title for inputs that lack them.

The file is CSV (header with ``doc_id`` and any of ``outlet, published, url, title``) or JSON lines
with the same keys. Values fill only fields the input itself does not carry.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from frontwatch.errors import Code, InputError
from frontwatch.pipeline.ingest.readers import clean_field
from frontwatch.records import RawDocument

META_FIELDS = ("outlet", "published", "url", "title")


@dataclass(frozen=True, slots=True)
class MetaEntry:
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None


def load_meta(path: str | Path) -> dict[str, MetaEntry]:
    """Read a metadata file; raises :class:`InputError` (FW111) naming the line that is wrong."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read --meta file {p}: {exc.strerror}", Code.BAD_META) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"--meta file {p} is not UTF-8: {exc.reason}", Code.BAD_META) from exc
    rows: list[tuple[int, dict[str, object]]] = []
    if p.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"--meta {p}:{n}: malformed JSON: {exc.msg}", Code.BAD_META, line=n) from exc
            except RecursionError as exc:
                raise InputError(f"--meta {p}:{n}: malformed JSON: nested too deeply", Code.BAD_META, line=n) from exc
            except ValueError as exc:  # integers with more digits than Python converts
                raise InputError(f"--meta {p}:{n}: malformed JSON: {exc}", Code.BAD_META, line=n) from exc
            if not isinstance(obj, dict):
                raise InputError(f"--meta {p}:{n}: each line must be a JSON object", Code.BAD_META, line=n)
            rows.append((n, obj))
    else:
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or "doc_id" not in [f.strip() for f in reader.fieldnames]:
            raise InputError(f"--meta {p}: CSV needs a doc_id column (found {reader.fieldnames})", Code.BAD_META)
        for row in reader:
            rows.append((reader.line_num, {k.strip(): v for k, v in row.items() if k}))
    out: dict[str, MetaEntry] = {}
    for n, row in rows:
        doc_id = row.get("doc_id", row.get("id"))
        if doc_id in (None, ""):
            raise InputError(f"--meta {p}:{n}: missing doc_id", Code.BAD_META, line=n)
        values = {k: (clean_field(str(row[k])).strip() or None) if row.get(k) not in (None, "") else None
                  for k in META_FIELDS}
        out[clean_field(str(doc_id))] = MetaEntry(**values)
    return out


def apply_meta(doc: RawDocument, meta: dict[str, MetaEntry]) -> RawDocument:
    """Fill the fields ``doc`` lacks from its metadata entry (matched by doc_id)."""
    entry = meta.get(doc.doc_id)
    if entry is None:
        return doc
    changes = {k: getattr(entry, k) for k in META_FIELDS if getattr(doc, k) is None and getattr(entry, k)}
    return dataclasses.replace(doc, **changes) if changes else doc
