"""Perturbed variants of an article, so larger corpora made by repetition exercise near-duplicate
detection honestly instead of feeding it byte-identical copies.

Two kinds of variant, both deterministic for a given seed:

* ``copy`` -- a syndicated copy as outlets publish them: sometimes a new lede sentence, a few adjacent
  sentences swapped, ~2 % of words replaced (synonyms, or another word of the same article), sometimes
  the tail cut and a sign-off line added. The syndication stage should group it with its base.
* ``rewrite`` -- the same story retold: ~35 % of words replaced, every paragraph's sentences shuffled,
  ~30 % of sentences dropped, a new lede. It shares the vocabulary but few long word runs, so it should
  NOT be grouped (it measures false candidate pairs).

The ledes, sign-offs, outlet names and synonyms below are written for this harness; none comes from
the evaluation data or the seeds.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["copy", "rewrite"]

# Share of words replaced in each kind (a copy edits a few words; a rewrite most phrases).
COPY_SUBSTITUTION = 0.02
REWRITE_SUBSTITUTION = 0.35
# Adjacent sentence swaps in a copy (1..MAX), share of sentences a rewrite drops.
COPY_MAX_SWAPS = 3
REWRITE_DROP = 0.3
# Chances that a copy gets a new lede / a cut tail / a sign-off line.
COPY_LEDE = 0.5
COPY_TRUNCATE = 0.3
COPY_SIGNOFF = 0.3
# A cut copy keeps at least this share of its sentences.
COPY_MIN_KEEP = 0.7

OUTLETS = ("The Harbour Ledger", "Northgate Courier", "Meridian Wire", "Valley Dispatch", "Crescent Post",
           "Plainsview Herald", "Eastline Daily", "Summit Bulletin")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LEDES = (
    "{outlet} - This report was compiled from wire services and our correspondents on {weekday}.",
    "UPDATED {weekday}: the following story has been revised with additional details from {outlet}.",
    "In a development reported on {weekday}, {name} was again at the centre of attention.",
    "{outlet} brings you the latest on this story as it develops, with {name} in the headlines.",
    "Editor's note: {outlet} first carried a shorter version of this article on {weekday}.",
)
SIGNOFFS = (
    "Reporting by {outlet} staff; editing by the {weekday} desk.",
    "Follow {outlet} for more updates on this story.",
    "Additional reporting by {outlet} correspondents.",
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "added", "noted", "reported"), "says": ("states", "notes", "reports"),
    "told": ("informed", "said to"), "killed": ("left dead", "slain"), "attack": ("assault", "strike"),
    "attacks": ("assaults", "strikes"), "city": ("town", "locality"), "town": ("city", "locality"),
    "government": ("authorities", "administration"), "forces": ("troops", "units"), "troops": ("forces", "soldiers"),
    "army": ("military", "armed forces"), "area": ("region", "zone"), "large": ("big", "major"),
    "small": ("minor", "little"), "percent": ("pct", "per cent"), "company": ("firm", "group"),
    "shares": ("stock", "equity"), "rose": ("climbed", "increased"), "fell": ("dropped", "declined"),
    "about": ("around", "roughly"), "near": ("close to", "by"), "after": ("following",),
    "before": ("prior to", "ahead of"), "also": ("too", "as well"), "week": ("seven days",),
    "officials": ("authorities", "sources"), "people": ("persons", "individuals"), "several": ("a number of",),
    "many": ("numerous", "a lot of"), "new": ("fresh", "recent"), "major": ("key", "big"),
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z0-9])")
_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")


@dataclass(frozen=True, slots=True)
class Variant:
    text: str
    kind: Kind
    outlet: str
    words: int = 0  # whitespace-separated words of ``text``


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article split once into paragraphs of sentences of words, reused for all its variants."""

    paragraphs: tuple[tuple[tuple[str, ...], ...], ...]
    names: tuple[str, ...]  # capitalised words, for the ledes


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (blank-line separated) as lists of sentences."""
    out: list[list[str]] = []
    for para in re.split(r"\n\s*\n", text):
        flat = " ".join(para.split())
        if flat:
            out.append(_SENTENCE.split(flat))
    return out


def prepare(text: str) -> Prepared:
    paras = tuple(tuple(tuple(s.split()) for s in p) for p in paragraphs(text))
    return Prepared(paras, tuple(dict.fromkeys(_NAME.findall(text[:2000]))))


def substitute(words: list[str], rate: float, rng: random.Random) -> list[str]:
    """Replace ``rate`` of the words: by a synonym when one is known, else by another word of the text."""
    n = len(words)
    k = min(n, round(rate * n))
    if k == 0:
        return words
    out = list(words)
    for i in rng.sample(range(n), k):
        options = SYNONYMS.get(out[i].lower())
        out[i] = rng.choice(options) if options else words[rng.randrange(n)]
    return out


def _fill(template: str, rng: random.Random, names: tuple[str, ...], outlet: str) -> str:
    return template.format(outlet=outlet, weekday=rng.choice(WEEKDAYS), name=rng.choice(names) if names else "it")


Sentences = list[list[tuple[str, ...]]]


def _swap_adjacent(paras: Sentences, swaps: int, rng: random.Random) -> None:
    slots = [(p, i) for p, sents in enumerate(paras) for i in range(len(sents) - 1)]
    for _ in range(min(swaps, len(slots))):
        p, i = rng.choice(slots)
        paras[p][i], paras[p][i + 1] = paras[p][i + 1], paras[p][i]


def _truncate(paras: Sentences, keep: float) -> Sentences:
    total = sum(len(p) for p in paras)
    budget = max(1, round(total * keep))
    out: Sentences = []
    for p in paras:
        if budget <= 0:
            break
        out.append(p[:budget])
        budget -= len(out[-1])
    return out


def variant(base: str | Prepared, seed: int, kind: Kind) -> Variant:
    """A perturbed variant of an article (see the module docstring); the same seed gives the same text."""
    prep = prepare(base) if isinstance(base, str) else base
    rng = random.Random(seed)
    outlet = rng.choice(OUTLETS)
    paras: Sentences = [list(p) for p in prep.paragraphs]
    if not paras:
        text = base if isinstance(base, str) else ""
        return Variant(text, kind, outlet, len(text.split()))
    if kind == "copy":
        _swap_adjacent(paras, rng.randint(1, COPY_MAX_SWAPS), rng)
        if rng.random() < COPY_TRUNCATE:
            paras = _truncate(paras, rng.uniform(COPY_MIN_KEEP, 0.95))
        rate = COPY_SUBSTITUTION
        lede = rng.random() < COPY_LEDE
        signoff = rng.random() < COPY_SIGNOFF
    else:
        for p in paras:
            rng.shuffle(p)
        paras = [[s for s in p if rng.random() >= REWRITE_DROP] or p[:1] for p in paras]
        rate = REWRITE_SUBSTITUTION
        lede, signoff = True, False
    lengths = [sum(len(s) for s in p) for p in paras]
    flat = substitute([w for p in paras for s in p for w in s], rate, rng)
    parts: list[str] = []
    pos = 0
    for n in lengths:
        parts.append(" ".join(flat[pos: pos + n]))
        pos += n
    extra: list[str] = []
    if lede:
        extra.append(_fill(rng.choice(LEDES), rng, prep.names, outlet))
        parts.insert(0, extra[-1])
    if signoff:
        extra.append(_fill(rng.choice(SIGNOFFS), rng, prep.names, outlet))
        parts.append(extra[-1])
    words = len(flat) + sum(len(e.split()) for e in extra)
    return Variant("\n\n".join(p for p in parts if p), kind, outlet, words)
