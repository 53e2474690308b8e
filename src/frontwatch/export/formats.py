"""``frontwatch export``: events, documents or places from the store as JSON lines, ACLED CSV, GeoJSON
or Parquet (nested fields as JSON strings, so any Parquet reader can load them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from frontwatch.export.csv_acled import write_csv
from frontwatch.export.geojson import write_geojson
from frontwatch.export.jsonl import document_record, event_record, place_record, write_jsonl
from frontwatch.store import queries
from frontwatch.store.db import Store


def rows(store: Store, what: str) -> Iterator[dict[str, Any]]:
    db = store.db
    if what == "events":
        yield from (event_record(e) for e in queries.iter_events(db))
    elif what == "documents":
        links = queries.get_doc_links(db)
        yield from (document_record(d, links.get(d.doc_id)) for d in queries.iter_processed(db))
    elif what == "places":
        yield from (place_record(d.doc_id, p) for d in queries.iter_processed(db) for p in d.places if p.is_location)
    else:
        raise ValueError(what)


def export_table(store: Store, what: str, fmt: str, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        return write_jsonl(path, rows(store, what))
    if fmt == "csv":
        return write_csv(path, queries.iter_events(store.db))
    if fmt == "geojson":
        return write_geojson(path, queries.iter_events(store.db))
    if fmt == "parquet":
        return write_parquet(path, rows(store, what))
    raise ValueError(fmt)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()}


def write_parquet(path: Path, items: Iterator[dict[str, Any]], batch: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = path.with_name(path.name + ".tmp")
    writer: Any = None
    n = 0
    chunk: list[dict[str, Any]] = []
    schema: Any = None

    def flush() -> None:
        nonlocal writer, schema
        if schema is None:
            inferred = pa.Table.from_pylist(chunk).schema
            # columns empty in the first batch are typed as strings (null-only columns have no type)
            schema = pa.schema([pa.field(f.name, pa.string() if pa.types.is_null(f.type) else f.type)
                                for f in inferred])
            writer = pq.ParquetWriter(tmp, schema)
        table = pa.Table.from_pylist(chunk, schema=schema)
        writer.write_table(table)
        chunk.clear()

    try:
        for row in items:
            chunk.append(_flat(row))
            n += 1
            if len(chunk) >= batch:
                flush()
        if chunk or writer is None:
            if not chunk:
                chunk.append({})
            flush()
    finally:
        if writer is not None:
            writer.close()
    tmp.replace(path)
    return n
