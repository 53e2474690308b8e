"""Who asserts a sentence ("a military source said", "ISIS claimed", "according to pro-government
sources") and whether it is hedged or not yet happened ("may", "will likely", "plans to", "attempt to").
"""

from __future__ import annotations

import re

from frontwatch.records import Attribution

_SOURCE_NOUNS = (r"sources?|officials?|spokes(?:man|woman|person)|ministry|minister|army|military|agency|media|"
                 r"residents?|witnesses|activists?|observatory|monitor|group|statement|commander|governor|police|"
                 r"command|authorities|government|report|reports|outlet|channel|network|correspondent|reporter|"
                 r"doctors?|medics?|hospital|officer|analysts?|experts?|council|office|administration|forces|"
                 r"militants|fighters|organi[sz]ation|committee|tv|television|newspaper|website")
_VERBS = (r"said|says|say|told|reported|reports|claimed|claims|announced|announces|stated|states|confirmed|"
          r"confirms|alleged|alleges|added|noted|underlined|declared|insisted|accused|asserted|revealed|wrote|posted")
ACCORDING = re.compile(r"\b(?:according to|citing|as reported by|reported by|quoted by|cited by)\s+"
                       r"(?P<src>[^,.;:]{2,80}?)(?=[,.;:]|\s+(?:on|in|at|who|which|that)\b|$)", re.I)
SAID_AFTER = re.compile(rf"(?P<src>(?:\b(?:a|an|the|several|some|two|three|local|military|security|medical)\s+)?"
                        rf"(?:[\w'’-]+\s+){{0,5}}?(?:{_SOURCE_NOUNS}))\s+(?:(?:also|later|earlier|previously|has|"
                        rf"have|had|further|then)\s+)?(?P<verb>{_VERBS})\b", re.I)
SAID_TAIL = re.compile(rf",\s*(?P<src>(?:[\w'’()-]+\s+){{0,6}}?(?:{_SOURCE_NOUNS}|[A-Z][\w-]+))\s+(?P<verb>said|says|"
                       rf"reported|claimed|told \w+)\s*[.!]?\s*$", re.I)
CLAIMED = re.compile(r"^(?P<src>(?:[A-Z][\w'’-]*\s*){1,5}?)\s+(?:has\s+|had\s+)?(?P<verb>claimed|announced|said|"
                     r"reported|stated|confirmed|admitted|denied)\b")
HEDGES = re.compile(
    r"\b(?:may|might|could|would|will|shall|likely|unlikely|possibly|perhaps|probably|reportedly planning|plans? to|"
    r"planning to|plan(?:ned)? to|intends? to|intending to|aims? to|expected to|is set to|are set to|is preparing to|"
    r"are preparing to|threaten(?:s|ed)? to|vow(?:s|ed)? to|attempt(?:s)? to|seek(?:s)? to|trying to|tries to|"
    r"in order to|if|whether|potential(?:ly)?|hope(?:s|d)? to|would be|going to|be forced to|speculat\w*)\b",
    re.I,
)
# Every SAID_AFTER match ends in one of _VERBS: a sentence without any skips that (slow) pattern.
_ANY_VERB = re.compile(rf"\b(?:{_VERBS})\b", re.I)
NEGATION = re.compile(r"\b(?:denied|deny|denies|did not|didn't|have not|haven't|has not|hasn't|no (?:one|casualties|"
                      r"deaths|injuries)|never|neither|nor|false|fake|rejected)\b", re.I)


def attribute(sentence: str, index: int, offset: int = 0) -> Attribution | None:
    """The source a sentence cites and whether it is hedged; None when neither."""
    src: re.Match[str] | None = None
    for pattern in (ACCORDING, SAID_TAIL, SAID_AFTER, CLAIMED):
        if pattern is SAID_AFTER and not _ANY_VERB.search(sentence):
            continue
        src = pattern.search(sentence)
        if src:
            break
    hedged = bool(HEDGES.search(sentence))
    if src is None and not hedged:
        return None
    if src is None:
        return Attribution(sentence=index, source="", start=offset, end=offset, hedged=True)
    text = re.sub(r"^(?:and|but|while|as)\s+", "", src.group("src").strip(), flags=re.I)
    start = offset + src.start("src") + (len(src.group("src")) - len(src.group("src").lstrip()))
    return Attribution(sentence=index, source=text, start=start, end=start + len(text), hedged=hedged)


def is_negated(sentence: str) -> bool:
    return bool(NEGATION.search(sentence))
