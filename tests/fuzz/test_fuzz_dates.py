"""Fuzzing date resolution (``find_dates``): mentions point at the text they quote, never overlap,
carry valid ISO dates and ACLED precisions, are never guessed without a publication date, and a
day-precise relative date is never after the publication date (beyond the stated tolerance)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.nlp.dates import FUTURE_TOLERANCE_DAYS, find_dates
from tests.fuzz.invariants import iso_date

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_TOKENS = st.sampled_from([
    "on", "June", "Jun.", "Sept", "9", "31", "29", "February", "1st", "the", "of", "2017", "1899", "2024-02-30",
    "2023-06-09", "Saturday", "last", "next", "this", "week", "weekend", "month", "ago", "two", "a couple of",
    "days", "weeks", "yesterday", "today", "tonight", "overnight", "early", "late", "mid", "in", "since", "morning",
    "earlier", "past", "three", "km", "%", ",", ".", "  ", "\n", "Tuesday night", "the day before yesterday",
])
_TEXT = st.one_of(st.lists(_TOKENS, max_size=30).map(" ".join), st.text(max_size=120))
_PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)))


@st.composite
def _spans(draw: st.DrawFn, text: str) -> list[tuple[int, int]]:
    """Candidate DATE spans as spaCy would give them: inside the text, possibly overlapping."""
    n = len(text)
    out = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, n))
        out.append((start, draw(st.integers(start, min(n, start + 45)))))
    return out


@FUZZ
@given(st.data(), _TEXT, _PUBLISHED)
def test_fuzz_dates_mentions_are_valid_and_never_overlap(data: st.DataObject, text: str,
                                                         published: date | None) -> None:
    spans = data.draw(_spans(text))
    mentions = find_dates(text, published, spans)
    previous_end = -1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text
        assert m.start >= previous_end, f"overlapping mentions in {text!r}"
        previous_end = m.end
        assert m.precision in (1, 2, 3)
        resolved = iso_date(m.date)
        if published is None and m.relative:
            assert resolved is None, f"{m.text!r} resolved without a publication date"
        if resolved is not None and published is not None and m.relative and m.precision == 1:
            assert resolved <= published + timedelta(days=FUTURE_TOLERANCE_DAYS), (m, published)


@FUZZ
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)), st.sampled_from(["mdy", "dmy", "iso"]))
def test_fuzz_dates_absolute_dates_resolve_to_themselves(day: date, style: str) -> None:
    text = {"mdy": f"on {day:%B} {day.day}, {day.year}", "dmy": f"on {day.day} {day:%B} {day.year}",
            "iso": f"on {day.isoformat()}"}[style]
    if day.year < 1900 or day.year > 2099:
        return
    [m] = find_dates(text, None)
    assert m.date == day.isoformat() and m.precision == 1 and not m.relative
