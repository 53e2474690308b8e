"""Fuzzing quantity parsing (``find_quantities``, ``parse_number``): offsets point at the quoted text,
values are finite and ordered (low <= value <= high), categories are known, and quantities other than
destroyed-item lists never overlap (one quantity per number, as promised)."""

from __future__ import annotations

import itertools
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.nlp import quantities
from frontwatch.nlp.quantities import UNITS_1_19, find_quantities, parse_number

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CATEGORIES = set(quantities.CATEGORIES) | {"killed_total", "destroyed", "distance", "area", "count", "casualties",
                                            "repetitions"}

_TOKENS = st.sampled_from([
    "at least", "more than", "some", "about", "nearly", "up to", "between", "and", "to", "12", "1,200", "2.5",
    "million", "thousand", "hundred", "twenty-one", "a dozen", "dozens", "hundreds", "several", "a few", "tens",
    "people", "civilians", "soldiers", "were", "was", "killed", "wounded", "injured", "captured", "displaced",
    "destroyed", "a tank", "two technicals", "km", "kilometres", "sq km", "square miles", "north of", "times",
    "twice", "death toll", "rose to", "since 2011", "the war has killed", "forcing", "to flee", "dead", "bodies",
    "left", "leaving", "9" * 40, "0", "-", "–", ",", ".", "\n",
])
_TEXT = st.one_of(st.lists(_TOKENS, max_size=30).map(" ".join), st.text(max_size=150))


@FUZZ
@given(_TEXT)
def test_fuzz_quantities_spans_values_and_overlaps(text: str) -> None:
    qs = find_quantities(text)
    assert [q.start for q in qs] == sorted(q.start for q in qs)
    for q in qs:
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text, q
        assert q.category in CATEGORIES, q.category
        for v in (q.value, q.low, q.high):
            assert v is None or (math.isfinite(v) and v >= 0), q
        assert q.low <= q.value and (q.high is None or q.high >= q.value), q
    spans = sorted((q.start, q.end) for q in qs if q.category != "destroyed")
    for (_s1, e1), (s2, _e2) in itertools.pairwise(spans):
        assert e1 <= s2, f"overlapping quantities in {text!r}: {spans}"


def test_fuzz_quantities_a_300_digit_toll_is_finite_or_ignored() -> None:
    text = "9" * 400 + " people were killed"
    assert all(math.isfinite(q.value) for q in find_quantities(text))


@FUZZ
@given(st.text(max_size=60))
def test_fuzz_quantities_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, (int, float))  # "several" gives the int 3 (VAGUE's values)


@FUZZ
@given(st.integers(min_value=0, max_value=10**12))
def test_fuzz_quantities_parse_number_reads_digits_and_thousands_separators(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


def test_fuzz_quantities_parse_number_reads_number_words() -> None:
    for n, word in enumerate(UNITS_1_19):
        if word:
            assert parse_number(word) == n, word
    assert parse_number("twenty-one") == 21 and parse_number("three hundred") == 300
