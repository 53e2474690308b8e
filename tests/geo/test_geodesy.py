from __future__ import annotations

import pytest

from frontwatch.geo.geodesy import compass, destination, haversine_km


def test_haversine_km_one_degree_of_the_equator_and_paris_london() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1.0)
    assert haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0


@pytest.mark.parametrize(("bearing", "dlat_sign", "dlon_sign"), [(0, 1, 0), (90, 0, 1), (180, -1, 0), (315, 1, -1)])
def test_destination_moves_along_the_bearing(bearing: float, dlat_sign: int, dlon_sign: int) -> None:
    lat, lon = destination(34.0, 38.0, bearing, 20.0)
    assert haversine_km(34.0, 38.0, lat, lon) == pytest.approx(20.0, abs=0.05)
    if dlat_sign:
        assert (lat - 34.0) * dlat_sign > 0
    if dlon_sign:
        assert (lon - 38.0) * dlon_sign > 0


@pytest.mark.parametrize(("text", "code"), [
    ("northwest", "NW"), ("north-west", "NW"), ("North West", "NW"), ("NW", "NW"), ("southeastern", "SE"),
    ("east", "E"), ("Southern", "S"), ("NNE", "NNE"),
])
def test_compass_reads_direction_phrases(text: str, code: str) -> None:
    assert compass(text) == code


def test_compass_refuses_other_words() -> None:
    assert compass("upward") is None
