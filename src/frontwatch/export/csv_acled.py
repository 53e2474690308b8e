"""``events.csv``: events with ACLED column names (plus frontwatch's own columns at the end)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pycountry

from frontwatch.records import Event

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "tags",
)
EXTRA_COLUMNS = ("iso3", "fatalities_min", "fatalities_max", "claimed_by", "independent_sources",
                 "contradictions", "doc_ids")
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# Cells starting with these characters are formulas to a spreadsheet: prefix them with a quote.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@cache
def _country(iso3: str) -> tuple[str, str]:
    c = pycountry.countries.get(alpha_3=iso3)
    return (c.name, str(int(c.numeric))) if c is not None else (iso3, "")


def _safe(value: object) -> str:
    """Text for a CSV cell; formula-like text (untrusted article content) is neutralised."""
    if value is None:
        return ""
    s = str(value)
    if s.startswith(FORMULA_PREFIXES) and not _is_number(s):
        return "'" + s
    return s


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def event_row(ev: Event) -> list[str]:
    country_name, iso_num = _country(ev.country) if ev.country else ("", "")
    inter = "".join(sorted(str(i) for i in (ev.inter1, ev.inter2) if i))
    low, high = ev.fatalities_range if ev.fatalities_range else (None, None)
    outlets = sorted({s.outlet for s in ev.sources if s.outlet})
    values: list[object] = [
        ev.event_id, ev.event_date, ev.event_date[:4] if ev.event_date else "", ev.time_precision,
        DISORDER.get(ev.event_type, ""), ev.event_type, ev.sub_event_type, ev.actor1, ev.assoc_actor_1, ev.inter1,
        ev.actor2, ev.assoc_actor_2, ev.inter2, inter,
        "Civilian targeting" if ev.event_type == "Violence against civilians" or ev.inter2 == 7 else "",
        iso_num, country_name, ev.admin1, ev.location, ev.latitude, ev.longitude, ev.geo_precision,
        "; ".join(outlets), ev.notes, ev.fatalities if ev.fatalities is not None else "",
        "; ".join(c.field for c in ev.contradictions),
        ev.country, low, high, ev.claimed_by, ev.independent_sources, len(ev.contradictions),
        " ".join(sorted({s.doc_id for s in ev.sources})),
    ]
    return [_safe(v) for v in values]


def write_csv(path: Path, events: Iterable[Event]) -> int:
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([*ACLED_COLUMNS, *EXTRA_COLUMNS])
        for ev in events:
            w.writerow(event_row(ev))
            n += 1
    tmp.replace(path)
    return n
