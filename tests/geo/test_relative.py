from __future__ import annotations

import pytest

from frontwatch.geo import Geocoder
from frontwatch.geo.geodesy import haversine_km
from frontwatch.geo.relative import Relation, is_border_reference, offset, relation_before


def _rel(text: str, anchor: str) -> Relation | None:
    return relation_before(text, text.index(anchor))


@pytest.mark.parametrize(("text", "anchor", "kind", "bearing", "distance"), [
    ("clashes 20 km northwest of the Tiyas airbase", "Tiyas", "distance+bearing", "NW", 20.0),
    ("a village 12 kilometres south-east of Palmyra", "Palmyra", "distance+bearing", "SE", 12.0),
    ("5 miles north of the town of Qaim", "Qaim", "distance+bearing", "N", 8.047),
    ("positions 4km away from al-Tanf", "al-Tanf", "distance", None, 4.0),
    ("deployed north of At Tanf", "At Tanf", "bearing", "N", None),
    ("seized Humaymah southeast of the ancient city of Palmyra", "Palmyra", "bearing", "SE", None),
    ("in the eastern countryside of Homs", "Homs", "bearing", "E", None),
    ("strikes near Palmyra", "Palmyra", "near", None, None),
    ("on the outskirts of Raqqa", "Raqqa", "near", None, None),
])
def test_relation_before_reads_relative_phrases(text: str, anchor: str, kind: str, bearing: str | None,
                                                distance: float | None) -> None:
    rel = _rel(text, anchor)
    assert rel is not None
    assert (rel.kind, rel.bearing) == (kind, bearing)
    assert rel.distance_km == (pytest.approx(distance, abs=0.01) if distance is not None else None)


def test_relation_before_ignores_plain_mentions() -> None:
    assert _rel("fighting in Palmyra", "Palmyra") is None
    assert _rel("he said Palmyra", "Palmyra") is None


def test_offset_moves_only_with_distance_and_bearing() -> None:
    moved = offset(34.0, 38.0, Relation(0, "distance+bearing", "NW", 20.0))
    assert haversine_km(34.0, 38.0, *moved) == pytest.approx(20.0, abs=0.1)
    assert moved[0] > 34.0 and moved[1] < 38.0
    assert offset(34.0, 38.0, Relation(0, "distance", None, 4.0)) == (34.0, 38.0)
    assert offset(34.0, 38.0, Relation(0, "bearing", "N", None)) == (34.0, 38.0)


def test_is_border_reference_spans() -> None:
    text = "troops reached the border with Iraq and the Jordanian border"
    assert is_border_reference(text, text.index("Iraq"), text.index("Iraq") + 4) == (text.index("border with"),
                                                                                     text.index("Iraq") + 4)
    j = text.index("Jordanian")
    assert is_border_reference(text, j, j + 9) == (j, len(text))
    assert is_border_reference("Iraq said", 0, 4) is None


def test_geoparse_offsets_a_point_20_km_northwest_of_an_airbase(tiny_geocoder: Geocoder) -> None:
    text = "Syrian army units advanced 20 km northwest of the Tiyas airbase in Homs province on Monday."
    places = tiny_geocoder.geoparse("d", text)
    rel = next(p for p in places if p.anchor == "Tiyas")
    assert (rel.bearing, rel.distance_km, rel.geo_precision) == ("NW", 20.0, 2)
    assert rel.text.startswith("20 km northwest of") and rel.name == "Tiyas Military Airbase"
    assert rel.latitude is not None and rel.longitude is not None
    assert haversine_km(34.5225, 37.6297, rel.latitude, rel.longitude) == pytest.approx(20.0, abs=0.2)
    assert rel.latitude > 34.5225 and rel.longitude < 37.6297
    assert rel.country == "SYR" and rel.admin1 == "Homs"


def test_geoparse_distance_without_bearing_keeps_the_anchor_point(tiny_geocoder: Geocoder) -> None:
    text = "Government forces in Syria took a hill 4 km away from al-Tanf near Homs."
    rel = next(p for p in tiny_geocoder.geoparse("d", text) if p.anchor == "al-Tanf")
    assert (rel.distance_km, rel.bearing, rel.geo_precision) == (4.0, None, 2)
    assert (rel.latitude, rel.longitude) == (33.434, 38.925)


def test_geoparse_north_of_at_tanf(tiny_geocoder: Geocoder) -> None:
    text = "In Syria, government forces deployed north of At Tanf on Friday."
    rel = next(p for p in tiny_geocoder.geoparse("d", text) if p.anchor == "At Tanf")
    assert (rel.bearing, rel.distance_km, rel.geo_precision) == ("N", None, 2)
    assert (rel.latitude, rel.longitude) == (33.434, 38.925)


def test_geoparse_near_the_border_with_iraq_picks_a_crossing(tiny_geocoder: Geocoder) -> None:
    text = ("Syrian troops from Palmyra and Homs advanced in Syria and reached positions near the border with Iraq, "
            "a source in Damascus said.")
    border = next(p for p in tiny_geocoder.geoparse("d", text) if p.anchor == "Iraq")
    assert border.text == "border with Iraq"
    assert border.geo_precision == 3 and border.feature_code == "PSTB"  # a border area, not the crossing itself
    assert border.name in {"Al-Tanf border crossing", "Trebil border crossing"}
