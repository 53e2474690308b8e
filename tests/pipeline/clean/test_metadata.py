from __future__ import annotations

from datetime import date

import pytest

from frontwatch.pipeline.clean.blocks import label_blocks, split_blocks
from frontwatch.pipeline.clean.metadata import extract_text_metadata, find_date

BODY = ("Government forces retook the town of Kalma on Tuesday after two days of heavy fighting with the rebels, "
        "a military spokesman said.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Test Wire, June 13, 2017", date(2017, 6, 13)),
        ("Outlet 12 June 2017", date(2017, 6, 12)),
        ("Sat Jun 10, 2017", date(2017, 6, 10)),
        ("Published: 2017-06-13T09:00", date(2017, 6, 13)),
        ("on the 3rd of March 2024", date(2024, 3, 3)),
        ("June 31, 2017", None),
    ],
)
def test_find_date(text: str, expected: date | None) -> None:
    found = find_date(text)
    assert (found[0] if found else None) == expected


def meta(lines: list[str]):  # type: ignore[no-untyped-def]
    return extract_text_metadata(label_blocks(split_blocks("\n".join(lines))))


def test_dateline_gives_outlet_and_date_second_byline_origin() -> None:
    m = meta(["Army retakes Kalma after heavy fighting", "Daily Courier, March 13, 2024",
              "Frontier Wire 12 March 2024", BODY, BODY])
    assert m.published == "2024-03-13" and m.outlet == "Daily Courier" and m.origin == "Frontier Wire"


@pytest.mark.parametrize(
    "cue",
    [
        "The original source of this article is Frontier Wire",
        "This article first appeared on Frontier Wire.",
        "Articles by: Frontier Wire",
        "Republished with permission from Frontier Wire.",
    ],
)
def test_origin_cues(cue: str) -> None:
    assert meta([BODY, BODY, cue]).origin == "Frontier Wire"


def test_lede_origin_paren_and_dash_but_not_city_dateline() -> None:
    assert meta(["(Frontier Wire) - " + BODY, BODY]).origin == "Frontier Wire"
    assert meta(["Frontier Wire – " + BODY, BODY]).origin == "Frontier Wire"
    assert meta(["Damascus – " + BODY, BODY]).origin is None
    assert meta(["BAMAKO, March 12 (Sahel Wire) - " + BODY, BODY]).origin == "Sahel Wire"


def test_no_date_means_none_never_guessed() -> None:
    assert meta([BODY, BODY]).published is None
