"""Outputs of a run (DESIGN.md section 3), written from the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from frontwatch.export.csv_acled import write_csv
from frontwatch.export.geojson import write_geojson
from frontwatch.export.jsonl import document_record, place_record, write_jsonl
from frontwatch.store import queries
from frontwatch.store.db import Store

OUTPUT_FILES = ("documents.jsonl", "events.jsonl", "events.csv", "events.geojson", "places.jsonl",
                "framing.json", "summary.json", "report.html")


def write_outputs(store: Store, out_dir: Path) -> dict[str, int]:
    """Write every data file of the output contract except summary.json and report.html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db = store.db
    links = queries.get_doc_links(db)
    counts: dict[str, int] = {}
    counts["documents.jsonl"] = write_jsonl(
        out_dir / "documents.jsonl", (document_record(d, links.get(d.doc_id)) for d in queries.iter_processed(db))
    )
    from frontwatch.export.jsonl import event_record

    counts["events.jsonl"] = write_jsonl(out_dir / "events.jsonl", (event_record(e) for e in queries.iter_events(db)))
    counts["events.csv"] = write_csv(out_dir / "events.csv", queries.iter_events(db))
    counts["events.geojson"] = write_geojson(out_dir / "events.geojson", queries.iter_events(db))
    counts["places.jsonl"] = write_jsonl(
        out_dir / "places.jsonl",
        (place_record(d.doc_id, p) for d in queries.iter_processed(db) for p in d.places if p.is_location),
    )
    outlets = queries.get_outlets(db)
    from frontwatch.pipeline.framing.outlets import labels_by_actor

    write_json(out_dir / "framing.json", {"outlets": outlets, "actors": labels_by_actor(outlets)})
    counts["framing.json"] = len(outlets)
    return counts


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
