"""GeoNames' own points of countries and divisions replace the derived or Factbook ones."""

from __future__ import annotations

import csv
from pathlib import Path

from frontwatch.geo import sources


def test_every_row_is_attributed_and_plausible() -> None:
    path = Path(str(sources.GAZETTEER_DATA / "geonames_points.csv"))
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert row["source"].startswith("GeoNames (CC BY 4.0)")
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
        assert row["feature_code"] in {"PCLI", "ADM1", "ADM2"}


def test_country_entries_take_the_geonames_point() -> None:
    published = sources.geonames_points()
    canada = next(e for e in sources.country_entries([]) if e.geonameid == 6251999)
    assert (canada.latitude, canada.longitude) == published[6251999] == (60.10867, -113.64258)


def test_division_entries_take_the_geonames_point_at_full_quality() -> None:
    divisions = sources.load_divisions()
    ontario = next(e for e in sources.divisions_entries(divisions) if e.geonameid == 6093943)
    assert (ontario.latitude, ontario.longitude) == (49.25014, -84.49983)
    assert ontario.quality == 1.0
