"""Actors: the bundled dictionary (``data/actors.yaml``), state forces generated for every country
(``data/demonyms.csv`` + pycountry), "X-backed groups", provisional actors found by patterns, and the
framing labels attached to a mention ("ISIS terrorists", "terrorists of al-Soud al-Sharqiyeh").

Every mention keeps its surface form. Generic state references ("government forces", "the army",
"regime forces") are kept as ``generic:state`` and bound to the document's country focus later.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml

from frontwatch.errors import ConfigError
from frontwatch.nlp.lexicon import Hit, PhraseIndex, fold, longest_non_overlapping
from frontwatch.records import ActorMention

GENERIC_STATE = "generic:state"
LABEL_ONLY = "label:"
STATE_KINDS = frozenset({"state"})

# Nouns that make a demonym or country name into state forces ("Iraqi troops", "US warplanes").
FORCE_NOUNS = (
    "army", "armies", "armed forces", "forces", "force", "troops", "soldiers", "soldier", "military", "militaries",
    "air force", "air forces", "navy", "naval forces", "marines", "border guards", "border guard", "border police",
    "police", "policemen", "gendarmerie", "gendarmes", "security forces", "special forces", "commandos",
    "government forces", "government troops", "regime forces", "regime troops", "pro-government forces",
    "warplanes", "warplane", "jets", "fighter jets", "fighter-jets", "aircraft", "helicopters", "gunships",
    "drones", "artillery", "army units", "units", "servicemen", "military forces", "coast guard",
    "national guard", "intelligence", "paratroopers", "infantry", "tanks", "battalions", "brigades",
)
POLICE_NOUNS = frozenset({"police", "policemen", "border police", "gendarmerie", "gendarmes"})
# Generic references to the forces of "the" state, bound to the document's country focus.
GENERIC_STATE_PHRASES = (
    "government forces", "government troops", "regime forces", "regime troops", "pro-government forces",
    "pro-regime forces", "the army", "army troops", "army units", "the military", "security forces",
    "state forces", "loyalist forces", "pro-government troops", "the armed forces", "government soldiers",
    "army soldiers", "regime army", "government army", "the national army",
)
_BACKED = re.compile(
    r"\b(?P<backer>U\.S\.|US|UK|[A-Z][a-z]+|[A-Z][A-Za-z]+|(?i:western|west|nato|coalition|american))"
    r"[-\s](?:backed|sponsored|supported|funded|armed|trained)"
    r"\s+(?P<mods>(?:[\w-]+\s+){0,2}?)(?P<noun>militants?|militias?|militiamen|rebels?|groups?|forces|fighters|"
    r"proxies|proxy|factions?|troops|mercenaries|terrorists?|opposition|insurgents?|jihadists?|gangs?|"
    r"paramilitar(?:y|ies)|armed groups?|militant groups?)\b"
)
_LED = re.compile(r"\b(?P<leader>U\.S\.|US|UK|[A-Z][a-z]+)[-\s]led\s+(?P<noun>coalition|forces|troops|alliance|"
                  r"operation|military coalition|international coalition|mission)\b")
_WESTERN = frozenset({"western", "west", "nato", "coalition", "washington", "pentagon", "american", "us", "u.s."})
_PROV_UNIT = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:(?:al|el|ad|as|ash|an|at|az)-)?[A-Z][\w'’-]+(?:\s+(?:(?:al|el|ad|as|ash|an|at|az)-)?"
    r"[A-Z][\w'’-]+){0,3}\s+(?:Brigades?|Battalions?|Regiment|Division|Front|Movement|Militia|Forces|Corps|"
    r"Legion|Hawks|Falcons|Lions|Tigers|Guards?|Army|Group|Coalition|Alliance|Council|Mobilization|Resistance))\b"
)
_PROV_FOR = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]+\s+){0,3}(?:Front|Movement|Army|Council|Alliance|Union|Brigades?|"
    r"Forces|Party|Organi[sz]ation|Coalition|Committee|Battalions?)\s+(?:for|of)\s+(?:the\s+)?"
    r"[A-Z][\w'’-]+(?:\s+(?:(?:of|the|and|for|de|du|des)\s+)*[A-Z][\w'’-]+){0,5})"
)
_PROV_PREFIX = re.compile(
    r"\b(?P<name>(?:Katiba|Katibat|Kataib|Kata'ib|Liwa|Jaysh|Jaish|Jabhat|Harakat|Ansar|Saraya|Faylaq|Ahrar|Jund|"
    r"Tanzim|Hizb|Firqat|Quwat|Alwiya|Tajamu)\s+(?:(?:al|el|ad|as|ash|an|at|az)-)?[A-Z][\w'’-]+"
    r"(?:\s+(?:(?:al|el|ad|as|ash|an|at|az)-)?[A-Z][\w'’-]+){0,3})"
)
_PROV_OF = re.compile(
    r"\b(?P<label>militants|terrorists|fighters|members|gunmen|elements|militiamen|insurgents|mercenaries|"
    r"jihadists|rebels)\s+(?:of|belonging to|loyal to|affiliated (?:with|to))\s+(?:the\s+)?"
    r"(?P<name>(?:(?:al|el|ad|as|ash|an|at|az)-)?"
    r"[A-Z][\w'’-]+(?:\s+(?:(?:al|el|ad|as|ash|an|at|az)-)?[A-Z][\w'’-]+){0,4})"
)
_NOT_GROUP_HEADS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "on", "in", "and"})


@dataclass(frozen=True, slots=True)
class ActorDef:
    id: str
    name: str
    kind: str
    inter: int | None
    countries: tuple[str, ...]
    state: str | None
    parent: str | None


@dataclass(frozen=True, slots=True)
class Label:
    term: str
    stance: str
    category: str


def _data(path: str) -> str:
    return resources.files("frontwatch.data").joinpath(path).read_text(encoding="utf-8")


# libyaml's safe loader when PyYAML was built with it (5x faster on actors.yaml, the same data), else PyYAML's own.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_SafeLoader)


@cache
def _short_names() -> dict[str, str]:
    return {row["iso3"]: row["short_names"].split("|")[0].strip()
            for row in csv.DictReader(_data("demonyms.csv").splitlines()) if row["short_names"].strip()}


def country_name(iso3: str) -> str:
    """The short English name news uses ('Russia', 'United States', 'Syria')."""
    if iso3 in _short_names():
        return _short_names()[iso3]
    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return iso3
    return str(getattr(c, "common_name", None) or c.name)


def state_actor(iso3: str, police: bool = False) -> tuple[str, str]:
    """(actor_id, ACLED-style name) of a country's state forces."""
    if police:
        return f"state-police:{iso3}", f"Police Forces of {country_name(iso3)}"
    return f"state:{iso3}", f"Military Forces of {country_name(iso3)}"


def _plurals(term: str) -> list[str]:
    words = term.split(" ")
    last = words[-1]
    forms = {term}
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.add(" ".join([*words[:-1], last[:-1] + "ies"]))
    elif last.endswith(("s", "x", "ch", "sh")):
        forms.add(" ".join([*words[:-1], last + "es"]))
    else:
        forms.add(" ".join([*words[:-1], last + "s"]))
    if last.endswith("ies"):
        forms.add(" ".join([*words[:-1], last[:-3] + "y"]))
    elif last.endswith("s") and not last.endswith("ss"):
        forms.add(" ".join([*words[:-1], last[:-1]]))
    return sorted(forms)


class ActorDictionary:
    """Everything needed to find actor mentions in text. Build once per process (``get``)."""

    def __init__(self, extra_files: Iterable[str | Path] = ()) -> None:
        self.actors: dict[str, ActorDef] = {}
        aliases: list[tuple[str, str]] = []
        acronyms: list[tuple[str, str]] = []
        raws = [_yaml(_data("actors.yaml"))]
        for f in extra_files:
            try:
                raws.append(_yaml(Path(f).read_text(encoding="utf-8")))
            except (OSError, yaml.YAMLError) as exc:
                raise ConfigError(f"cannot read actor file {f}: {exc}") from exc
        for raw in raws:
            for a in (raw or {}).get("actors", []):
                try:
                    actor = ActorDef(str(a["id"]), str(a["name"]), str(a.get("kind") or "rebel"),
                                     int(a["inter"]) if a.get("inter") is not None else None,
                                     tuple(a.get("countries") or ()), a.get("state"), a.get("parent"))
                except (KeyError, TypeError, ValueError) as exc:
                    raise ConfigError(f"actor entry {a!r} is missing id/name/inter: {exc}") from exc
                self.actors[actor.id] = actor
                aliases += [(s, actor.id) for s in [actor.name, *(a.get("aliases") or [])]]
                acronyms += [(s, actor.id) for s in a.get("acronyms") or []]
        self.alias_index: PhraseIndex[str] = PhraseIndex(aliases)
        self.acronym_index: PhraseIndex[str] = PhraseIndex(acronyms, case_sensitive=True)
        demonyms_ci: list[tuple[str, str]] = []
        demonyms_cs: list[tuple[str, str]] = []
        for row in csv.DictReader(_data("demonyms.csv").splitlines()):
            iso3 = row["iso3"]
            demonyms = [d.strip() for d in row["demonyms"].split("|") if d.strip()]
            # plural demonyms used as adjectives ("the Americans warplanes") still name the state's forces
            plurals = [d + "s" for d in demonyms if d[-1:].isalpha() and not d.isupper() and not d.endswith("s")]
            for form in [*demonyms, *plurals, *row["short_names"].split("|")]:
                form = form.strip()
                if not form:
                    continue
                (demonyms_cs if form.isupper() or "." in form else demonyms_ci).append((form, iso3))
        self.country_ci: PhraseIndex[str] = PhraseIndex(demonyms_ci)
        self.country_cs: PhraseIndex[str] = PhraseIndex(demonyms_cs, case_sensitive=True)
        self.generic_index: PhraseIndex[str] = PhraseIndex((p, GENERIC_STATE) for p in GENERIC_STATE_PHRASES)
        self._force_re = re.compile(
            r"(?:'s|’s)?\s*(?:-?\s*)?(?P<mod>(?:pro-government|government|regime|special|security|armed|border|"
            r"national|federal|military|air|naval|republican|army|coalition)\s+)?(?P<noun>"
            + "|".join(sorted((re.escape(n) for n in FORCE_NOUNS), key=len, reverse=True)) + r")\b",
            re.I,
        )
        self._army_of = re.compile(r"\b(?:the\s+)?(army|armed forces|military|police|forces|troops) of\s+$", re.I)
        labels_raw = _yaml(_data("framing/labels.yaml"))
        label_entries: list[tuple[str, Label]] = []
        for e in labels_raw.get("labels", []):
            lab = Label(str(e["term"]), str(e.get("stance", "neutral")), str(e.get("category", "neutral")))
            for form in [e["term"], *(e.get("variants") or [])]:
                label_entries += [(f, lab) for f in _plurals(str(form))]
        self.label_index: PhraseIndex[Label] = PhraseIndex(label_entries)

    @classmethod
    def get(cls, extra_files: tuple[str, ...] = ()) -> ActorDictionary:
        """The dictionary for these extra files, built once per process (``get()`` and ``get(())`` are one)."""
        return _dictionary(tuple(str(f) for f in extra_files))

    # ------------------------------------------------------------------------------------------
    def canonical(self, actor_id: str) -> tuple[str, str, int | None]:
        """(id, name, inter) a dictionary actor normalises to: named units of a state's regular
        forces become that state's forces."""
        a = self.actors.get(actor_id)
        if a is None:
            return actor_id, actor_id, None
        if a.kind in STATE_KINDS and a.state:
            police = "police" in a.id or "police" in a.name.lower()
            sid, sname = state_actor(a.state, police)
            return sid, sname, 1
        return a.id, a.name, a.inter

    def side(self, actor_id: str) -> str:
        """The state an actor fights for, when it is a state's forces or a coalition a state leads
        ("state:USA", "coalition:USA", the US-led coalition -> "USA"); else the actor itself."""
        for prefix in ("state:", "state-police:", "coalition:"):
            if actor_id.startswith(prefix):
                return actor_id[len(prefix):]
        a = self.actors.get(actor_id)
        if a is not None and a.state and a.kind in ("state", "coalition", "foreign_force"):
            return a.state
        return actor_id

    def find(self, text: str) -> list[ActorMention]:
        """All actor mentions in ``text`` (offsets into it), labels attached, longest match first."""
        folded = fold(text)
        hits: list[Hit[tuple[str, str, int | None, bool]]] = []
        for h in self.alias_index.find(text, folded) + self.acronym_index.find(text):
            aid, name, inter = self.canonical(h.value)
            hits.append(Hit(h.start, h.end, h.phrase, (aid, name, inter, False)))
        hits += self._states(text, folded)
        hits += self._backed(text)
        hits += self._led(text)
        for h in self.generic_index.find(text, folded):
            hits.append(Hit(h.start, h.end, h.phrase, (GENERIC_STATE, "state forces", 1, False)))
        actors = longest_non_overlapping(hits)
        # provisional actors only where no known actor was found
        for p in self._provisional(text):
            if not any(p.start < a.end and a.start < p.end for a in actors):
                actors.append(p)
        actors.sort(key=lambda a: a.start)
        labels = self.label_index.find(text, folded)
        return self._attach_labels(text, actors, labels)

    def _states(self, text: str, folded: str) -> list[Hit[tuple[str, str, int | None, bool]]]:
        out: list[Hit[tuple[str, str, int | None, bool]]] = []
        for h in self.country_ci.find(text, folded) + self.country_cs.find(text):
            m = self._force_re.match(text, h.end)
            if m:
                police = m.group("noun").lower() in POLICE_NOUNS
                aid, name = state_actor(h.value, police)
                out.append(Hit(h.start, m.end(), text[h.start: m.end()], (aid, name, 1, False)))
                continue
            before = text[max(0, h.start - 40): h.start]
            m2 = self._army_of.search(before)
            if m2:
                start = h.start - (len(before) - m2.start())
                police = m2.group(1).lower() == "police"
                aid, name = state_actor(h.value, police)
                out.append(Hit(start, h.end, text[start: h.end], (aid, name, 1, False)))
        return out

    def _backed(self, text: str) -> list[Hit[tuple[str, str, int | None, bool]]]:
        out: list[Hit[tuple[str, str, int | None, bool]]] = []
        for m in _BACKED.finditer(text):
            backer = m.group("backer")
            key = backer.lower().rstrip(".")
            if key in _WESTERN or key == "u.s":
                aid, name = "backed:USA", "US-backed groups"
            else:
                iso = self.country_of(backer)
                if iso is None:
                    continue
                aid, name = f"backed:{iso}", f"{country_name(iso)}-backed groups"
            out.append(Hit(m.start(), m.end(), m.group(), (aid, name, 2, True)))
        return out

    def country_focus(self, text: str) -> str | None:
        """The country a text is mostly about: the most named country (names and demonyms), ties to
        the first named."""
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for h in self.country_ci.find(text) + self.country_cs.find(text):
            if _inside_name(text, h.start, h.end):
                continue  # "Datu Saudi Ampatuan" is a town in the Philippines
            counts[h.value] = counts.get(h.value, 0) + 1
            first.setdefault(h.value, h.start)
        if not counts:
            return None
        return max(counts, key=lambda c: (counts[c], -first[c]))

    def bind_generic(self, mentions: Iterable[ActorMention], focus: str | None) -> list[ActorMention]:
        """Generic state references ("government forces", "the army") become the focus country's forces."""
        if focus is None:
            return list(mentions)
        sid, sname = state_actor(focus)
        return [dataclasses.replace(m, actor_id=sid, name=sname, inter=1) if m.actor_id == GENERIC_STATE else m
                for m in mentions]

    def _led(self, text: str) -> list[Hit[tuple[str, str, int | None, bool]]]:
        """"US-led forces", "Saudi-led coalition": the coalition the dictionary knows by that name,
        else a generated "<Country>-led coalition"."""
        out: list[Hit[tuple[str, str, int | None, bool]]] = []
        for m in _LED.finditer(text):
            leader = m.group("leader")
            known = self.alias_index.find(f"{leader}-led coalition")
            if known:
                aid, name, inter = self.canonical(known[0].value)
            else:
                iso = "USA" if leader.lower().rstrip(".") in _WESTERN or leader == "U.S." else self.country_of(leader)
                if iso is None:
                    continue
                aid, name, inter = f"coalition:{iso}", f"{country_name(iso)}-led coalition", 8
            out.append(Hit(m.start(), m.end(), m.group(), (aid, name, inter, False)))
        return out

    def country_of(self, word: str) -> str | None:
        hits = self.country_ci.find(word) or self.country_cs.find(word)
        if hits and hits[0].start == 0 and hits[0].end == len(word):
            return hits[0].value
        return None

    def _provisional(self, text: str) -> list[Hit[tuple[str, str, int | None, bool]]]:
        out: list[Hit[tuple[str, str, int | None, bool]]] = []
        for m in _PROV_UNIT.finditer(text):
            name = re.sub(r"^[\w.-]+['’]s\s+", "", m.group("name"))  # "Iraq's X Forces" -> "X Forces"
            if len(name.split()) < 2:
                continue
            first = name.split()[0].lower()
            if first in _NOT_GROUP_HEADS or self.country_of(name.split()[0]) is not None:
                continue
            start = m.end("name") - len(name)
            out.append(Hit(start, m.end("name"), name, (provisional_id(name), name, 3, True)))
        for pattern in (_PROV_FOR, _PROV_PREFIX):
            for m in pattern.finditer(text):
                name = m.group("name")
                out.append(Hit(m.start("name"), m.end("name"), name, (provisional_id(name), name, 3, True)))
        for m in _PROV_OF.finditer(text):
            name = m.group("name")
            if self.country_of(name.split()[0]) is not None:
                continue
            out.append(Hit(m.start(), m.end(), m.group(), (provisional_id(name), name, 3, True)))
        return out

    def _attach_labels(self, text: str, actors: list[Hit[tuple[str, str, int | None, bool]]],
                       labels: list[Hit[Label]]) -> list[ActorMention]:
        mentions: list[ActorMention] = []
        used_labels: set[int] = set()
        for h in actors:
            aid, name, inter, prov = h.value
            start, end, label = h.start, h.end, None
            for k, lab in enumerate(labels):
                if k in used_labels:
                    continue
                inside = start <= lab.start and lab.end == end  # the head noun of the mention
                after = 0 <= lab.start - end <= 2 and text[end: lab.start].strip(" -") == ""
                before = re.fullmatch(r"\s+(?:of|from|belonging to|loyal to)\s+(?:the\s+)?", text[lab.end: start]
                                      ) is not None if lab.end <= start and start - lab.end < 25 else False
                if inside or after or before:
                    label = lab.value.term
                    used_labels.add(k)
                    start, end = min(start, lab.start), max(end, lab.end)
                    break
            mentions.append(ActorMention(start=start, end=end, text=text[start:end], actor_id=aid, name=name,
                                         inter=inter, label=label, provisional=prov))
        for k, lab in enumerate(labels):
            if k in used_labels or any(m.start <= lab.start < m.end for m in mentions):
                continue
            mentions.append(ActorMention(start=lab.start, end=lab.end, text=lab.phrase,
                                         actor_id=LABEL_ONLY + lab.value.term, name=lab.value.term, inter=None,
                                         label=lab.value.term))
        mentions.sort(key=lambda m: m.start)
        return mentions


def provisional_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return f"prov:{slug}"


@cache
def _dictionary(extra_files: tuple[str, ...]) -> ActorDictionary:
    return ActorDictionary(extra_files)


_NAME_BEFORE = re.compile(r"(?:^|[^.!?:;\n]\s)([A-Z][\w'’-]*)\s$")
_FUNCTION_WORDS = frozenset({"the", "a", "an", "in", "on", "at", "of", "for", "by", "with", "from", "and", "but",
                             "as", "to", "after", "before", "while", "when", "since", "during", "both", "all", "two",
                             "three"})


# Words after a demonym that make the name an institution of that country ("Free Syrian Army", "Royal Saudi
# Air Force"): the country counts.
_INSTITUTION_NEXT = re.compile(r" (?:Army|Air|Armed|Forces?|Navy|Naval|Police|Guards?|National|Democratic|Government|"
                               r"Ministry|Military|Arab|Revolutionary|Islamic|Special|Federal|Defen[cs]e|Interior|"
                               r"Foreign|Crown|Prime|President|Embassy|Coalition|Border|State|Red|Kurdish)\b")


def _inside_name(text: str, start: int, end: int) -> bool:
    """Whether a country name or demonym at ``text[start:end]`` sits inside a longer capitalised name that
    is not one of the country's institutions: a capitalised word (not a function word, not at a sentence
    start) right before it and a capitalised word right after it ("Datu Saudi Ampatuan")."""
    m = _NAME_BEFORE.search(text[max(0, start - 40):start])
    if m is None or m.group(1).lower() in _FUNCTION_WORDS or "-" in m.group(1):
        return False  # "the Syrian ...", "the Britain-based Syrian Observatory"
    after = text[end:end + 24]
    return bool(re.match(r" [A-Z]", after)) and not _INSTITUTION_NEXT.match(after)
