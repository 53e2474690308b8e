"""Readable rules for event detection: the trigger lexicon (``data/events/triggers.yaml``) and the
sentence filters (speculation, future, negation) that make a sentence no event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from frontwatch.nlp.lexicon import Hit, PhraseIndex


@dataclass(frozen=True, slots=True)
class Trigger:
    label: str
    strong: bool


@dataclass(frozen=True, slots=True)
class RuleResult:
    strong: tuple[str, ...]  # labels named by strong triggers, in order of first appearance
    weak: tuple[str, ...]
    hits: tuple[Hit[Trigger], ...]

    @property
    def candidate(self) -> bool:
        return bool(self.strong or self.weak)


@cache
def trigger_index() -> PhraseIndex[Trigger]:
    raw = yaml.safe_load(resources.files("frontwatch.data").joinpath("events/triggers.yaml").read_text("utf-8"))
    entries: list[tuple[str, Trigger]] = []
    for label, spec in raw["types"].items():
        entries += [(p, Trigger(label, True)) for p in spec.get("strong") or []]
        entries += [(p, Trigger(label, False)) for p in spec.get("weak") or []]
    return PhraseIndex(entries)


def triggers(sentence: str) -> RuleResult:
    hits = tuple(trigger_index().find(sentence))
    strong = tuple(dict.fromkeys(h.value.label for h in hits if h.value.strong))
    weak = tuple(dict.fromkeys(h.value.label for h in hits if not h.value.strong))
    return RuleResult(strong, weak, hits)


# A sentence whose event verb is governed by these is not (yet) an event: plans, predictions,
# possibilities, purposes, conditions. Reported claims ("X claimed that ...") stay events.
SPECULATIVE = re.compile(
    r"\b(?:will|would|could|may|might|shall|likely|unlikely|possibly|perhaps|probably|plans? to|planning to|"
    r"planned to|intends? to|intending to|aims? to|aiming to|expected to|is set to|are set to|preparing to|"
    r"threaten(?:s|ed)? to|vow(?:s|ed)? to|seeks? to|seeking to|trying to|tries to|tried to|attempt(?:s|ing)? to|"
    r"hopes? to|going to|be forced to|in order to|so as to|if|unless|whether|would have|could have|fears? that|"
    r"feared|warned that|warns that|risk of|potential|speculat\w*|analysts? (?:say|said|suggest\w*)|"
    r"suggest(?:s|ed)? that|is believed to be preparing)\b",
    re.I,
)
NEGATED = re.compile(
    r"\b(?:denied|denies|deny|did not|didn't|does not|doesn't|have not|haven't|has not|hasn't|had not|hadn't|"
    r"no (?:one|casualties|deaths|injuries|clashes|fighting|attacks?) (?:was|were|has been|have been|had been)|"
    r"never|was not|were not|wasn't|weren't|failed to|false reports?|fake news|rumou?rs?)\b",
    re.I,
)

# Background: a state of affairs that has gone on for years ("the army has been fighting numerous groups
# in a war that has lasted more than six years"), not one event.
_ONGOING = re.compile(r"\b(?:has|have) been \w+ing\b", re.I)
_YEARS = re.compile(r"\b(?:(?:for|over|lasted|lasting|spanning)\s+(?:(?:more than|over|nearly|almost|about|the past|"
                    r"the last|some|a)\s+)?(?:\w+\s+)?(?:years|decades?)|since (?:19|20)\d\d)\b", re.I)


def background(sentence: str) -> str | None:
    """Why a sentence is background (an ongoing state over years), or None."""
    if _ONGOING.search(sentence) and _YEARS.search(sentence):
        return "background: ongoing for years"
    return None


def not_an_event(sentence: str) -> str | None:
    """Why a sentence describes no event (speculation, future, negation), or None."""
    if NEGATED.search(sentence):
        return "negated"
    if SPECULATIVE.search(sentence):
        return "speculative or future"
    return None


# Clause boundaries after which a sentence often turns from the event to commentary ("X raided Y three
# times, followed by statements that ..."): each side is classified on its own as well.
_CLAUSE = re.compile(r"\s*(?:;|\s[-\u2013\u2014]\s|,\s+(?=(?:followed by|prompting|while|whereas|but|after which|"
                     r"sparking|triggering)\b))\s*", re.I)
MIN_CLAUSE_WORDS = 5
MIN_SPLIT_WORDS = 18


def clauses(sentence: str) -> list[str]:
    """The sentence's clauses when it is long and has clause boundaries, else [] (classify it whole)."""
    if len(sentence.split()) < MIN_SPLIT_WORDS:
        return []
    parts = [p.strip() for p in _CLAUSE.split(sentence) if p and p.strip()]
    parts = [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS]
    return parts if len(parts) > 1 else []
