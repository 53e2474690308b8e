from __future__ import annotations

import lzma
from pathlib import Path

import pytest

from frontwatch.evaluation.geocoding import (
    MAX_ERROR_KM,
    corpus_name,
    evaluate_end_to_end,
    evaluate_resolution,
    load_corpus,
    markdown_table,
    run_benchmark,
    write_results,
)
from frontwatch.geo import Geocoder
from tests.conftest import SHARED_DATA, needs_data
from tests.geo.conftest import full_geocoder, tiny_db, tiny_geocoder

__all__ = ["full_geocoder", "tiny_db", "tiny_geocoder"]  # fixtures shared with tests/geo

LGL_LIKE = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text><![CDATA[Fighting in Raqqa and Palmyra. Syrian jets hit Nowhereville.]]></text>
<toponyms>
<toponym><start>12</start><end>17</end><phrase>Raqqa</phrase><gaztag geonameid="172955"><name>Ar Raqqah</name>
<fcode>PPL</fcode><lat>35.95283</lat><lon>39.00788</lon></gaztag></toponym>
<toponym><start>22</start><end>29</end><phrase>Palmyra</phrase><gaztag geonameid="163808"><name>Tadmur</name>
<fcode>PPL</fcode><lat>34.5624</lat><lon>38.28402</lon></gaztag></toponym>
<toponym><start>47</start><end>59</end><phrase>Nowhereville</phrase><gaztag geonameid="1"><lat>1</lat><lon>1</lon>
</gaztag></toponym>
<toponym><start>0</start><end>3</end><phrase>Fig</phrase></toponym>
</toponyms></article></articles>"""

GWN_LIKE = """<?xml version="1.0" ?>
<articles><article file="0"><text>Troops left Homs for Damascus.</text><toponyms>
<toponym><extractedName>Homs</extractedName><start>12</start><end>16</end><geonamesID>169577</geonamesID>
<latitude>34.72694</latitude><longitude>36.72339</longitude></toponym>
<toponym><extractedName>Damascus</extractedName><start>21</start><end>29</end><geonamesID/>
<latitude>33.5102</latitude><longitude>36.29128</longitude></toponym>
<toponym><extractedName>Troops</extractedName><start>0</start><end>6</end></toponym>
</toponyms></article></articles>"""

# GeoVirus offsets are one character off: the reader moves spans onto the stated name.
GEOVIRUS_LIKE = """<articles><article><source>x</source><text>An outbreak in Damascus.</text><locations>
<location><name>Damascus</name><start>16</start><end>24</end><lat>33.5</lat><lon>36.3</lon></location>
</locations></article></articles>"""


def _write(tmp_path: Path, name: str, xml: str) -> Path:
    path = tmp_path / name
    with lzma.open(path, "wt", encoding="utf-8") as fh:
        fh.write(xml)
    return path


def test_load_corpus_reads_the_three_layouts(tmp_path: Path) -> None:
    lgl = load_corpus(_write(tmp_path, "lgl.xml.xz", LGL_LIKE))
    assert [t.text for t in lgl[0].toponyms] == ["Fig", "Raqqa", "Palmyra", "Nowhereville"]
    assert lgl[0].toponyms[1].geonameid == 172955 and lgl[0].toponyms[0].latitude is None
    gwn = load_corpus(_write(tmp_path, "GWN.xml.xz", GWN_LIKE))
    assert [(t.text, t.geonameid) for t in gwn[0].toponyms] == [("Troops", None), ("Homs", 169577),
                                                                    ("Damascus", None)]
    gv = load_corpus(_write(tmp_path, "GeoVirus.xml.xz", GEOVIRUS_LIKE))
    assert gv[0].toponyms[0].text == "Damascus"


def test_load_corpus_refuses_broken_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml.xz"
    bad.write_bytes(b"not xz")
    with pytest.raises(Exception, match="cannot read"):
        load_corpus(bad)


def test_evaluate_resolution_scores(tiny_geocoder: Geocoder, tmp_path: Path) -> None:
    docs = load_corpus(_write(tmp_path, "lgl.xml.xz", LGL_LIKE))
    s = evaluate_resolution(tiny_geocoder, docs, "LGL")
    # "Nowhereville" is placed by the fallback at a town of its paragraph: far from its gold point
    assert (s.gold, s.unresolved, s.with_ids) == (3, 0, 3)
    assert s.acc161 == pytest.approx(2 / 3, abs=1e-3) and s.exact == pytest.approx(2 / 3, abs=1e-3)
    assert 161 < max(s.errors) < MAX_ERROR_KM and s.median_km < 1.0
    # a span with no place anywhere in its document stays unresolved and counts the largest error
    alone = load_corpus(_write(tmp_path, "lgl.xml.xz", LGL_LIKE.replace("Fighting in Raqqa and Palmyra.",
                                                                        "Fighting in Xxxxx and Yyyyyyy.")))
    s = evaluate_resolution(tiny_geocoder, alone, "LGL")
    assert s.unresolved == 3 and max(s.errors) == MAX_ERROR_KM and s.acc161 == 0.0


def test_evaluate_end_to_end_scores(tiny_geocoder: Geocoder, tmp_path: Path) -> None:
    docs = load_corpus(_write(tmp_path, "GWN.xml.xz", GWN_LIKE))
    s = evaluate_end_to_end(tiny_geocoder, docs, "GeoWebNews")
    assert (s.gold, s.matched) == (2, 2) and s.recall == 1.0 and s.acc161 == 1.0
    assert s.exact == 1.0 and s.with_ids == 1


def test_run_benchmark_writes_table_and_skips_missing(tiny_geocoder: Geocoder, tmp_path: Path) -> None:
    _write(tmp_path, "lgl.xml.xz", LGL_LIKE)
    results = run_benchmark(tiny_geocoder, tmp_path, ["LGL", "TR-News"])
    assert [(r.corpus, r.task) for r in results] == [("LGL", "resolution"), ("LGL", "end-to-end")]
    table = markdown_table(results)
    assert "| LGL | resolution |" in table and "82.7" in table
    j, m = write_results(results, tmp_path / "out")
    assert j.is_file() and m.read_text().startswith("| corpus")


# Quality gate: resolution Acc@161 floors, about one point under the figures of docs/geocoding.md.
# LGL's floor is the done-when target; the others guard against regressions.
RESOLUTION_FLOORS = {"LGL": 0.85, "TR-News": 0.84, "GeoWebNews": 0.75, "GeoVirus": 0.81}


@pytest.mark.slow
@needs_data("geoparsing")
def test_benchmark_resolution_stays_above_its_floors(full_geocoder: Geocoder) -> None:
    results = {r.corpus: r for r in run_benchmark(full_geocoder, SHARED_DATA / "geoparsing", end_to_end=False)}
    for corpus, floor in RESOLUTION_FLOORS.items():
        assert results[corpus].acc161 >= floor, (corpus, results[corpus].acc161)


def test_corpus_names_as_users_write_them() -> None:
    assert [corpus_name(n) for n in ("gwn", "GWN.xml.xz", "lgl", "tr-news", "GeoVirus", "other")] == [
        "GeoWebNews", "GeoWebNews", "LGL", "TR-News", "GeoVirus", "other"]
