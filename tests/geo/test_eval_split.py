"""The development / held-out split of the geoparsing benchmark (frontwatch.evaluation.geocoding)."""

from __future__ import annotations

from frontwatch.evaluation.geocoding import DEV, HELD_OUT, split_of


def test_split_is_deterministic_and_roughly_even() -> None:
    ids = [str(i) for i in range(2000)]
    first = [split_of("LGL", i) for i in ids]
    assert first == [split_of("LGL", i) for i in ids]
    assert set(first) == {DEV, HELD_OUT}
    assert 0.45 < first.count(DEV) / len(first) < 0.55


def test_split_depends_on_the_corpus() -> None:
    ids = [str(i) for i in range(200)]
    assert [split_of("LGL", i) for i in ids] != [split_of("TR-News", i) for i in ids]


def test_known_assignments_never_change() -> None:
    # pinned: a change here would re-split every published figure (docs/geocoding.md)
    assert [split_of("LGL", i) for i in "0123"] == [HELD_OUT, HELD_OUT, DEV, HELD_OUT]
    assert [split_of("TR-News", i) for i in "0123"] == [HELD_OUT, DEV, HELD_OUT, HELD_OUT]
