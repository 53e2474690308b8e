"""Who took the ground decides the territory sub-event type (ACLED): state forces retaking a place is
``Government regains territory``, a non-state group taking it is ``Non-state actor overtakes territory``.

The pipeline decides it from the parsed roles (``stage.correct_type``). For a bare sentence (``frontwatch
classify``, the CASE-2021 benchmark) this module reads the acting side from the actor dictionary: the first
actor named before the territory verb, unless the sentence says it was pushed back or driven out.
"""

from __future__ import annotations

import re

from frontwatch.nlp.actors import GENERIC_STATE, LABEL_ONLY, ActorDictionary
from frontwatch.pipeline.extract.fields import STATE_LABELS

GOV = "Government regains territory"
NON_STATE = "Non-state actor overtakes territory"
TERRITORY = frozenset({GOV, NON_STATE})
_VERB = re.compile(r"\b(?:captur|seiz|took\b|tak(?:e|en|ing)\b|retook|retak|recaptur|regain|liberat|overr[au]n|storm|"
                   r"enter|clear|control)", re.I)
# "X were pushed back from ...": the actor named first lost the ground
_LOSER = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:was|were|have been|has been|had been)\s+(?:\w+\s+)?(?:pushed|driven|"
                    r"expelled|forced|ousted|routed|kicked|dislodged|evicted|repelled)\b", re.I)


def acting_side(text: str, dictionary: ActorDictionary | None = None) -> str | None:
    """``"state"``, ``"non-state"`` or None (no actor named before the territory verb)."""
    verb = _VERB.search(text)
    if verb is None:
        return None
    for m in (dictionary or ActorDictionary.get()).find(text):
        if m.start >= verb.start():
            return None
        label = (m.label or "") if m.actor_id.startswith(LABEL_ONLY) else ""
        if m.actor_id == GENERIC_STATE or m.inter == 1 or label in STATE_LABELS:
            side = "state"
        elif m.actor_id.startswith(LABEL_ONLY) or (m.inter or 0) in (2, 3, 4):
            side = "non-state"
        else:
            continue
        if _LOSER.match(text[m.end:]):
            return "non-state" if side == "state" else "state"
        return side
    return None


def by_acting_side(label: str, text: str, dictionary: ActorDictionary | None = None) -> str:
    """The territory label the acting side calls for; any other label unchanged."""
    if label not in TERRITORY:
        return label
    side = acting_side(text, dictionary)
    if side == "state":
        return GOV
    if side == "non-state":
        return NON_STATE
    return label
