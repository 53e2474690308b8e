"""The curated landmark layer: well-formed rows, and landmarks resolve in the bundled gazetteer."""

from __future__ import annotations

import csv
from pathlib import Path

from frontwatch.geo import Geocoder, sources
from frontwatch.geo.geodesy import haversine_km

CODES = {"GOVL", "PAL", "CSTL", "STDM", "THTR", "AMUS", "MNMT", "RLG", "ST", "MUS", "UNIV", "RGN"}
# Names too generic to stand alone: each landmark of this kind carries a distinctive name instead.
GENERIC = {"presidential palace", "state house", "national palace", "parliament house", "republican palace",
           "general headquarters", "the lodge", "lord's", "no 10"}


def _rows() -> list[dict[str, str]]:
    path = Path(str(sources.GAZETTEER_DATA / "landmarks.csv"))
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_landmark_row_is_well_formed_and_attributed() -> None:
    rows = _rows()
    assert len(rows) >= 400
    names: set[str] = set()
    for row in rows:
        assert row["feature_code"] in CODES, row
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180, row
        assert len(row["country"]) == 2 and row["country"].isupper(), row
        assert row["source"].startswith("frontwatch estimate (approx.)") and "Wikipedia: " in row["source"], row
        for name in [row["name"], *row["alternates"].split("|")]:
            if name:
                assert name.lower() not in GENERIC and "(" not in name, row
        names.add(row["name"])
    assert {"White House", "Kremlin", "Palais des Nations", "Aso Rock Presidential Villa", "Anfield"} <= names


def test_landmarks_resolve_in_the_bundled_gazetteer(full_geocoder: Geocoder) -> None:
    text = "Talks at Camp David ended; protesters marched from Tahrir Square in Cairo to the Kremlin's walls."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Camp David", "Tahrir Square", "Cairo", "Kremlin")]
    camp_david, tahrir, _, kremlin = full_geocoder.resolve_spans("d", text, spans)
    assert camp_david.feature_code == "GOVL" and camp_david.country == "USA"
    assert tahrir.country == "EGY" and haversine_km(tahrir.latitude, tahrir.longitude, 30.044, 31.236) < 10  # type: ignore[arg-type]
    assert kremlin.country == "RUS" and kremlin.geo_precision == 1
