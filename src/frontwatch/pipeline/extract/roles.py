"""Roles from the dependency parse of one event sentence: the event verb, whether it is asserted
(not future, hedged or negated), who acts (actor1), the target (actor2), associated actors.

Works on a spaCy ``Span``/``Doc`` of the sentence; actor mentions come with sentence-relative offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from frontwatch.records import ActorMention

MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "should", "must", "ca", "can", "wo"})
# Verbs whose complement is not (yet) an event: "plans to attack", "failed to reach", "tried to seize".
NON_FACTIVE = frozenset({"plan", "aim", "try", "attempt", "expect", "threaten", "seek", "hope", "want", "intend",
                         "prepare", "fail", "vow", "promise", "wish", "plot", "consider", "decide", "refuse",
                         "need", "urge", "call", "demand", "warn", "fear", "prevent", "allow", "let", "help", "deny",
                         "dismiss", "reject"})
HEDGE_ADVERBS = frozenset({"likely", "possibly", "perhaps", "probably"})
# "It is possible that ...", "it remains unclear whether ...": the clause under these is not asserted.
HEDGE_ADJECTIVES = frozenset({"possible", "likely", "unlikely", "unclear", "uncertain", "probable", "conceivable",
                              "impossible", "doubtful", "plausible"})
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJ = frozenset({"nsubjpass", "csubjpass"})
OBJ_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
TARGET_PREPS = frozenset({"against", "on", "with", "at", "upon", "into", "toward", "towards", "targeting"})


@dataclass(frozen=True, slots=True)
class Roles:
    verb_index: int | None
    asserted: bool
    reason: str  # why not asserted
    actor1: ActorMention | None
    actor2: ActorMention | None
    assoc1: tuple[ActorMention, ...]
    assoc2: tuple[ActorMention, ...]


def _verb_of(tok: Any) -> Any:
    """The verb governing a token (the token itself when it is a verb)."""
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


# Reporting verbs: under them a past perfect is the reported speech's back-shift ("the ministry said militants
# had attacked ..."), not background.
REPORTING = frozenset({"say", "report", "announce", "claim", "state", "confirm", "add", "tell", "declare", "note",
                       "explain", "write", "accuse", "allege", "indicate", "reveal", "learn", "show", "insist",
                       "acknowledge", "admit", "assert", "stress", "quote", "cite", "tweet", "post", "inform"})


def past_perfect_background(verb: Any) -> bool:
    """A main-clause past perfect ("ISIS had deployed a large force for another attempt") tells what
    happened before the reported events: background, not a new event. Under a reporting verb it is
    reported speech and stays an event."""
    if verb.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in
                                                   verb.children):
        return False
    t = verb
    for _ in range(5):
        if t.dep_ in ("ccomp", "xcomp", "parataxis", "advcl") and t.head.lemma_ in REPORTING:
            return False
        if t.head is t or t.dep_ == "ROOT":
            return True
        t = t.head
    return True


def asserted(verb: Any) -> tuple[bool, str]:
    """Is the event verb stated as having happened? Checks the verb and its governors for modals,
    negation, hedging adverbs and non-factive governors ("plans to", "failed to"), and main-clause past
    perfects (background)."""
    if past_perfect_background(verb):
        return False, "background: past perfect"
    t = verb
    for _ in range(4):
        for child in t.children:
            if child.dep_ == "neg":
                return False, "negated"
            if child.dep_ == "aux" and child.lower_ in MODALS:
                return False, f"modal '{child.lower_}'"
            if child.dep_ == "advmod" and child.lower_ in HEDGE_ADVERBS:
                return False, f"hedged '{child.lower_}'"
        if t.dep_ in ("xcomp", "ccomp") and t.head.lemma_ in NON_FACTIVE:
            return False, f"complement of '{t.head.lemma_}'"
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.lemma_ in NON_FACTIVE:
            return False, f"complement of '{t.head.head.lemma_}'"  # "prevent the army from linking up"
        if t.dep_ in ("ccomp", "xcomp", "csubj") and (
            t.head.lemma_ in HEDGE_ADJECTIVES or any(c.lemma_ in HEDGE_ADJECTIVES and c.dep_ in ("acomp", "attr")
                                                     for c in t.head.children)):
            return False, "under a hedging adjective"
        if t.dep_ in ("advcl",) and any(c.lower_ in ("if", "unless") for c in t.children):
            return False, "conditional"
        if t.dep_ in ("ROOT",) or t.head is t:
            break
        if t.dep_ in ("conj",):
            t = t.head
            continue
        if t.dep_ in ("xcomp", "ccomp", "advcl", "relcl", "acl", "pcomp"):
            t = t.head
            continue
        break
    return True, ""


def _mentions_in(tokens: Sequence[Any], mentions: Sequence[ActorMention]) -> list[ActorMention]:
    if not tokens:
        return []
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return [m for m in mentions if m.start < end and start < m.end]


def _subtree(tok: Any) -> list[Any]:
    return list(tok.subtree)


# Words that make what hangs under them a landmark for a place, not a party to the event: "reached the border
# north of the US-led coalition garrisons", "fighting near the army's positions".
SPATIAL_WORDS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
    "north-west", "south-east", "south-west", "near", "nearby", "outside", "around", "close", "vicinity",
    "outskirts", "area", "beyond", "behind", "between"})


def _in_spatial_reference(m: ActorMention, verb: Any, tokens: Sequence[Any]) -> bool:
    """Whether the mention hangs, below the verb, under a word that locates something relative to it."""
    tok = next((t for t in tokens if t.idx <= m.start < t.idx + len(t.text)), None)
    seen = 0
    while tok is not None and tok is not verb and seen < 40:
        if tok.lower_ in SPATIAL_WORDS and tok.idx < m.start:
            return True
        if tok.head is tok:
            break
        tok, seen = tok.head, seen + 1
    return False


def find_roles(sent: Any, trigger_char: int | None, mentions: Sequence[ActorMention]) -> Roles:
    """Roles in a parsed sentence. ``trigger_char``: offset of the trigger phrase in the sentence
    (None: use the root verb). ``mentions``: actor mentions with sentence-relative offsets."""
    tokens = list(sent)
    if not tokens:
        return Roles(None, True, "", None, None, (), ())
    trig = None
    if trigger_char is not None:
        trig = next((t for t in tokens if t.idx <= trigger_char < t.idx + len(t.text)), None)
    verb = _verb_of(trig) if trig is not None else next((t for t in tokens if t.dep_ == "ROOT"), tokens[0])
    ok, why = asserted(verb)
    named = [m for m in mentions if not m.actor_id.startswith("label:")] or list(mentions)
    # the parse decides among all mentions, a named actor before a bare label in the same phrase
    # ("Suspected jihadist fighters ambushed an army convoy": the subject is a label, the army is named)
    ranked = sorted(mentions, key=lambda m: m.actor_id.startswith("label:"))
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    # passive: "X were killed by Y" -> actor1 = Y (agent), actor2 = X
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    subj = next((c for c in verb.children if c.dep_ in SUBJ_DEPS), None)
    psubj = next((c for c in verb.children if c.dep_ in PASSIVE_SUBJ), None)
    if subj is None and verb.dep_ in ("conj", "xcomp", "advcl") and psubj is None:
        subj = next((c for c in verb.head.children if c.dep_ in SUBJ_DEPS), None)
    if trig is not None and trig.pos_ in ("NOUN", "PROPN") and trig is not verb:
        # a nominal trigger: "Daesh attack", "the group's assault", "the attack by IS" name who acted
        own = [c for c in trig.children if c.dep_ in ("compound", "poss", "amod", "nmod") and c.i < trig.i]
        own += [g for c in trig.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children
                if g.dep_ == "pobj"]
        for c in own:
            found = _mentions_in(_subtree(c), ranked)
            if found:
                actor1 = found[0]
                break
    if agent is not None:
        if actor1 is None:
            found = _mentions_in(_subtree(agent), ranked)
            actor1 = found[0] if found else None
        if psubj is not None:
            victims = [m for m in _mentions_in(_subtree(psubj), ranked)
                       if actor1 is None or m.actor_id != actor1.actor_id]
            actor2 = victims[0] if victims else None
    elif actor1 is None and subj is not None:
        found = _mentions_in(_subtree(subj), ranked)
        actor1 = found[0] if found else None
    if actor2 is None:
        objs = [c for c in verb.children if c.dep_ in OBJ_DEPS]
        heads = [verb, trig] if trig is not None and trig is not verb and trig.pos_ in ("NOUN", "PROPN") else [verb]
        preps = [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS]
        if trig is not None and trig in heads[1:]:
            # "the attack by X on Y": the parser often hangs "on Y" under X; a target preposition inside
            # the nominal trigger's "by" phrase still names the target
            by_objs = [g for c in trig.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children
                       if g.dep_ == "pobj"]
            preps += [t for g in by_objs for t in g.subtree
                      if t.dep_ == "prep" and t.lower_ in ("on", "against", "upon", "targeting")]
        for prep in preps:
            objs += [c for c in prep.children if c.dep_ == "pobj"]
        for o in objs:
            found = [m for m in _mentions_in(_subtree(o), ranked) if actor1 is None or m.actor_id != actor1.actor_id]
            if found:
                actor2 = found[0]
                break
    if psubj is not None and actor2 is None and agent is None:
        victims = _mentions_in(_subtree(psubj), ranked)
        actor2 = victims[0] if victims else None
    # fallbacks: the first actor before the verb acts (not the victims of a passive verb), the next
    # one after it is the target
    if actor1 is None:
        side = _subordinate_spans(verb)
        before = [m for m in named if m.end <= verb.idx and (actor2 is None or m.actor_id != actor2.actor_id)
                  and not any(s <= m.start < e for s, e in side)]
        actor1 = before[0] if before else None
    if actor2 is None and actor1 is not None:
        after = [m for m in named if m.start >= verb.idx and m.actor_id != actor1.actor_id
                 and not _in_spatial_reference(m, verb, tokens)]
        actor2 = after[0] if after else None
    if actor1 is not None and actor2 is not None and actor1.actor_id == actor2.actor_id:
        actor2 = None
    assoc1 = tuple(m for m in _conjuncts(actor1, sent, named) if actor1 is None or m.actor_id != actor1.actor_id)
    assoc2 = tuple(m for m in _conjuncts(actor2, sent, named) if actor2 is None or m.actor_id != actor2.actor_id)
    return Roles(verb.i - sent.start if hasattr(sent, "start") else verb.i, ok, why, actor1, actor2, assoc1, assoc2)


def _subordinate_spans(verb: Any) -> list[tuple[int, int]]:
    """Character spans of the verb's adverbial clauses and phrases ("Hours after defeating ISIS, ..."):
    actors there are not the event's actors."""
    out = []
    for child in verb.children:
        if child.dep_ in ("advcl", "npadvmod") or (child.dep_ == "prep" and child.lower_ in ("after", "before",
                                                                                            "since", "despite")):
            toks = list(child.subtree)
            out.append((min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)))
    return out


def _conjuncts(m: ActorMention | None, sent: Any, mentions: Sequence[ActorMention]) -> list[ActorMention]:
    """Actors coordinated with ``m`` ("the SAA and its allies", "backed by Russian warplanes")."""
    if m is None:
        return []
    head = next((t for t in sent if t.idx <= m.start < t.idx + len(t.text)), None)
    if head is None:
        return []
    while head.dep_ in ("compound", "amod", "det", "poss", "nummod") and head.head is not head:
        head = head.head
    out: list[ActorMention] = []
    for conj in head.conjuncts:
        out += _mentions_in(_subtree(conj), mentions)
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_ in ("back", "support", "lead", "assist", "accompany"):
            out += _mentions_in(_subtree(child), mentions)
    return out
