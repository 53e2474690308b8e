"""The extract stage: event mentions per sentence, typed in ACLED's vocabulary, with roles, place,
date, fatalities and who claims it.

Candidate sentences come from the trigger lexicon (cheap); the learned classifier (sentence embeddings
+ a head trained on the team's own sentences) types them; the two are combined (DECISION below); the
dependency parser runs only on sentences kept as events, to find the event verb, whether it is
asserted (not future, hedged or negated) and the actors' roles.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from frontwatch.nlp.actors import GENERIC_STATE, LABEL_ONLY, country_name, state_actor
from frontwatch.pipeline.base import RunContext, Stage
from frontwatch.pipeline.budget import TIMEOUT, Budget, item_key
from frontwatch.pipeline.extract import fields
from frontwatch.pipeline.extract.labels import NO_EVENT, SUB_EVENT_TYPES
from frontwatch.pipeline.extract.roles import find_roles
from frontwatch.pipeline.extract.rules import background, clauses, not_an_event, triggers
from frontwatch.pipeline.nlp.stage import is_english
from frontwatch.records import ActorMention, ActorRole, Document, Drop, EventMention

log = logging.getLogger(__name__)

# DECISION (tuned on the development half of CASE-2021 and the bundled demo corpus; never on the held-out
# half). Readable order of preference:
# 1. a confident classifier label (>= ACCEPT) that the lexicon supports, or that no strong trigger contradicts;
# 2. the strong trigger's label the classifier ranks highest, if it gives it at least RULE_SUPPORT;
# 3. a classifier label supported by a trigger at >= WEAK_ACCEPT;
# 4. when the sentence has evidence of an event (an actor, a place or a casualty count) and the classifier
#    is not sure it is no event (< NO_EVENT_MAX), the trigger-supported label it ranks highest, if >= WEAK_SUPPORT;
# 5. a confident classifier label without lexical support;
# otherwise no event.
ACCEPT = 0.55
RULE_SUPPORT = 0.08
WEAK_ACCEPT = 0.40
WEAK_SUPPORT = 0.05
NO_EVENT_MAX = 0.70
# Types whose acting side, when the sentence leaves it out ("28 militants were killed"), is the actor
# named just before in the paragraph ("The army repelled attacks ...").
CONTEXT_ACTOR_TYPES = frozenset({"Battles", "Explosions/Remote violence"})
# "The attack killed 15 civilians": a definite event noun refers back to an event named before, whose
# perpetrator the paragraph has already given.
ANAPHORIC_EVENT = re.compile(r"\b(?:the|this|that|these|those|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|"
                             r"Saturday's|Sunday's)\s+(?:\w+\s+)?(?:attacks?|assaults?|raids?|strikes?|air ?strikes?|"
                             r"bombings?|blasts?|explosions?|massacres?|ambush(?:es)?|offensive|shelling)\b", re.I)
# Event sentences longer than this are cut before parsing (run-on scraped paragraphs).
MAX_PARSE_CHARS = 600
ARMED_INTER = fields.ARMED_INTER


@dataclass(frozen=True, slots=True)
class Decision:
    label: str
    score: float
    method: str


def decide(strong: Sequence[str], weak: Sequence[str], label: str, score: float, scores: dict[str, float],
           evidence: bool = True) -> Decision:
    """Combine the trigger lexicon and the classifier for one sentence (see DECISION above)."""
    supported = list(dict.fromkeys([*strong, *weak]))
    if label != NO_EVENT and score >= ACCEPT and (label in supported or not strong):
        return Decision(label, score, "rules+model" if label in supported else "model")
    if strong:
        best = max(strong, key=lambda lab: scores.get(lab, 0.0))
        if scores.get(best, 0.0) >= RULE_SUPPORT:
            return Decision(best, scores[best], "rules+model" if best == label else "rules")
    if label != NO_EVENT and label in supported and score >= WEAK_ACCEPT:
        return Decision(label, score, "rules+model")
    if supported and evidence and scores.get(NO_EVENT, 0.0) < NO_EVENT_MAX:
        best = max(supported, key=lambda lab: scores.get(lab, 0.0))
        if scores.get(best, 0.0) >= WEAK_SUPPORT:
            return Decision(best, scores[best], "rules")
    if label != NO_EVENT and score >= ACCEPT:
        return Decision(label, score, "model")
    return Decision(NO_EVENT, score, "none")


def correct_type(sub: str, actor1: ActorRole | None, actor2: ActorRole | None) -> str:
    """ACLED's definitions decided by who is involved: an 'Attack' on armed actors is a clash; territory
    taken by a non-state actor is 'Non-state actor overtakes territory', by state forces 'Government
    regains territory'."""
    if sub == "Attack" and actor2 is not None and actor2.inter in ARMED_INTER:
        return "Armed clash"
    if sub == "Government regains territory" and actor1 is not None and actor1.inter in (2, 3, 4):
        return "Non-state actor overtakes territory"
    if sub == "Non-state actor overtakes territory" and actor1 is not None and actor1.inter == 1:
        return "Government regains territory"
    return sub


class ExtractStage(Stage[Document, Document]):
    name: ClassVar[str] = "extract.events.v1"

    def __init__(self) -> None:
        self._clf: Any = None
        self._parser: Any = None

    def setup(self, ctx: RunContext) -> None:
        from frontwatch.nlp.model import parser_pipeline
        from frontwatch.pipeline.extract.classifier import EventClassifier

        self._clf = EventClassifier.load()
        self._parser = parser_pipeline()

    def process(self, item: Document, ctx: RunContext) -> Document | Drop:
        return self.process_batch([item], ctx)[0]

    def process_batch(self, items: Sequence[Document], ctx: RunContext) -> list[Document | Drop]:
        if self._clf is None:
            self.setup(ctx)
        budget = ctx.budget
        keys = [item_key(d) for d in items]
        out_of_time: set[int] = set()
        # 1. candidates (rules) across the whole batch, each document under its time budget
        cands: list[tuple[int, int, Any]] = []  # (doc index, sentence index, rule result)
        for i, doc in enumerate(items):
            if not is_english(doc, ctx.settings.languages):
                continue
            found = budget.run(keys[i], _candidates, doc, budget.check)
            if isinstance(found, Drop):
                out_of_time.add(i)
            else:
                cands += [(i, k, r) for k, r in found]
        ctx.count(self.name, "sentences", sum(len(d.sentences) for d in items))
        ctx.count(self.name, "candidate_sentences", len(cands))
        # 2. classify candidates in one call (its time shared out by candidates per document)
        texts = [items[i].text[items[i].sentences[k].start: items[i].sentences[k].end] for i, k, _ in cands]
        started = time.monotonic()
        parts = [clauses(t) for t in texts]
        flat = [c for ps in parts for c in ps]
        all_preds = self._clf.predict([*texts, *flat]) if texts else []
        preds, rest = all_preds[:len(texts)], iter(all_preds[len(texts):])
        # a sentence that reports an event and then comments on it: the clause most likely to be an event
        preds = [min([p, *(next(rest) for _ in ps)], key=lambda q: q.scores.get(NO_EVENT, 0.0))
                 for p, ps in zip(preds, parts, strict=True)]
        ctx.count(self.name, "clauses_classified", len(flat))
        out_of_time |= _charge(budget, keys, [i for i, _, _ in cands], time.monotonic() - started)
        decided: list[tuple[int, int, Decision, Any]] = []
        parse_texts: list[str] = []
        for (i, k, r), p, t in zip(cands, preds, texts, strict=True):
            if i in out_of_time:
                continue
            d = decide(r.strong, r.weak, p.label, p.score, p.scores, evidence=_evidence(items[i], k))
            if d.label == NO_EVENT:
                continue
            decided.append((i, k, d, r))
            parse_texts.append(t[:MAX_PARSE_CHARS])
        # 3. parse the event sentences only
        ctx.count(self.name, "parsed_sentences", len(parse_texts))
        started = time.monotonic()
        parses = list(self._parser.pipe(parse_texts, batch_size=32)) if parse_texts else []
        out_of_time |= _charge(budget, keys, [i for i, _, _, _ in decided], time.monotonic() - started)
        per_doc: dict[int, list[tuple[int, Decision, Any, Any]]] = {}
        for (i, k, d, r), parsed in zip(decided, parses, strict=True):
            per_doc.setdefault(i, []).append((k, d, r, parsed))
        out: list[Document | Drop] = []
        for i, doc in enumerate(items):
            if not is_english(doc, ctx.settings.languages):
                out.append(Drop(f"language is {doc.language}: event extraction skipped"))
                continue
            if i in out_of_time:
                out.append(Drop(TIMEOUT))
                continue
            mentions = budget.run(keys[i], self._mentions, doc, per_doc.get(i, []), budget.check)
            out.append(mentions if isinstance(mentions, Drop)
                       else dataclasses.replace(doc, event_mentions=tuple(mentions)))
        return out

    def _mentions(self, doc: Document, parsed: Sequence[tuple[int, Decision, Any, Any]],
                  check: Callable[[], None]) -> list[EventMention]:
        mentions: list[EventMention] = []
        for k, d, r, sp in parsed:
            check()
            em = self._mention(doc, k, d, r, sp)
            if em is not None:
                mentions.append(em)
        return mentions

    def _mention(self, doc: Document, k: int, d: Decision, r: Any, parsed: Any) -> EventMention | None:
        s = doc.sentences[k]
        text = doc.text[s.start: s.end]
        rel_actors = [dataclasses.replace(a, start=a.start - s.start, end=a.end - s.start)
                      for a in doc.actors if a.sentence == k]
        trig = next((h for h in r.hits if h.value.label == d.label), None) or (r.hits[0] if r.hits else None)
        roles = find_roles(parsed, trig.start if trig else None, rel_actors)
        if not roles.asserted:
            return None
        if trig is None and not_an_event(text):
            return None
        if background(text):
            return None
        claimed = fields.claimed_by(doc, k)
        actor1 = _role(roles.actor1, doc, s.start)
        actor2 = _role(roles.actor2, doc, s.start)
        sub = correct_type(d.label, actor1, actor2)
        if sub == "Attack" and actor2 is None and fields.combatant_victims(doc, k):
            sub = "Armed clash"  # the victims are fighters: a clash, not violence against civilians
        event_type = SUB_EVENT_TYPES.get(sub, sub)
        if actor1 is None and (event_type in CONTEXT_ACTOR_TYPES or ANAPHORIC_EVENT.search(text)):
            ctx_actor = fields.context_actor(doc, k, exclude=actor2.actor_id if actor2 else None,
                                             armed_only=event_type not in CONTEXT_ACTOR_TYPES)
            actor1 = ActorRole(ctx_actor.actor_id, ctx_actor.name, ctx_actor.inter, ctx_actor.text) if ctx_actor \
                else None
        if event_type == "Violence against civilians" and actor2 is None:
            actor2 = _civilians(doc)
        if event_type in ("Protests", "Riots") and actor1 is None:
            actor1 = _protesters(doc, rioters=event_type == "Riots")
        place = fields.choose_place(doc, k)
        date, precision, date_text = fields.choose_date(doc, k)
        fat, low, high, qs = fields.fatalities(doc, k, event_type)
        return EventMention(
            doc_id=doc.doc_id, sentence=k, start=s.start, end=s.end, text=text, event_type=event_type,
            sub_event_type=sub, score=round(d.score, 4), actor1=actor1,
            assoc_actor_1=tuple(x for x in (_role(m, doc, s.start) for m in roles.assoc1) if x),
            actor2=actor2, assoc_actor_2=tuple(x for x in (_role(m, doc, s.start) for m in roles.assoc2) if x),
            place=place, event_date=date, time_precision=precision, date_text=date_text, fatalities=fat,
            fatalities_low=low, fatalities_high=high, claimed_by=claimed, quantities=qs, method=d.method,
        )


def _candidates(doc: Document, check: Callable[[], None]) -> list[tuple[int, Any]]:
    """Sentences the trigger lexicon flags, or that report casualties: (sentence index, rule result)."""
    killed = {q.sentence for q in doc.quantities if q.category in ("killed", "wounded", "abducted")}
    found: list[tuple[int, Any]] = []
    for k, s in enumerate(doc.sentences):
        check()
        r = triggers(doc.text[s.start: s.end])
        if r.candidate or k in killed:
            found.append((k, r))
    return found


def _charge(budget: Budget, keys: Sequence[str], owners: Sequence[int], seconds: float) -> set[int]:
    """Share the time of one call over the documents it served (by item); those now out of time."""
    shares = Counter(owners)
    budget.charge({keys[i]: n for i, n in shares.items()}, seconds)
    return {i for i in shares if budget.exhausted(keys[i])}


def _evidence(doc: Document, k: int) -> bool:
    """Does the sentence name an actor, a place or a casualty count?"""
    return (any(a.sentence == k for a in doc.actors) or any(p.sentence == k and p.is_location for p in doc.places)
            or any(q.sentence == k and q.category in ("killed", "wounded", "abducted", "arrested")
                   for q in doc.quantities))


def _role(m: ActorMention | None, doc: Document, offset: int) -> ActorRole | None:
    if m is None:
        return None
    if m.actor_id.startswith(LABEL_ONLY) or m.actor_id == GENERIC_STATE:
        bound = fields.bind_label(doc, m, offset)
        if bound is None:
            return _unnamed(m, doc)
        return ActorRole(bound.actor_id, bound.name, bound.inter, m.text)
    return ActorRole(m.actor_id, m.name, m.inter, m.text)


# ACLED's conventions for actors a report does not name: "police" are the police forces of the country,
# "soldiers" its military forces, "gunmen" an unidentified armed group of that country.
UNNAMED_POLICE = frozenset({"police", "gendarmes"})
# Narrower than fields.STATE_LABELS on purpose: "pro-government forces" and "regime forces" are often militias
# or a partisan name for another side, not the focus country's military (deriving it from STATE_LABELS moved
# the FA-KES Hama acceptance case).
UNNAMED_STATE = frozenset({"troops", "army", "soldiers", "military", "armed forces", "security forces",
                           "government forces", "special forces", "servicemen", "national army", "border guards"})
UNNAMED_ARMED = frozenset({"gunmen", "men", "assailants", "attackers", "militants", "fighters", "insurgents",
                           "jihadists", "bandits", "kidnappers", "bombers"})


def _unnamed(m: ActorMention, doc: Document) -> ActorRole | None:
    """The ACLED actor for an unnamed one ("police", "gunmen") in the document's country, or None."""
    iso3 = doc.country_focus
    label = (m.label or m.actor_id.removeprefix(LABEL_ONLY)).lower()
    if iso3 is None or m.actor_id == GENERIC_STATE:
        return None
    if label in UNNAMED_POLICE:
        sid, sname = state_actor(iso3, police=True)
        return ActorRole(sid, sname, 1, m.text)
    if label in UNNAMED_STATE:
        sid, sname = state_actor(iso3)
        return ActorRole(sid, sname, 1, m.text)
    if label in UNNAMED_ARMED and (label != "men" or re.search(r"\barmed\b", m.text, re.I)):
        return ActorRole(f"unidentified:{iso3}", f"Unidentified Armed Group ({country_name(iso3)})", 3, m.text)
    return None


def _civilians(doc: Document) -> ActorRole:
    where = country_name(doc.country_focus) if doc.country_focus else None
    return ActorRole(f"civilians:{doc.country_focus or 'unknown'}", f"Civilians ({where})" if where else "Civilians",
                     7, "")


def _protesters(doc: Document, rioters: bool) -> ActorRole:
    where = country_name(doc.country_focus) if doc.country_focus else None
    kind, inter = ("Rioters", 5) if rioters else ("Protesters", 6)
    return ActorRole(f"{kind.lower()}:{doc.country_focus or 'unknown'}", f"{kind} ({where})" if where else kind, inter,
                     "")
