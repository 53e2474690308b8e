from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from frontwatch.errors import GazetteerError
from frontwatch.geo import Geocoder
from frontwatch.geo.build import user_db_path
from frontwatch.geo.imports import detect_format, import_file, list_imports

# Two GeoNames "geoname" rows (19 tab-separated columns) and one broken row.
GEONAMES_ROWS = [
    ["9990001", "Khirbet Testa", "Khirbet Testa", "Khirbat Tasta,Testa Ruins,خربة تستا", "34.60000", "38.10000", "P",
     "PPL", "SY", "", "11", "", "", "", "0", "", "400", "Asia/Damascus", "2024-01-01"],
    ["9990002", "Jabal Testun", "Jabal Testun", "", "34.70000", "38.20000", "T", "MT", "SY", "", "11", "", "", "",
     "0", "", "900", "Asia/Damascus", "2024-01-01"],
    ["9990003", "Undersea Bank", "Undersea Bank", "", "10", "10", "U", "BNKU", "", "", "", "", "", "", "0", "", "0",
     "", "2024-01-01"],
    ["not-a-number", "Broken", "Broken", "", "x", "y", "P", "PPL", "SY", "", "", "", "", "", "0", "", "", "", ""],
]


def _geonames_txt(path: Path) -> Path:
    path.write_text("\n".join("\t".join(r) for r in GEONAMES_ROWS) + "\nshort\tline\n", encoding="utf-8")
    return path


def test_detect_format(tmp_path: Path) -> None:
    assert detect_format(_geonames_txt(tmp_path / "cities1000.txt")) == "geonames"
    csv_path = tmp_path / "bases.csv"
    csv_path.write_text("name,lat,lon\nX,1,2\n")
    assert detect_format(csv_path) == "csv"


def test_import_geonames_dump_txt_and_zip(tmp_path: Path) -> None:
    home = tmp_path / "home"
    report = import_file(_geonames_txt(tmp_path / "cities1000.txt"), home)
    assert (report.format, report.rows, report.skipped) == ("geonames", 2, 2)
    assert any("line 4" in r for r in report.reasons) and any("columns" in r for r in report.reasons)
    txt = _geonames_txt(tmp_path / "SY.txt")
    with zipfile.ZipFile(tmp_path / "SY.zip", "w") as zf:
        zf.write(txt, "SY.txt")
        zf.writestr("readme.txt", "GeoNames readme")
    report = import_file(tmp_path / "SY.zip", home)
    assert report.rows == 2
    assert [i["rows"] for i in list_imports(home)] == [2, 2]


def test_imported_places_are_found_and_replace_bundled_ids(tmp_path: Path, tiny_db: Path) -> None:
    home = tmp_path / "home"
    import_file(_geonames_txt(tmp_path / "cities1000.txt"), home)
    (tmp_path / "homs.txt").write_text("\t".join(
        ["169577", "Homs", "Homs", "Hims", "34.80000", "36.80000", "P", "PPLA", "SY", "", "11", "", "", "",
         "775404", "", "", "Asia/Damascus", "2024-01-01"]) + "\n")
    import_file(tmp_path / "homs.txt", home)
    geo = Geocoder.from_path(tiny_db, user_db_path(home))
    text = "Shelling hit Khirbat Tasta and Homs in Syria."
    places = {p.text: p for p in geo.geoparse("d", text)}
    assert places["Khirbat Tasta"].geonameid == 9990001 and places["Khirbat Tasta"].country == "SYR"
    homs = geo.resolve_spans("d", "Homs city", [(0, 9)])[0]
    assert (homs.latitude, homs.feature_code) == (34.8, "PPLA")  # the imported GeoNames row wins


def test_import_user_csv_with_bad_rows(tmp_path: Path, tiny_db: Path) -> None:
    path = tmp_path / "front.csv"
    path.write_text(
        "name,alternates,lat,lon,country,feature_code\n"
        "Tal Frontline,Tel Frontline|تل الجبهة,34.9,38.5,SYR,HLL\n"
        ",nameless,1,2,SY,PPL\n"
        "Bad Coords,,north,east,SY,PPL\n"
        "Far Away,,95,10,SY,PPL\n"
        "Nowhere Land,,10,10,ZZZ,PPL\n"
        "Checkpoint 7,,34.95,38.55,SY,\n",
        encoding="utf-8")
    home = tmp_path / "home"
    report = import_file(path, home)
    assert (report.format, report.rows, report.skipped) == ("csv", 2, 4)
    assert {r.split(":", 1)[0] for r in report.reasons} == {"line 3", "line 4", "line 5", "line 6"}
    geo = Geocoder.from_path(tiny_db, user_db_path(home))
    found = {p.text: p for p in geo.geoparse("d", "Shelling hit Tel Frontline near Palmyra in Syria.")}
    assert found["Tel Frontline"].name == "Tal Frontline" and found["Tel Frontline"].feature_code == "HLL"


def test_import_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="no such file"):
        import_file(tmp_path / "missing.csv", tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("place,where\nX,Y\n")
    with pytest.raises(GazetteerError, match="lacks"):
        import_file(bad, tmp_path)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    with pytest.raises(GazetteerError):
        import_file(broken, tmp_path)
