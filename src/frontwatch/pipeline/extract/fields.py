"""Event fields from one document's annotations: place, date, fatalities, who claims it, and the
actor a bare label ("the terrorists") or generic reference refers to."""

from __future__ import annotations

import re
from datetime import date

from frontwatch.nlp.actors import GENERIC_STATE, LABEL_ONLY, state_actor
from frontwatch.nlp.quantities import victim_groups
from frontwatch.records import ActorMention, Document, PlaceMention, Quantity

VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots",
                           "Protests"})
# Labels that name state forces ("the border guards", "the troops"): they refer back to the last named
# state actor, where other labels ("the terrorists") refer back to the last named non-state actor.
STATE_LABELS = frozenset({"troops", "army", "soldiers", "border guards", "police", "security forces",
                          "government forces", "military", "armed forces", "special forces", "regime forces",
                          "pro-government forces", "servicemen", "gendarmes", "national army"})
# A label right after these words names the side being fought, not the actor just named.
OPPOSED = re.compile(r"\b(?:against|combat(?:ing|s)?|fight(?:ing|s)?|battl(?:e|es|ing)|target(?:ing|s)?|"
                     r"attack(?:ing|s)?|defeat(?:ing|s)?|expel(?:ling|s)?|from|over|repel(?:ling|led)?|"
                     r"of the)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
# A place named this many sentences before the event sentence (same paragraph) still locates it.
PLACE_LOOKBACK_SENTENCES = 3


def _paragraph_sentences(doc: Document, k: int) -> list[int]:
    para = doc.sentences[k].paragraph
    return [j for j in range(k - 1, max(-1, k - 1 - PLACE_LOOKBACK_SENTENCES), -1)
            if doc.sentences[j].paragraph == para]


# Landmarks that usually stand for an institution ("the White House condemned", "Downing Street said", "the
# Élysée announced"): never the place of an event unless written as a place (below), and then the last choice.
METONYM_CODES = frozenset({"GOVL", "PAL", "ST"})
# ... unless the words before it make it a place: "at Downing Street", or a relative record ("outside the
# White House", whose text starts at the relation word).
_LOCATIVE = re.compile(r"\b(?:at|outside|inside|in|near|into|to|from|on|around|opposite|behind|toward|towards)"
                       r"\s+(?:the\s+)?$", re.I)


def _place_rank(p: PlaceMention) -> tuple[int, int, float]:
    # named places before regions before countries before seats of power; among named places, a village or
    # building the gazetteer lacks, placed in its town ("the village of Nkoe in Macomia district"), before the
    # town; then confidence
    fc = (p.feature_code or "")
    level = (3 if fc in METONYM_CODES else 2 if fc.startswith("PCL")
             else 1 if fc.startswith("ADM1") or p.geo_precision == 3 else 0)
    return level, 0 if p.fallback is not None else 1, -p.confidence


# A place name followed by these acts as a government ("Washington plans", "Moscow said"): metonymy,
# not the place of an event.
METONYMY = re.compile(r"^(?:'s|’s|\s+(?:plans?|said|says|wants?|will|would|has|had|is|accused|claimed|announced|"
                      r"warned|insists?|rejected|denied|demanded|urged|responded|backed|supports?))\b", re.I)


def choose_place(doc: Document, k: int) -> PlaceMention | None:
    """The place of the event sentence (the most specific one), else the nearest before it (same
    paragraph first, then the previous sentences of the document)."""
    actor_spans = [(a.start, a.end) for a in doc.actors if not a.actor_id.startswith(LABEL_ONLY)]
    before = _paragraph_sentences(doc, k)
    earlier = [j for j in range(k - 1, max(-1, k - 1 - PLACE_LOOKBACK_SENTENCES), -1) if j not in before]
    for j in (k, *before, *earlier):
        here = [p for p in doc.places if p.sentence == j and p.is_location and p.latitude is not None
                and not any(p.start < e and s < p.end for s, e in actor_spans)  # "US forces" is not a place
                and not METONYMY.match(doc.text[p.end: p.end + 16])
                and not (p.feature_code in METONYM_CODES and p.anchor is None
                         and not _LOCATIVE.search(doc.text[max(0, p.start - 24):p.start]))]
        if here:
            return min(here, key=_place_rank)
    return None


def choose_date(doc: Document, k: int) -> tuple[str | None, int, str | None]:
    """(ISO date, ACLED time precision, the expression) of the event: the sentence's date, else the
    paragraph's latest date before it, else the publication date (week precision: 'as reported')."""
    own = [d for d in doc.dates if d.sentence == k]
    resolved = [d for d in own if d.date]
    if resolved:
        d = resolved[0]
        return d.date, d.precision, d.text
    if own:  # an expression we cannot resolve (no publication date): keep it, date unknown
        return None, own[0].precision, own[0].text
    para = doc.sentences[k].paragraph
    for j in range(k - 1, -1, -1):  # the whole paragraph before the sentence
        if doc.sentences[j].paragraph != para:
            break
        prev = [d for d in doc.dates if d.sentence == j and d.date]
        if prev:
            return prev[-1].date, prev[-1].precision, prev[-1].text
    if doc.published:
        return doc.published, 2, None
    return None, 3, None


def fatalities(doc: Document, k: int, event_type: str) -> tuple[int | None, int | None, int | None,
                                                                 tuple[Quantity, ...]]:
    """Killed counts stated in the event sentence (summed over distinct victim groups)."""
    qs = tuple(q for q in doc.quantities if q.sentence == k)
    if event_type not in VIOLENT_TYPES:
        return None, None, None, qs
    killed = [q for q in qs if q.category == "killed"]
    if not killed:
        return None, None, None, qs
    by_subject = victim_groups(killed)
    value = int(sum(q.value for q in by_subject.values()))
    low = int(sum(q.low for q in by_subject.values()))
    highs = [q.high for q in by_subject.values()]
    high = int(sum(h for h in highs if h is not None)) if all(h is not None for h in highs) else None
    return value, low, high, qs


def claimed_by(doc: Document, k: int) -> str | None:
    for a in doc.attributions:
        if a.sentence == k and a.source:
            return a.source
    return None


def bind_label(doc: Document, m: ActorMention, offset: int) -> ActorMention | None:
    """The named actor a bare label ("the terrorists") or a generic state reference points to: the
    generic state reference binds to the country focus; a label binds to the nearest named non-state
    actor before it in the document (same or previous sentences)."""
    if m.actor_id == GENERIC_STATE:
        if doc.country_focus is None:
            return None
        sid, sname = state_actor(doc.country_focus)
        return ActorMention(m.start, m.end, m.text, sid, sname, 1, m.label, m.sentence)
    if not m.actor_id.startswith(LABEL_ONLY):
        return m
    absolute = m.start + offset
    state_label = (m.label or "") in STATE_LABELS
    lead = doc.text[max(0, absolute - 30): absolute]
    if re.search(r"(?:^|\s)(?-i:[A-Z][a-z]+)\s+$", lead) and not re.search(r"\b(?:The|And|But)\s+$", lead):
        return None  # "Syrian opposition militias": a group of its own, not a back-reference
    after = doc.text[absolute + len(m.text): absolute + len(m.text) + 4]
    if OPPOSED.search(lead) or re.match(r"\s+(?:to|of)\b", after):
        return None  # "combating terrorists", "in opposition to": the other side, or no actor at all
    anaphoric = bool(re.search(r"\b(?:the|these|those|such)\s+(?:\w+\s+)?$", lead, re.I))

    def candidates(sentence: int) -> list[ActorMention]:
        return [a for a in doc.actors if a.sentence == sentence and not a.actor_id.startswith(LABEL_ONLY)
                and a.actor_id != GENERIC_STATE and ((a.inter or 0) == 1) == state_label
                and not (sentence == m.sentence and a.start >= absolute)]

    same = {a.actor_id: a for a in candidates(m.sentence)}
    if len(same) == 1:
        return next(iter(same.values()))
    if not same and anaphoric:  # "the terrorists" refers back to the last such actor named
        for j in range(m.sentence - 1, max(-1, m.sentence - 3), -1):
            prev = candidates(j)
            if prev:
                return prev[-1]
    return None


# ACLED interaction codes of armed actors (state forces, rebels, political and identity militias,
# external forces).
ARMED_INTER = frozenset({1, 2, 3, 4, 8})


def context_actor(doc: Document, k: int, exclude: str | None, armed_only: bool = False) -> ActorMention | None:
    """The first named actor of the nearest previous sentence of the paragraph that names one (the side
    a passive sentence, or "the attack", leaves implicit); ``armed_only``: armed actors only."""
    for j in _paragraph_sentences(doc, k):
        named = []
        for a in doc.actors:
            if a.sentence != j or a.actor_id.startswith(LABEL_ONLY):
                continue
            if a.actor_id == GENERIC_STATE:  # "government troops": the state forces of the country focus
                if doc.country_focus is None:
                    continue
                sid, sname = state_actor(doc.country_focus)
                a = ActorMention(a.start, a.end, a.text, sid, sname, 1, a.label, a.sentence)
            if a.actor_id != exclude and (not armed_only or (a.inter or 0) in ARMED_INTER):
                named.append(a)
        if named:
            return named[0]
    return None


# Casualty subjects that name combatants: an "attack" whose only victims are these is a clash (ACLED).
COMBATANTS = re.compile(r"\b(?:militants?|fighters?|soldiers?|troops|rebels?|insurgents?|terrorists?|gunmen|"
                        r"jihadists?|militiam[ae]n|militias?|attackers?|assailants?|combatants?|servicem[ae]n|"
                        r"paramilitar(?:y|ies)|guerrillas?|mercenaries|jihadis|extremists?|bandits?)\b", re.I)


def combatant_victims(doc: Document, k: int) -> bool:
    """Are all the people the sentence counts as killed or wounded combatants ("12 militants were killed")?"""
    victims = [q for q in doc.quantities if q.sentence == k and q.category in ("killed", "wounded")]
    # "28 terrorists were killed and 30 others wounded": "others" are more of the same
    named = [q for q in victims if not (q.subject and q.subject.lower() in ("others", "more", "other"))]
    return bool(named) and all(q.subject and COMBATANTS.search(q.subject) for q in named)


def to_date(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
