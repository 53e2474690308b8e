from __future__ import annotations

import pytest

from frontwatch.nlp.quantities import find_quantities, parse_number


def q(text: str) -> list[tuple[str, float, float, float | None, str | None, str | None]]:
    return [(x.category, x.value, x.low, x.high, x.unit, x.subject) for x in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28 terrorists were killed and 30 others were wounded",
         [("killed", 28, 28, 28, None, "terrorists"), ("wounded", 30, 30, 30, None, "others")]),
        ("At least six people were killed", [("killed", 6, 6, None, None, "people")]),
        ("some 15 members were killed", [("killed", 15, 12, 18, None, "members")]),
        ("dozens wounded", [("wounded", 12, 12, 99, None, None)]),
        ("more than 100 people died", [("killed", 100, 100, None, None, "people")]),
        ("the death toll rose to 42", [("killed", 42, 42, 42, None, None)]),
        ("killing 6 civilians", [("killed", 6, 6, 6, None, "civilians")]),
        ("4km away from the crossing", [("distance", 4, 4, 4, "km", None)]),
        ("about 20 km northwest of the airbase", [("distance", 20, 16, 24, "km", None)]),
        ("30km deep into their positions", [("distance", 30, 30, 30, "km", None)]),
        ("a region with 550sq/km of area", [("area", 550, 550, 550, "sq km", None)]),
        ("some 90,000 square kilometers", [("area", 90000, 72000, 108000, "sq km", None)]),
        ("cleansed 20,000 square meters", [("area", 20000, 20000, 20000, "m2", None)]),
        ("forcing 4,200 people to flee", [("displaced", 4200, 4200, 4200, None, "people")]),
    ],
)
def test_quantities(text: str, expected: list[tuple[str, float, float, float | None, str | None, str | None]]) -> None:
    assert q(text) == expected


def test_destroyed_equipment_list() -> None:
    got = q("The army destroyed a tank, a BMP-1 vehicle, and 2 technicals armed with 23mm guns.")
    assert [(c, v, s) for c, v, _, _, _, s in got] == [("destroyed", 1, "tank"), ("destroyed", 1, "bmp-1"),
                                                       ("destroyed", 2, "technicals")]


def test_coordinated_counts_share_the_verb() -> None:
    got = q("15 civilians and 27 non-civilians were killed")
    assert [(c, v, s) for c, v, _, _, _, s in got] == [("killed", 15, "civilians"), ("killed", 27, "non-civilians")]


@pytest.mark.parametrize(("text", "value"), [("1,200", 1200), ("twenty-one", 21), ("three hundred", 300),
                                             ("2.5 million", 2.5e6), ("a dozen", 12), ("dozens", 12)])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_second_object_of_a_killing_verb() -> None:
    got = q("the raid killed 15 civilians and 27 pro-government fighters.")
    assert [(c, v, s) for c, v, _, _, _, s in got] == [("killed", 15, "civilians"), ("killed", 27, "fighters")]


def test_death_toll_after_a_long_subject() -> None:
    got = q("The death toll from the Monday attack on the market of the old town reached 51 people.")
    assert [(c, v) for c, v, *_ in got] == [("killed", 51)]


def test_a_side_losing_fighters_counts_as_killed() -> None:
    assert [(c, v, s) for c, v, _, _, _, s in q("The rebels also lost 15 fighters in the battle.")] == [
        ("killed", 15, "fighters")]
    assert q("The rebels also lost 3 tanks.") == []


def test_another_group_of_dead_is_a_victim_group_of_its_own() -> None:
    from frontwatch.nlp.quantities import find_quantities, victim_groups

    qs = [x for x in find_quantities("It killed 15 civilians and 27 fighters, with another 10 bodies unidentified.")
          if x.category == "killed"]
    assert sorted((k, x.value) for k, x in victim_groups(qs).items()) == [
        ("civilians", 15), ("fighters", 27), ("others", 10)]
    # an unqualified count restates the qualified ones
    qs = [x for x in find_quantities("50 people were killed: 15 civilians and 35 soldiers were killed.")
          if x.category == "killed"]
    assert sorted(victim_groups(qs)) == ["civilians", "soldiers"]
