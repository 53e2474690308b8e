from __future__ import annotations

from frontwatch.geo import Geocoder
from frontwatch.geo.resolve import Hints, Mention, resolve


def _resolve(geo: Geocoder, text: str, *names: str) -> list[tuple[str | None, str | None]]:
    spans = []
    for n in names:
        i = text.index(n)
        spans.append((i, i + len(n)))
    return [(p.name, p.country) for p in geo.resolve_spans("d", text, spans)]


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_resolve_prefers_the_large_place_without_context(tiny_geocoder: Geocoder) -> None:
    assert _resolve(tiny_geocoder, "Tourists love Paris.", "Paris") == [("Paris", "FRA")]


def test_resolve_uses_co_mentioned_places(tiny_geocoder: Geocoder) -> None:
    text = "Paris police and the Henry County sheriff met in Tennessee."
    assert _resolve(tiny_geocoder, text, "Paris", "Henry County", "Tennessee")[0] == ("Paris", "USA")


def test_resolve_uses_the_stated_container(tiny_geocoder: Geocoder) -> None:
    assert _resolve(tiny_geocoder, "Alexandria, La. - A fire.", "Alexandria", "La.") == [
        ("Alexandria", "USA"), ("Louisiana", "USA")]


def test_resolve_uses_country_focus_for_palmyra(tiny_geocoder: Geocoder) -> None:
    text = "Syrian troops advanced from Homs towards Palmyra."
    assert _resolve(tiny_geocoder, text, "Palmyra") == [("Tadmur", "SYR")]
    text_us = "The Palmyra, N.Y. council met."
    assert _resolve(tiny_geocoder, text_us, "Palmyra", "N.Y.")[0] == ("Palmyra", "USA")


def test_resolve_spans_keeps_order_and_returns_unresolved(tiny_geocoder: Geocoder) -> None:
    text = "From Raqqa to Nowhereville and Homs."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Homs", "Nowhereville", "Raqqa")]
    result = tiny_geocoder.resolve_spans("d", text, spans)
    assert [p.text for p in result] == ["Homs", "Nowhereville", "Raqqa"]
    # a given span nothing matches is placed at the nearest town of its sentence (ACLED-style fallback)
    assert result[1].fallback == "sentence" and result[1].name == "Ar Raqqah" and result[1].geo_precision == 2
    assert result[2].admin1 == "Raqqa" and result[2].country == "SYR" and result[2].geo_precision == 1
    # ... and stays unresolved when the document names no place to contain it
    alone = tiny_geocoder.resolve_spans("d", "Nowhereville.", [(0, 12)])[0]
    assert alone.latitude is None and alone.confidence == 0.0 and alone.geo_precision == 3 and alone.fallback is None


def test_resolve_precision_and_demonym_fields(tiny_geocoder: Geocoder) -> None:
    text = "Syrian forces in Syria and Homs governorate."
    syr, syria, homs = tiny_geocoder.resolve_spans("d", text, [(0, 6), (17, 22), (27, 31)])
    assert syr.is_location is False and syr.geonameid == 163843
    assert syria.geo_precision == 3 and syria.feature_code == "PCLI"
    assert homs.feature_code in {"ADM1", "PPL"} and 0.0 < homs.confidence <= 1.0


def test_country_focus(tiny_geocoder: Geocoder) -> None:
    places = tiny_geocoder.geoparse("d", "Syrian forces in Homs, Palmyra and Raqqa; one US adviser.")
    assert tiny_geocoder.country_focus(places) == "SYR"
    assert tiny_geocoder.country_focus([]) is None


def test_resolve_spans_outside_the_text_are_unresolved(tiny_geocoder: Geocoder) -> None:
    result = tiny_geocoder.resolve_spans("d", "Homs", [(0, 4), (3, 99), (-2, 1), (2, 2)])
    assert [p.latitude is None for p in result] == [False, True, True, True]


def test_a_place_never_supports_itself_under_another_name() -> None:
    # "MEXICO CITY (AP) Mexico's Senate ...": the city's own point must not pull "Mexico" onto the city
    from frontwatch.geo.entry import ALTERNATE, PRIMARY, Candidate
    from frontwatch.geo.resolve import Mention, resolve

    def cand(pid: int, name: str, code: str, lat: float, lon: float, pop: int, kind: int) -> Candidate:
        return Candidate(pid=pid, geonameid=pid, name=name, latitude=lat, longitude=lon, country="MX", admin1=None,
                         admin1_code=None, feature_class="A" if code == "PCLI" else "P", feature_code=code,
                         population=pop, layer="country" if code == "PCLI" else "city", quality=1.0, kind=kind)

    country = cand(1, "Mexico", "PCLI", 23.0, -102.0, 0, PRIMARY)
    city = cand(2, "Mexico City", "PPLC", 19.43, -99.13, 12_000_000, ALTERNATE)
    mentions = [Mention(0, 11, "MEXICO CITY", (cand(2, "Mexico City", "PPLC", 19.43, -99.13, 12_000_000, PRIMARY),)),
                Mention(17, 23, "Mexico", (country, city))]
    resolve(mentions)
    assert mentions[0].best is not None and mentions[0].best.pid == 2
    assert mentions[1].best is not None and mentions[1].best.feature_code == "PCLI"


def test_a_division_named_like_its_big_city_is_the_city_when_bare(tiny_geocoder: Geocoder) -> None:
    # "Homs" alone is the city (78 % of the governorate's people); written as a container, or followed by a
    # division word, it is the governorate
    bare = tiny_geocoder.resolve_spans("d", "Shelling in Homs killed two.", [(12, 16)])[0]
    assert bare.feature_code == "PPL" and bare.geo_precision == 1
    # written as a container, the name is weighed as any other (no preference for the city)
    readings = tiny_geocoder.gaz.lookup("homs")
    bare_m, container_m = Mention(0, 4, "Homs", readings), Mention(0, 4, "Homs", readings, hints=Hints(container=True))
    resolve([bare_m])
    resolve([container_m])
    assert bare_m.best is not None and bare_m.best.feature_code == "PPL"
    assert container_m.best is not None and container_m.best.feature_code == "ADM1"
    text = "Shelling across the Homs governorate killed two."
    word_after = tiny_geocoder.resolve_spans("d", text, _spans(text, "Homs"))[0]
    assert word_after.feature_code == "ADM1"
    # after a direction adjective it is a part of the area, weighed without the city preference
    text = "Troops advanced in southeastern Homs."
    part = tiny_geocoder.resolve_spans("d", text, _spans(text, "Homs"))[0]
    assert part.feature_code == "ADM1"


def test_a_landmark_beats_a_small_town_of_its_name(tiny_geocoder: Geocoder) -> None:
    text = "The White House said the strikes on Raqqa would go on."
    white_house, _ = tiny_geocoder.resolve_spans("d", text, _spans(text, "White House", "Raqqa"))
    assert white_house.feature_code == "GOVL" and round(white_house.longitude or 0, 1) == -77.0
    assert white_house.geo_precision == 1
    # the town keeps its name where the text says so
    text = "Storms hit White House, Tenn., and Paris, Tenn."
    town = tiny_geocoder.resolve_spans("d", text, _spans(text, "White House", "Tenn."))[0]
    assert town.feature_code == "PPL" and town.admin1 == "Tennessee"
