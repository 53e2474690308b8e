"""Gazetteers for the geocoding tests: a tiny one written from entries here (fast), and the full bundled
one built once per test session in the shared test home (about 30 s the first time)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from frontwatch.config import Settings
from frontwatch.geo import Geocoder
from frontwatch.geo.build import write_entries
from frontwatch.geo.entry import ABBREVIATION, ALTERNATE, PRIMARY, Entry


def _e(name: str, lat: float, lon: float, cc: str | None, code: str, *, pop: int = 0, gid: int | None = None,
       a1: str | None = None, a1_code: str | None = None, alts: tuple[str, ...] = (), layer: str = "city",
       abbr: tuple[str, ...] = (), quality: float = 1.0) -> Entry:
    fclass = "A" if code.startswith(("PCL", "ADM")) else "P" if code.startswith("PPL") else "S"
    names = ((name, PRIMARY), *((a, ALTERNATE) for a in alts), *((a, ABBREVIATION) for a in abbr))
    return Entry(name=name, latitude=lat, longitude=lon, country=cc, feature_class=fclass, feature_code=code,
                 layer=layer, population=pop, geonameid=gid, admin1=a1, admin1_code=a1_code, quality=quality,
                 names=names)


TINY: list[Entry] = [
    _e("Syria", 35.0, 38.0, "SY", "PCLI", pop=17_000_000, gid=163843, layer="country"),
    _e("Iraq", 33.0, 44.0, "IQ", "PCLI", pop=38_000_000, gid=99237, layer="country"),
    _e("Jordan", 31.0, 36.0, "JO", "PCLI", pop=9_000_000, gid=248816, layer="country"),
    _e("United States", 39.83, -98.58, "US", "PCLI", pop=327_000_000, gid=6252001, layer="country",
       alts=("U.S.", "USA", "America")),
    _e("Homs", 34.57, 37.28, "SY", "ADM1", pop=1_000_000, gid=169575, a1="Homs", a1_code="SY.11", layer="admin",
       alts=("Hims", "Homs Governorate")),
    _e("Homs", 34.72694, 36.72339, "SY", "PPL", pop=775_404, gid=169577, a1="Homs", a1_code="SY.11"),
    _e("Tadmur", 34.5624, 38.28402, "SY", "PPL", pop=51_015, gid=163808, a1="Homs", a1_code="SY.11",
       alts=("Palmyra", "Tadmor")),
    _e("Deir ez-Zor", 35.33588, 40.14084, "SY", "PPL", pop=271_800, gid=170794, a1="Deir ez-Zor", a1_code="SY.07"),
    _e("Ar Raqqah", 35.95283, 39.00788, "SY", "PPL", pop=531_952, gid=172955, a1="Raqqa", a1_code="SY.04",
       alts=("Raqqa",)),
    _e("Albu Kamal", 34.45226, 40.91854, "SY", "PPL", pop=57_572, gid=173189, a1="Deir ez-Zor", a1_code="SY.07",
       alts=("Abu Kamal", "Al Bukamal")),
    _e("Al Qa'im", 34.39251, 40.98945, "IQ", "PPL", pop=74_100, gid=99229, a1="Anbar", a1_code="IQ.01",
       alts=("Qaim", "Husaybah")),
    _e("Damascus", 33.5102, 36.29128, "SY", "PPLC", pop=1_569_394, gid=170654, a1="Damascus", a1_code="SY.13"),
    _e("Al-Tanf border crossing", 33.434, 38.925, "SY", "PSTB", layer="site", a1="Homs", a1_code="SY.11",
       alts=("At Tanf", "al-Tanf", "Al Waleed crossing"), quality=0.6),
    _e("Trebil border crossing", 33.4, 38.95, "IQ", "PSTB", layer="site", a1="Anbar", a1_code="IQ.01",
       alts=("Trebil",), quality=0.6),
    _e("Tiyas Military Airbase", 34.5225, 37.6297, "SY", "AIRB", layer="site", a1="Homs", a1_code="SY.11",
       alts=("Tiyas", "T4")),
    _e("Al-Rutba", 33.04, 40.28, "IQ", "PPL", pop=22_000, gid=388349, a1="Anbar", a1_code="IQ.01"),
    _e("Palmyra", 43.06395, -77.23332, "US", "PPL", pop=3_413, gid=5130441, a1="New York", a1_code="US.NY"),
    _e("New York", 43.0, -75.5, "US", "ADM1", pop=19_000_000, gid=5128638, a1="New York", a1_code="US.NY",
       layer="admin", abbr=("N.Y.", "NY")),
    _e("Paris", 48.85341, 2.3488, "FR", "PPLC", pop=2_138_551, gid=2988507, a1="Ile-de-France", a1_code="FR.11"),
    _e("Paris", 36.302, -88.326, "US", "PPL", pop=10_156, gid=4655236, a1="Tennessee", a1_code="US.TN"),
    _e("Tennessee", 35.75, -86.25, "US", "ADM1", pop=6_800_000, gid=4662168, a1="Tennessee", a1_code="US.TN",
       layer="admin", abbr=("Tenn.", "TN")),
    _e("Henry County", 36.33, -88.3, "US", "ADM2", pop=32_000, gid=4628990, a1="Tennessee", a1_code="US.TN",
       layer="admin"),
    _e("Alexandria", 31.20176, 29.91582, "EG", "PPL", pop=3_811_516, gid=361058, a1="Alexandria", a1_code="EG.06"),
    _e("Alexandria", 31.31129, -92.44514, "US", "PPL", pop=47_723, gid=4314550, a1="Louisiana", a1_code="US.LA"),
    _e("Louisiana", 31.0, -92.0, "US", "ADM1", pop=4_600_000, gid=4331987, a1="Louisiana", a1_code="US.LA",
       layer="admin", abbr=("La.", "LA")),
    _e("Research", -37.7, 145.18, "AU", "PPL", pop=2_500, gid=2151437, a1="Victoria", a1_code="AU.07"),
    _e("Bonn", 50.73, 7.1, "DE", "PPL", pop=313_000, gid=2946447, a1="North Rhine-Westphalia", a1_code="DE.07",
       alts=("Boni", "Bonna")),
    _e("Göd", 47.68, 19.13, "HU", "PPL", pop=18_000, gid=3052040, a1="Pest", a1_code="HU.16"),
    _e("White House", 38.8977, -77.0365, "US", "GOVL", layer="landmark", alts=("Executive Mansion",), quality=0.6),
    _e("White House", 36.47, -86.65, "US", "PPL", pop=12_000, gid=4661442, a1="Tennessee", a1_code="US.TN"),
]


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "tiny.sqlite"
    write_entries(path, TINY, {"version": "test"})
    return path


@pytest.fixture(scope="session")
def tiny_geocoder(tiny_db: Path) -> Geocoder:
    return Geocoder.from_path(tiny_db)


def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared test home of tests/conftest.py (one bundled gazetteer per test session)."""
    home = os.environ.get("FRONTWATCH_TEST_HOME")
    if not home:
        home = str(tmp_path_factory.getbasetemp().parent / "frontwatch-home")
        os.environ["FRONTWATCH_TEST_HOME"] = home
    return Path(home)


@pytest.fixture(scope="session")
def full_geocoder(tmp_path_factory: pytest.TempPathFactory) -> Geocoder:
    return Geocoder.load(Settings(home=str(shared_home(tmp_path_factory))))
