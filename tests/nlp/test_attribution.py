from __future__ import annotations

import pytest

from frontwatch.nlp.attribution import attribute


@pytest.mark.parametrize(
    ("sentence", "source", "hedged"),
    [
        ("According to pro-government sources, some 15 fighters were killed.", "pro-government sources", False),
        ("ISIS claimed that its members had hit two tanks.", "ISIS", False),
        ("A Syrian military source announced today that troops reached the border.", "A Syrian military source",
         False),
        ("Government forces retook the town on Tuesday, a military spokesman said.", "a military spokesman", False),
        ("Government forces will likely coordinate with the militia.", "", True),
        ("The group plans to attack the base.", "", True),
    ],
)
def test_attribution(sentence: str, source: str, hedged: bool) -> None:
    a = attribute(sentence, 0)
    assert a is not None and a.source == source and a.hedged is hedged
    if source:
        assert sentence[a.start: a.end] == source


def test_plain_sentence_has_no_attribution() -> None:
    assert attribute("The army reached the border.", 0) is None
