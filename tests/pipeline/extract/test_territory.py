"""Who took the ground decides the territory type of a bare sentence (ACLED)."""

from __future__ import annotations

import pytest

from frontwatch.pipeline.extract.territory import GOV, NON_STATE, acting_side, by_acting_side


@pytest.mark.parametrize(("sentence", "side"), [
    ("Government forces captured five villages in the north-west on Wednesday.", "state"),
    ("The army recaptured the town from the rebels after two days of fighting.", "state"),
    ("Al-Shabaab militants retook the village from government forces this afternoon.", "non-state"),
    ("Rebels seized two oil fields on Tuesday, officials said.", "non-state"),
    ("The militants were pushed back from the hill by government troops, which took control of it.", "state"),
    ("The town changed hands twice this year.", None),
    ("Two oil fields were seized on Tuesday.", None),
])
def test_acting_side(sentence: str, side: str | None) -> None:
    assert acting_side(sentence) == side


def test_by_acting_side_switches_territory_labels_only() -> None:
    assert by_acting_side(NON_STATE, "Government forces captured the airport.") == GOV
    assert by_acting_side(GOV, "Insurgents captured the airport.") == NON_STATE
    assert by_acting_side(GOV, "The airport was captured.") == GOV  # nobody named: the classifier's reading
    assert by_acting_side("Armed clash", "Insurgents captured the airport.") == "Armed clash"
