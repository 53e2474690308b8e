"""Acceptance: the places of the seed articles resolve to their true points.

The seeds are read in place (never copied). True points are independent of the gazetteer's data:
coordinates of the Wikipedia article of each place (degrees-minutes rounded), or for al-Qa'im and the
al-Tanf crossing the GeoNames feature named in the comment.
"""

from __future__ import annotations

import pytest

from frontwatch.geo import Geocoder
from frontwatch.geo.geodesy import haversine_km
from frontwatch.geo.normalize import name_key
from tests.conftest import SEEDS, needs_seeds

TOLERANCE_KM = 25.0
# place -> (true latitude, longitude, surface forms that must resolve there)
TRUE_POINTS: dict[str, tuple[float, float, tuple[str, ...]]] = {
    "Palmyra": (34.5600, 38.2667, ("Palmyra",)),  # Wikipedia "Palmyra": 34°33′36″N 38°16′E
    "Deir ez-Zor": (35.3333, 40.1500, ("Deir Ezzor", "Deir Ezzur", "Deir ez-Zor")),  # Wikipedia: 35°20′N 40°09′E
    "Raqqa": (35.9500, 39.0167, ("Raqqah", "Raqqa")),  # Wikipedia "Raqqa": 35°57′N 39°01′E
    "Abu Kamal": (34.4500, 40.9167, ("al-Bukamal", "Albu Kamal", "Abu Kamal")),  # Wikipedia: 34°27′N 40°55′E
    "Al-Sukhnah": (34.8833, 38.8667, ("Sukhna", "Sukhnah")),  # Wikipedia "Al-Sukhnah": 34°53′N 38°52′E
    "Maskanah": (35.9667, 38.0333, ("Maskanah",)),  # Wikipedia "Maskanah": 35°58′N 38°02′E
    "Al-Qa'im": (34.3833, 40.9833, ("Qaim", "al-Qaim", "Al-Qaim")),  # GeoNames 99229 "Al Qa'im" 34°23′N 40°59′E
    "At Tanf": (33.4333, 38.9167, ("At Tanf", "al-Tanf")),  # GeoNames/Wikipedia Al Waleed-Tanf crossing 33°26′N 38°55′E
}


@pytest.fixture(scope="module")
def seed_places(full_geocoder: Geocoder) -> list[tuple[str, float, float]]:
    out: list[tuple[str, float, float]] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for p in full_geocoder.geoparse(path.stem, text):
            if p.latitude is None or p.longitude is None or p.distance_km is not None:
                continue  # offset points are not the anchor's point
            if text[p.end:p.end + 12].strip().lower().startswith(("province", "governorate")):
                assert p.feature_code == "ADM1", p  # "Deir Ezzur province" is the province, not the city
                continue
            surface = p.anchor or p.text
            out.append((name_key(surface), p.latitude, p.longitude))
    return out


@needs_seeds()
@pytest.mark.slow
@pytest.mark.parametrize("place", sorted(TRUE_POINTS))
def test_seed_places_resolve_near_their_true_points(place: str, seed_places: list[tuple[str, float, float]]) -> None:
    lat, lon, forms = TRUE_POINTS[place]
    keys = {name_key(f) for f in forms}
    found = [(la, lo) for key, la, lo in seed_places if key in keys]
    assert found, f"{place} was not found in the seeds"
    for la, lo in found:
        assert haversine_km(lat, lon, la, lo) <= TOLERANCE_KM, (place, la, lo)
