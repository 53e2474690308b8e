"""First-level division points checked against the countrystatecity-countries state points."""

from __future__ import annotations

import pytest

from frontwatch.errors import GazetteerError
from frontwatch.geo import Geocoder, sources
from frontwatch.geo.geodesy import haversine_km
from frontwatch.geo.sources import DERIVED_QUALITY, STATE_POINT_QUALITY, Divisions, StatePoints


def _divisions(members: list[tuple[float, float, int]]) -> Divisions:
    d = Divisions()
    d.rows[1] = ("Heilongjiang Sheng", "CN.08", None, "Province", ("Heilongjiang",), 1, None, "CN")
    d.iso_codes[1] = "CN-HL"
    d.members[1] = members
    return d


def test_lookup_by_iso_code_then_by_normalised_name() -> None:
    states = StatePoints(by_iso={"CN-HL": (48.0, 128.0)}, by_name={("CN", "hebei"): (39.0, 116.0)})
    assert states.point("CN", "CN-HL", ("whatever",)) == (48.0, 128.0)
    assert states.point("CN", None, ("Hebei Sheng", "Hébei")) == (39.0, 116.0)
    assert states.point("CN", "CN-XX", ("Nowhere",)) is None


def test_state_point_replaces_a_derived_point_far_from_it() -> None:
    states = StatePoints(by_iso={"CN-HL": (48.0, 128.0)})
    # members filed under the wrong division pull the midrange 1,400 km west
    far = [(46.0, 88.0, 0), (50.0, 130.0, 0)] + [(48.0, 100.0, 0)] * 3
    (entry,) = sources.divisions_entries(_divisions(far), states)
    assert (entry.latitude, entry.longitude) == (48.0, 128.0)
    assert entry.quality == STATE_POINT_QUALITY
    assert "countrystatecity-countries" in entry.source


def test_derived_point_kept_when_it_agrees_with_the_state_point() -> None:
    states = StatePoints(by_iso={"CN-HL": (48.0, 128.0)})
    (entry,) = sources.divisions_entries(_divisions([(46.0, 126.0, 0), (51.0, 131.0, 0)]), states)
    assert (entry.latitude, entry.longitude) == (48.5, 128.5)
    assert entry.quality == DERIVED_QUALITY


def test_state_point_used_when_no_member_gives_a_point() -> None:
    (entry,) = sources.divisions_entries(_divisions([]), StatePoints(by_iso={"CN-HL": (48.0, 128.0)}))
    assert (entry.latitude, entry.longitude) == (48.0, 128.0)


def test_bundled_states_fix_gross_derived_points() -> None:
    states = sources.load_state_points()
    assert len(states.by_iso) > 4000
    divisions = sources.load_divisions()
    by_code = {e.admin1_code: e for e in sources.divisions_entries(divisions, states) if e.feature_code == "ADM1"}
    heilongjiang, tokyo = by_code["CN.08"], by_code["JP.40"]
    assert haversine_km(heilongjiang.latitude, heilongjiang.longitude, 48.0, 128.0) < 161
    assert haversine_km(tokyo.latitude, tokyo.longitude, 35.69, 139.69) < 161


def test_missing_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "STATES_PACKAGE", "countrystatecity_countries_not_installed")
    with pytest.raises(GazetteerError, match="countrystatecity-countries"):
        sources.load_state_points()


def test_divisions_gained_from_state_points_do_not_shadow_countries_or_cities(full_geocoder: Geocoder) -> None:
    """First-level divisions without member places now have an entry (at the state point); names that are
    also countries or towns keep resolving to those."""
    found = {p.text: p for p in full_geocoder.geoparse(
        "t", "Protests in Taiwan and Hong Kong. A storm hit Guadeloupe. He was born in Debrecen. "
             "Fighting in Cuando Cubango province.")}
    assert found["Taiwan"].feature_code == "PCLI" and found["Taiwan"].country == "TWN"
    assert found["Hong Kong"].feature_code == "PCLI"
    assert found["Guadeloupe"].feature_code == "PCLI"
    assert found["Debrecen"].feature_code.startswith("PPL")
    assert found["Cuando Cubango"].feature_code == "ADM1" and found["Cuando Cubango"].country == "AGO"
