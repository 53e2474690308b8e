from __future__ import annotations

import csv
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from frontwatch.geo import Geocoder
from frontwatch.geo.build import gazetteer_path, inputs_digest, write_entries
from frontwatch.geo.curated import site_entries
from frontwatch.geo.database import connect, get_meta
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.normalize import name_key
from frontwatch.geo.sources import admin_point, keep_alternate

DATA = Path(str(resources.files("frontwatch") / "data" / "gazetteer"))
SITE_CODES = {"PSTB", "MILB", "AIRB", "AIRP", "DAM", "PS", "PSH", "OILF", "GASF", "OILR", "CMPRF", "RDJCT", "HLL",
              "BDG", "PRN", "MN", "INSM", "PPLX", "RUIN", "SILO", "FRM", "FCL"}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_sites_csv_is_a_valid_curated_layer() -> None:
    rows = _rows("sites.csv")
    assert len(rows) >= 300
    assert len({r["country"] for r in rows}) >= 10
    assert all(r["source"].strip() for r in rows)
    assert all(r["feature_code"] in SITE_CODES for r in rows)
    assert all(-90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180 for r in rows)
    assert len({(r["name"], r["country"]) for r in rows}) == len(rows)


def test_site_entries_give_estimates_lower_quality() -> None:
    entries = list(site_entries())
    assert len(entries) == len(_rows("sites.csv"))
    tanf = next(e for e in entries if e.name == "Al-Tanf border crossing")
    estimate = next(e for e in entries if e.source.startswith("frontwatch estimate"))
    assert tanf.quality == 1.0 and estimate.quality < 1.0
    assert ("At Tanf", 1) in tanf.names


@pytest.mark.parametrize("name", ["regions.csv", "countries.csv", "aliases.csv"])
def test_other_curated_files_have_sources(name: str) -> None:
    rows = _rows(name)
    assert rows
    for r in rows:
        assert (r.get("source") or r.get("note") or "").strip(), r


def test_keep_alternate_filters_codes_scripts_and_romanisations() -> None:
    assert keep_alternate("Deir ez-Zor") == 1
    assert keep_alternate("دير الزور") == 2
    assert keep_alternate("DEZ") is None and keep_alternate("Дейр-эз-Зор") is None
    assert keep_alternate("dyr alzwr") is None and keep_alternate("Route 66") is None


def test_admin_point_is_the_trimmed_midrange() -> None:
    pts = [(30.0 + i / 10, 40.0 + i / 10, 0) for i in range(101)]
    assert admin_point(pts) == pytest.approx((35.0, 45.0), abs=0.01)
    assert admin_point([]) is None


def test_write_entries_builds_a_queryable_database(tmp_path: Path, tiny_db: Path) -> None:
    gaz = Gazetteer(tiny_db)
    assert [c.name for c in gaz.lookup(name_key("Palmyra"))] == ["Tadmur", "Palmyra"]
    assert gaz.head_tokens("deir") == 3 and gaz.head_tokens("zzzz") == 0
    assert gaz.by_geonameid(163843) is not None and gaz.country("SY") is not None
    assert gaz.stats()["city"] > 0
    path = tmp_path / "empty.sqlite"
    assert write_entries(path, [], {"version": "x"}) == 0
    assert get_meta(connect(path))["places"] == "0"


def test_gazetteer_path_is_versioned(tmp_path: Path) -> None:
    path = gazetteer_path(tmp_path)
    assert path.name == f"gazetteer-v1-{inputs_digest()}.sqlite"


WARM_LOAD_SCRIPT = """
import resource, sys, time
from frontwatch.config import Settings
from frontwatch.geo import Geocoder
started = time.perf_counter()
geo = Geocoder.load(Settings(home=sys.argv[1]))
places = geo.geoparse("d", "Syrian troops advanced 20 km northwest of Palmyra towards Deir Ezzor.")
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      sum(1 for p in places if p.is_location and p.country == "SYR" and p.latitude is not None))
"""


@pytest.mark.slow
def test_bundled_gazetteer_builds_and_loads_in_a_fresh_process(full_geocoder: Geocoder) -> None:
    """The bundled gazetteer (built once per test session): contents, and a load + geoparse in a fresh
    process. Its load time and memory are targets measured by `make bench`, never by unit tests."""
    home = Path(os.environ["FRONTWATCH_TEST_HOME"])
    assert full_geocoder.gaz.path == gazetteer_path(home)
    stats = full_geocoder.gaz.stats()
    assert stats["city"] > 200_000 and stats["country"] > 240 and stats["site"] >= 300 and stats["airport"] > 20_000
    done = subprocess.run([sys.executable, "-c", WARM_LOAD_SCRIPT, str(home)], capture_output=True, text=True,
                          check=True, timeout=600)
    _seconds, _max_rss_kib, located = done.stdout.split()
    assert int(located) == 2  # Palmyra (20 km northwest of it) and Deir Ezzor, in Syria
