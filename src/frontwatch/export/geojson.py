"""``events.geojson``: one Point feature per event that has coordinates, with the event's properties."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from frontwatch.export.jsonl import event_record
from frontwatch.records import Event


def feature(ev: Event) -> dict[str, Any] | None:
    if ev.latitude is None or ev.longitude is None:
        return None
    props = event_record(ev)
    return {
        "type": "Feature",
        "id": ev.event_id,
        "geometry": {"type": "Point", "coordinates": [round(ev.longitude, 6), round(ev.latitude, 6)]},
        "properties": props,
    }


def write_geojson(path: Path, events: Iterable[Event]) -> int:
    """Write a FeatureCollection; returns the number of features (events without coordinates are left out)."""
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[')
        for ev in events:
            feat = feature(ev)
            if feat is None:
                continue
            if n:
                f.write(",")
            f.write("\n")
            f.write(json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
            n += 1
        f.write("\n]}\n")
    tmp.replace(path)
    return n
