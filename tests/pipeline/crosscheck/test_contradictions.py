from __future__ import annotations

import dataclasses
from typing import Any

from frontwatch.pipeline.crosscheck.contradictions import confirmations, find_contradictions
from frontwatch.records import Quantity
from tests.pipeline.conftest import USA, place


def fields(cs: list[Any]) -> set[str]:
    return {c.field for c in cs}


def test_date_contradiction_by_day_not_within_precision(mk: Any) -> None:
    ind = {"a": "A", "b": "B"}
    assert "event_date" in fields(find_contradictions([mk("a"), mk("b", date="2017-06-10")], ind))
    week = mk("b", date="2017-06-10", precision=2, date_text="last week")
    assert "event_date" not in fields(find_contradictions([mk("a"), week], ind))


def test_date_from_publication_is_not_a_claim(mk: Any) -> None:
    pub = mk("b", date="2017-06-13", precision=2, date_text=None)
    assert not find_contradictions([mk("a"), pub], {"a": "A", "b": "B"})


def test_copies_never_contradict(mk: Any) -> None:
    assert not find_contradictions([mk("a"), mk("b", date="2017-06-10")], {"a": "A", "b": "A"})


def test_fatalities_contradiction_respects_ranges(mk: Any) -> None:
    ind = {"a": "A", "b": "B"}
    c = find_contradictions([mk("a", fatalities=12), mk("b", fatalities=31)], ind)
    (fat,) = [x for x in c if x.field == "fatalities"]
    assert {v.value for v in fat.values} == {"12", "31"}
    at_least = mk("a", fatalities=12, low=12, high=None)
    at_least = at_least.__class__(**{**{f: getattr(at_least, f) for f in at_least.__slots__}, "fatalities_high": None})
    assert "fatalities" not in fields(find_contradictions([at_least, mk("b", fatalities=31)], ind))


def test_location_contradiction_for_relative_offsets(mk: Any) -> None:
    a = mk("a", where=place("50 km N of Kalma", 33.95, 38.66, 2, distance_km=50, bearing="north", anchor="Kalma"))
    b = mk("b", where=place("70 km N of Kalma", 34.13, 38.66, 2, distance_km=70, bearing="north", anchor="Kalma"))
    (loc,) = [x for x in find_contradictions([a, b], {"a": "A", "b": "B"}) if x.field == "location"]
    assert {v.value for v in loc.values} == {"50 km north of Kalma", "70 km north of Kalma"}


def test_actor_contradiction_and_confirmation(mk: Any) -> None:
    ind = {"a": "A", "b": "B"}
    c = find_contradictions([mk("a"), mk("b", actor1=USA, actor2=None)], ind)
    assert "actor1" in fields(c)
    times = Quantity(0, 11, "three times", 3, 3, 3, None, "times", "repetitions")
    conf = confirmations([mk("a", quantities=(times,)), mk("b", quantities=(times,))], ind)
    assert conf == ["3 times (confirmed by 2 independent sources)"]


def _killed(value: float, subject: str | None) -> Quantity:
    return Quantity(start=0, end=1, text=str(value), value=value, low=value, high=value, qualifier=None, unit=None,
                    category="killed", subject=subject)


def test_fatalities_compare_each_sources_precise_figure(mk: Any) -> None:
    """A headline's "more than 50" agrees with 51, but the body's exact count of the same report does not."""
    ind = {"a": "A", "b": "B"}
    headline = dataclasses.replace(mk("a", "Attack", fatalities=51, low=51, sentence=0), fatalities_high=None)
    body = mk("a", "Attack", fatalities=52, sentence=1,
              quantities=(_killed(15, "civilians"), _killed(27, "fighters"), _killed(10, "others")))
    other = mk("b", "Attack", fatalities=51)
    (fat,) = [c for c in find_contradictions([headline, body, other], ind) if c.field == "fatalities"]
    assert {v.value: v.doc_ids for v in fat.values} == {"52 (15 civilians, 27 fighters, 10 others)": ("a",),
                                                        "51": ("b",)}
    # with only the open-ended headline, nothing contradicts
    assert "fatalities" not in fields(find_contradictions([headline, other], ind))
