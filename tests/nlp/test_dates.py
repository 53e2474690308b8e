from __future__ import annotations

from datetime import date

import pytest

from frontwatch.nlp.dates import DAY, MONTH, WEEK, find_dates

PUB = date(2017, 6, 11)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("On June 9, the army reached the border.", "2017-06-09", DAY),
        ("forces reached the border on Saturday", "2017-06-10", DAY),
        ("it was announced today that", "2017-06-11", DAY),
        ("clashes erupted yesterday", "2017-06-10", DAY),
        ("two days ago", "2017-06-09", DAY),
        ("Last week, the commander said", "2017-06-01", WEEK),
        ("earlier this month", "2017-06-06", MONTH),
        ("in early May", "2017-05-05", MONTH),
        ("on 12 December", "2016-12-12", DAY),
        ("June 13, 2017", "2017-06-13", DAY),
        ("Sat Jun 10, 2017", "2017-06-10", DAY),
        ("the past three weeks", "2017-06-01", MONTH),
    ],
)
def test_dates_resolve_against_publication(text: str, expected: str, precision: int) -> None:
    (d,) = find_dates(text, PUB)
    assert (d.date, d.precision) == (expected, precision)


def test_dates_without_publication_date_are_kept_unresolved() -> None:
    (d,) = find_dates("on Saturday the army advanced", None)
    assert d.text == "on Saturday" and d.date is None
    (d,) = find_dates("On June 9, 2017, the army advanced", None)
    assert d.date == "2017-06-09"


def test_future_days_are_not_event_dates() -> None:
    (d,) = find_dates("talks will resume next Friday", PUB)
    assert d.date is None


def test_offsets_point_at_the_expression() -> None:
    text = "He said on Tuesday night that"
    (d,) = find_dates(text, PUB)
    assert text[d.start: d.end] == d.text == "on Tuesday night"
