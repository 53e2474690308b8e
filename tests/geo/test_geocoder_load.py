from __future__ import annotations

from pathlib import Path

from frontwatch.config import Settings
from frontwatch.geo import Geocoder
from frontwatch.geo.build import gazetteer_path, write_entries
from frontwatch.geo.imports import import_file
from tests.geo.conftest import TINY


def test_geocoder_load_opens_the_versioned_file_once_and_sees_imports(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    write_entries(gazetteer_path(home), TINY, {"version": "test"})  # stands in for the bundled build
    settings = Settings(home=str(home))
    first = Geocoder.load(settings)
    assert Geocoder.load(settings) is first
    assert first.geoparse("d", "Fighting near Camp Testland in Syria.")[0].text != "Camp Testland"
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text("name,lat,lon,country,feature_code\nCamp Testland,34.2,38.3,SY,MILB\n")
    import_file(csv_path, home)
    second = Geocoder.load(settings)
    assert second is not first
    place = next(p for p in second.geoparse("d", "Shelling hit Camp Testland and Homs in Syria.")
                 if p.text == "Camp Testland")
    assert place.feature_code == "MILB" and place.country == "SYR" and place.latitude == 34.2


def test_border_reference_with_plural_borders(tiny_geocoder: Geocoder) -> None:
    text = "Syrian forces in Homs and Palmyra pushed to the Iraqi and Jordanian borders."
    places = tiny_geocoder.geoparse("d", text)
    assert any(p.text == "Iraqi and Jordanian borders" and p.feature_code == "PSTB" for p in places)
