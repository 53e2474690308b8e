"""Fuzzing the CSV and GeoJSON exporters with generated events: the files parse back, the CSV keeps
every text cell (formula-like cells prefixed with a quote, so no spreadsheet runs them), and the
GeoJSON properties round-trip to the same event."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.export.csv_acled import ACLED_COLUMNS, EXTRA_COLUMNS, FORMULA_PREFIXES
from frontwatch.export.geojson import write_geojson
from frontwatch.export.jsonl import event_record
from frontwatch.records import Contradiction, ContradictionValue, Event, SourceRef, from_dict

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HEADER = [*ACLED_COLUMNS, *EXTRA_COLUMNS]

_formula = st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                            "\t=1", "\r=1", "=", "-", "+", "@"])
_text = st.one_of(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60), _formula)
_opt_text = st.one_of(st.none(), _text)
_source = st.builds(SourceRef, doc_id=_text, outlet=_opt_text, sentence=_text, start=st.integers(0, 10**6),
                    end=st.integers(0, 10**6))
_value = st.one_of(st.none(), st.integers(-10**6, 10**6), _text)
_contradiction = st.builds(Contradiction, field=_text, values=st.lists(
    st.builds(ContradictionValue, value=_value, doc_ids=st.lists(_text, max_size=3).map(tuple)), max_size=3
).map(tuple), note=_text)
_fatal_range = st.one_of(st.none(), st.tuples(st.integers(0, 10**5), st.integers(0, 10**5)).map(
    lambda t: (min(t), max(t))))
_event = st.builds(
    Event,
    event_id=_text, event_date=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
    time_precision=st.integers(1, 3), event_type=_text, sub_event_type=_text,
    actor1=_opt_text, assoc_actor_1=_opt_text, actor2=_opt_text, assoc_actor_2=_opt_text,
    inter1=st.one_of(st.none(), st.integers(0, 8)), inter2=st.one_of(st.none(), st.integers(0, 8)),
    location=_opt_text, admin1=_opt_text,
    country=st.one_of(st.none(), st.sampled_from(["SYR", "UKR", "MLI", "XXX", "=1+1"])),
    latitude=st.one_of(st.none(), st.floats(-90, 90)), longitude=st.one_of(st.none(), st.floats(-180, 180)),
    geo_precision=st.one_of(st.none(), st.integers(1, 3)), fatalities=st.one_of(st.none(), st.integers(0, 10**5)),
    fatalities_range=_fatal_range, claimed_by=_opt_text, sources=st.lists(_source, max_size=3).map(tuple),
    independent_sources=st.integers(0, 10), contradictions=st.lists(_contradiction, max_size=2).map(tuple),
    notes=_text, corroboration=_text, confirmations=st.lists(_text, max_size=2).map(tuple),
    merge_reasons=st.lists(_text, max_size=2).map(tuple),
)


def _expected_cell(value: object) -> str:
    """What a text cell must read back as: the value, quote-prefixed when a spreadsheet would run it."""
    s = "" if value is None else str(value)
    try:
        float(s)
        return s
    except ValueError:
        return "'" + s if s.startswith(FORMULA_PREFIXES) else s


@FUZZ
@given(st.lists(_event, max_size=5))
def test_fuzz_exporters_csv_round_trips_and_neutralises_formulas(events: list[Event]) -> None:
    from frontwatch.export.csv_acled import write_csv

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.csv"
        assert write_csv(path, events) == len(events)
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert not list(Path(tmp).glob("*.tmp"))
    assert rows[0] == HEADER and len(rows) == len(events) + 1
    for ev, row in zip(events, rows[1:], strict=True):
        cells = dict(zip(HEADER, row, strict=True))
        for column, value in (("event_id_cnty", ev.event_id), ("actor1", ev.actor1), ("actor2", ev.actor2),
                              ("location", ev.location), ("admin1", ev.admin1), ("notes", ev.notes),
                              ("claimed_by", ev.claimed_by), ("sub_event_type", ev.sub_event_type)):
            assert cells[column] == _expected_cell(value), column
        for cell in row:
            assert not cell.startswith(FORMULA_PREFIXES) or _is_number(cell), f"live formula {cell!r}"
        assert cells["fatalities"] == ("" if ev.fatalities is None else str(ev.fatalities))


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


@FUZZ
@given(st.lists(_event, max_size=5))
def test_fuzz_exporters_geojson_is_strict_json_and_round_trips(events: list[Event]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.geojson"
        n = write_geojson(path, events)
        text = path.read_text(encoding="utf-8")

    def no_constants(name: str) -> object:
        raise AssertionError(f"non-standard JSON constant {name}")

    data = json.loads(text, parse_constant=no_constants)
    located = [e for e in events if e.latitude is not None and e.longitude is not None]
    assert data["type"] == "FeatureCollection" and n == len(data["features"]) == len(located)
    for ev, feature in zip(located, data["features"], strict=True):
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert abs(lon - ev.longitude) < 1e-6 and abs(lat - ev.latitude) < 1e-6
        assert feature["properties"] == json.loads(json.dumps(event_record(ev)))
        assert from_dict(Event, feature["properties"]) == ev
