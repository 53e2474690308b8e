"""Toponym recognition: gazetteer phrase matching over capitalised word runs, cue words, and the
language layer's named entities when there are any.

Labels are never trusted alone (spaCy calls many Arabic place names ORG or PERSON): a span becomes a
mention when the gazetteer knows it, and labels, cues ("the village of X", "X countryside", "X airbase")
and capitalisation decide how sure we are. Demonyms ("Syrian") become non-locational mentions of
their country.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from frontwatch.geo.entry import ABBREVIATION, AREA_CODES, PRIMARY, Candidate
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.lexicon import TRAILING, Demonyms, phrase_candidates
from frontwatch.geo.normalize import ARTICLES, is_arabic, name_key
from frontwatch.geo.resolve import Hints, Mention
from frontwatch.geo.sources import GAZETTEER_DATA
from frontwatch.records import Entity

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_][\w’']*(?:[-‑][^\W_][\w’']*)*")
_POSSESSIVE = re.compile(r"['’]s$")
# Words that make "X-word" a modifier of an actor or a source ("Britain-based", "Iran-backed",
# "US-led"): the name says nothing about where anything happened.
MODIFIER_WORDS = ("based|backed|led|funded|sponsored|supported|aligned|allied|affiliated|linked|born|made|owned|run|"
                  "trained|armed|brokered|registered|headquartered")
MODIFIER_AFTER = re.compile(rf"[-‐‑–]\s?(?:{MODIFIER_WORDS})\b", re.I)
MODIFIER_SUFFIX = re.compile(rf"[-‐‑–]\s?(?:{MODIFIER_WORDS})$", re.I)
_ARTICLE_HYPHEN = re.compile(r"^(?:" + "|".join(sorted(ARTICLES, key=len, reverse=True)) + r")[-‑][A-Z\u0600-\u06ff]")
# Lower-case words allowed inside a name ("Stratford upon Avon", "Deir ez Zor", "Bab al Hawa").
CONNECTORS: frozenset[str] = frozenset(
    {"of", "de", "la", "le", "du", "des", "del", "di", "da", "do", "dos", "das", "upon", "on", "the", "y", "van",
     "von", "der", "den", "sur", "les", "am", "im", "bin", "ibn", "abu", "and", "al", "el", "ez", "ad", "as", "ar",
     "at", "az", "ash", "an", "ad-", "es", "ed", "er", "et", "en"}
)
# Connectors that bind a name to the capitalised word before it ("Aqareb es Safi", "Tell al Abyad"): a
# gazetteer match after one is the tail of a longer name the gazetteer does not know, not a place of its own.
NAME_PARTICLES: frozenset[str] = CONNECTORS - {"of", "on", "the", "upon", "and", "y"}
# Longest phrase tried, in words.
MAX_SPAN_TOKENS = 7
# Abbreviations that keep a following full stop inside a name ("St. Louis", "Ft. Worth").
_DOT_ABBREVIATIONS = frozenset({"St", "Ste", "Mt", "Ft", "Pt"})
# Words that are capitalised for other reasons (sentence starts, titles, calendar) and that the
# gazetteer also holds as places: never a toponym on their own without an entity label or a cue.
COMMON_WORDS: frozenset[str] = frozenset(
    w.strip() for w in (GAZETTEER_DATA / "common_words.txt").read_text(encoding="utf-8").splitlines()
    if w.strip() and not w.startswith("#")
)
# Capitalised words after which a capitalised word is a person, not a place ("President Jordan").
TITLES: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sir", "president", "minister", "gen", "general", "col", "colonel", "sgt",
     "capt", "captain", "lt", "sen", "senator", "rep", "gov", "governor", "judge", "officer", "sheriff", "mayor",
     "pope", "king", "queen", "prince", "princess", "sheikh", "imam", "father", "saint", "coach", "prof", "professor",
     "commander", "maj", "major", "chief", "deputy", "detective", "lord", "lady", "brother", "sister", "rev"}
)
# Capitalised words that may follow a place name inside one geographic name ("Homs Province", "Euphrates
# River"); any other capitalised neighbour means the place name is part of a longer name ("Washington Post").
PLACE_WORDS: frozenset[str] = frozenset(
    {w for w in TRAILING} | {"river", "lake", "mountains", "valley", "island", "islands", "sea", "bay", "desert",
                             "gulf", "strait", "coast", "border", "front", "governorate", "countryside", "plain",
                             "basin", "peninsula", "highlands", "heights", "delta", "oasis", "region", "city"}
)
# Capitalised words that may precede a place name without being part of another name ("Eastern Ghouta"
# is in the gazetteer; "Southern Syria", "Eastern Deir Ezzur" are the place with a direction).
DIRECTION_WORDS: frozenset[str] = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeastern",
     "northwestern", "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
     "south-western", "upper", "lower", "greater", "rural", "occupied", "downtown"}
)
# Cue phrases before a name and the reading they ask for.
_BEFORE_CUES = re.compile(
    r"\b(?:the\s+)?(village|town|city|province|governorate|district|region|outskirts|countryside|suburbs?|"
    r"neighbou?rhood|municipality|camp|county|state|area|desert|vicinity)\s+of\s+$",
    re.IGNORECASE,
)
_TRAILING_WORDS = sorted(TRAILING, key=len, reverse=True)  # longest first: "oil field" before "field"
_CUE_HINTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "province": (frozenset({"A"}), frozenset({"ADM1", "ADM2"})),
    "governorate": (frozenset({"A"}), frozenset({"ADM1", "ADM2"})),
    "state": (frozenset({"A"}), frozenset({"ADM1"})),
    "county": (frozenset({"A"}), frozenset({"ADM2"})),
    "district": (frozenset({"A", "P"}), frozenset({"ADM2"})),
    "village": (frozenset({"P"}), frozenset()),
    "town": (frozenset({"P"}), frozenset()),
    "city": (frozenset({"P"}), frozenset()),
    "camp": (frozenset({"S"}), frozenset({"CMPRF"})),
}
# A capitalised name (1-4 words, Arabic-style particles allowed) that a settlement cue introduces.
_PARTICLE = r"(?:al|el|ad|as|an|ar|at|az|ash|ez|es|ed|de|la|le|du)[-‑ ]"
_NAME = (r"\b(?P<name>(?:" + _PARTICLE + r")?[A-Z][\w’'‑-]+(?: (?:" + _PARTICLE + r")?[A-Z][\w’'‑-]+){0,3})")
_SETTLEMENT_BEFORE = re.compile(r"\b(?:village|town|hamlet|settlement|neighbou?rhood|locality|suburb|quarter)\s+of\s+"
                                + _NAME)
_SETTLEMENT_AFTER = re.compile(_NAME + r"\s+(?:village|neighbou?rhood|hamlet|township|locality|(?:displacement |IDP "
                               r"|refugee )?(?:camp|site))\b")
SETTLEMENT_CONFIDENCE = 0.6  # an unknown name a settlement cue introduces
# Recognition confidence by evidence.
ENTITY_CONFIDENCE = 0.9  # a GPE/LOC/FAC entity the gazetteer knows
CUE_CONFIDENCE = 0.85  # a cue phrase names it
MATCH_CONFIDENCE = 0.7  # a capitalised gazetteer phrase, nothing else
WEAK_CONFIDENCE = 0.45  # inside an ORG/PERSON entity of the same extent
UNRESOLVED_CONFIDENCE = 0.5
DEMONYM_CONFIDENCE = 0.9
LOCATION_LABELS = frozenset({"GPE", "LOC", "FAC"})
# An all-capitals word this short is an acronym unless it names a country, division or region ("US", "UAE").
MAX_ACRONYM = 5
# Words this short must match a name with its accents ("God" is not Göd, Hungary).
SHORT_WORD = 4
_ACRONYM_CODES = frozenset({"PCLI", "PCLD", "PCLS", "PCLF", "PCLIX", "ADM1", "CONT", "RGN"})


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    cap: bool
    connector: bool
    initial: bool  # first word of a sentence or line


def tokenize(text: str, sentences: Sequence[tuple[int, int]] | None = None) -> list[Token]:
    starts = {s for s, _ in sentences} if sentences else set()
    out: list[Token] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        word = m.group()
        if (p := _POSSESSIVE.search(word)) and len(word) > 3:
            end -= len(p.group())
            word = word[: -len(p.group())]
        if (mod := MODIFIER_SUFFIX.search(word)) and mod.start() > 0:
            end -= len(mod.group())
            word = word[: mod.start()]
        gap = text[prev_end:start]
        initial = (not out) or start in starts or (bool(re.search(r"[.!?:\n\"“]\s*$", gap)) and not (
            out and out[-1].text in _DOT_ABBREVIATIONS and gap.strip() == "."))
        cap = word[:1].isupper() or bool(_ARTICLE_HYPHEN.match(word)) or is_arabic(word[:1])
        out.append(Token(start, end, word, cap, word.lower() in CONNECTORS and not word[:1].isupper(), initial))
        prev_end = end
    return out


def _joined(text: str, a: Token, b: Token) -> bool:
    """Whether two consecutive tokens can belong to one name (only spaces between, or "St. ")."""
    gap = text[a.end:b.start]
    if gap in (" ", "-", "‑"):
        return True
    return gap == ". " and a.text in _DOT_ABBREVIATIONS


def _only_by_folding(word: str, cands: Sequence[Candidate]) -> bool:
    """Whether ``word`` is, for every reading, the name spelled without its accents ("God" for "Göd")."""
    w = word.casefold()
    return all(len(c.name) == len(w) and c.name.casefold() != w and not c.name.isascii() for c in cands)


class Recognizer:
    def __init__(self, gazetteer: Gazetteer, demonyms: Demonyms) -> None:
        self.gaz = gazetteer
        self.demonyms = demonyms

    def mentions(self, text: str, sentences: Sequence[tuple[int, int]] | None = None,
                 entities: Sequence[Entity] | None = None) -> list[Mention]:
        toks = tokenize(text, sentences)
        found = self._scan(text, toks)
        if entities:
            found = self._merge_entities(text, found, entities)
        found.extend(self._settlements(text, found))
        found.sort(key=lambda m: m.start)
        for m in found:
            m.modifier = bool(MODIFIER_AFTER.match(text, m.end))
        self.containers(text, found)
        return found

    # -- gazetteer phrase matching over capitalised runs
    def _scan(self, text: str, toks: list[Token]) -> list[Mention]:
        out: list[Mention] = []
        lower_words = {t.text.lower() for t in toks if t.text[:1].islower()}
        i, n = 0, len(toks)
        while i < n:
            t = toks[i]
            parts = self._hyphenated_demonyms(t)
            if parts:
                out.extend(parts)
                i += 1
                continue
            demonym = self._demonym_at(text, toks, i)
            if demonym:
                key, k = demonym
                end = toks[k].end
                out.append(Mention(t.start, end, text[t.start:end], Demonyms.candidates(self.gaz, key), demonym=key,
                                   recognition=DEMONYM_CONFIDENCE))
                i = k + 1
                continue
            if not t.cap:
                i += 1
                continue
            run = [i]
            j = i + 1
            while j < n and len(run) < MAX_SPAN_TOKENS and _joined(text, toks[j - 1], toks[j]) and (
                    toks[j].cap or toks[j].connector):
                run.append(j)
                j += 1
            match = None
            for k in range(len(run) - 1, -1, -1):
                last = toks[run[k]]
                if last.connector:
                    continue
                phrase = text[t.start:last.end]
                key = name_key(phrase)
                if not key:
                    continue
                head = key.split(" ", 1)[0]
                if self.gaz.head_tokens(head) < key.count(" ") + 1:
                    continue
                cands = self.gaz.lookup(key)
                if cands:
                    match = (run[k], cands)
                    break
            if match is None:
                match = self._fuzzy(text, toks, run)
            if match is None:
                i += 1
                continue
            k, cands = match
            end_tok = toks[k]
            if self._keep(text, toks, i, k, cands, lower_words):
                out.append(self._mention(text, t.start, end_tok.end, cands, MATCH_CONFIDENCE))
            i = k + 1
        return out

    def _fuzzy(self, text: str, toks: list[Token], run: list[int]) -> tuple[int, tuple[Candidate, ...]] | None:
        """Skeleton readings of a multi-word capitalised run no exact name matched ("Deir Ezzur")."""
        for k in range(len(run) - 1, 0, -1):
            last = toks[run[k]]
            if last.connector:
                continue
            found = self.gaz.lookup_skeleton(name_key(text[toks[run[0]].start:last.end]))
            if found:
                return run[k], found
        return None

    def _hyphenated_demonyms(self, t: Token) -> list[Mention]:
        """"Syrian-Iraqi" (border): one non-locational mention per demonym."""
        if "-" not in t.text:
            return []
        out: list[Mention] = []
        offset = t.start
        for part in t.text.split("-"):
            key = self.demonyms.key(part)
            if key is None:
                return []
            out.append(Mention(offset, offset + len(part), part, Demonyms.candidates(self.gaz, key), demonym=key,
                               recognition=DEMONYM_CONFIDENCE))
            offset += len(part) + 1
        return out

    def _keep(self, text: str, toks: list[Token], i: int, k: int, cands: Sequence[Candidate],
              lower_words: set[str]) -> bool:
        """Whether a gazetteer match over tokens i..k is a toponym rather than a word or part of a name."""
        first = toks[i]
        word = first.text.lower()
        if i == k and (word in COMMON_WORDS or (first.initial and word in lower_words)):
            return False
        if i == k and first.initial and all(c.kind != PRIMARY for c in cands):
            return False  # "Competition ..." at a sentence start: only an alternate name of some place
        if i == k and first.text.isupper() and len(first.text) <= MAX_ACRONYM and not any(
                c.feature_code in _ACRONYM_CODES for c in cands):
            return False  # "SAA", "SDF", "ONI": acronyms of organisations, not places
        if i == k and len(first.text) <= SHORT_WORD and _only_by_folding(first.text, cands):
            return False  # "God" is not "Göd": short words must match their accents
        if i > 0 and toks[i - 1].text.lower().rstrip(".") in TITLES and _joined(text, toks[i - 1], first):
            return False
        if all(c.kind == ABBREVIATION for c in cands):
            # "La.", "Calif.", "TX": only right after "Place, "
            return i > 0 and text[toks[i - 1].end:first.start] == ", " and toks[i - 1].cap
        # part of a longer capitalised name ("Washington Post", "Jordan Smith", "Global Research")?
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and nxt.cap and _joined(text, toks[k], nxt) and nxt.text.lower() not in PLACE_WORDS \
                and not self._demonym(nxt.text):
            return False
        prev = toks[i - 1] if i > 0 else None
        if prev is not None and prev.connector and prev.text.lower() in NAME_PARTICLES and i > 1 \
                and toks[i - 2].cap and _joined(text, toks[i - 2], prev) and _joined(text, prev, first):
            return False  # "Aqareb es Safi": the tail of an unknown name
        if prev is not None and prev.cap and _joined(text, prev, first) and prev.text.lower() not in PLACE_WORDS \
                and prev.text.lower() not in DIRECTION_WORDS and not _ARTICLE_HYPHEN.match(first.text) \
                and not self.possessive_country(prev.text):
            sentence_word = prev.initial and (prev.text.lower() in COMMON_WORDS or prev.text.lower() in lower_words)
            if not sentence_word:
                return False
        return True

    def possessive_country(self, word: str) -> bool:
        """"Syrias" in "Syrias Hama province": a country's possessive whose apostrophe was lost in scraping."""
        if len(word) < 5 or not word.endswith("s") or not word[:1].isupper():
            return False
        return any(c.feature_code.startswith("PCL") and c.kind == PRIMARY
                   for c in self.gaz.lookup(name_key(word[:-1])))

    def _demonym(self, word: str) -> str | None:
        return self.demonyms.key(word)

    def _demonym_at(self, text: str, toks: list[Token], i: int) -> tuple[str, int] | None:
        """A demonym of one or two words starting at token ``i`` ("Syrian", "North American"); not a word in
        the middle of a longer name ("Datu Saudi Ampatuan", a town in the Philippines)."""
        if (0 < i < len(toks) - 1 and toks[i - 1].cap and not toks[i].initial and _joined(text, toks[i - 1], toks[i])
                and "-" not in toks[i - 1].text and not self.demonyms.key(toks[i - 1].text)
                and toks[i + 1].cap and _joined(text, toks[i], toks[i + 1])):
            return None
        if i + 1 < len(toks) and _joined(text, toks[i], toks[i + 1]):
            key = self.demonyms.key(f"{toks[i].text} {toks[i + 1].text}")
            if key:
                return key, i + 1
        key = self.demonyms.key(toks[i].text)
        return (key, i) if key else None

    def _mention(self, text: str, start: int, end: int, cands: Sequence[Candidate], recognition: float,
                 hints: Hints | None = None) -> Mention:
        before = text[max(0, start - 40):start]
        after = text[end:end + 30].lower()
        classes: set[str] = set(hints.feature_classes) if hints else set()
        codes: set[str] = set(hints.feature_codes) if hints else set()
        if m := _BEFORE_CUES.search(before):
            cue = m.group(1).lower()
            c_classes, c_codes = _CUE_HINTS.get(cue, (frozenset(), frozenset()))
            classes |= c_classes
            codes |= c_codes
            recognition = max(recognition, CUE_CONFIDENCE)
        for word in _TRAILING_WORDS:
            if after.startswith(" " + word) and not after[len(word) + 1:len(word) + 2].isalpha():
                c_classes, c_codes = TRAILING[word]
                classes |= c_classes
                codes |= c_codes
                recognition = max(recognition, CUE_CONFIDENCE)
                break
        h = Hints(feature_classes=frozenset(classes), feature_codes=frozenset(codes))
        return Mention(start, end, text[start:end], tuple(cands), hints=h, recognition=recognition)

    # -- named entities from the language layer
    def _merge_entities(self, text: str, found: list[Mention], entities: Sequence[Entity]) -> list[Mention]:
        out = list(found)
        for ent in entities:
            if not (0 <= ent.start < ent.end <= len(text)):
                continue
            overlapping = [m for m in out if m.start < ent.end and ent.start < m.end]
            if ent.label in LOCATION_LABELS:
                if any(m.start == ent.start and m.end == ent.end for m in overlapping):
                    for m in overlapping:
                        if m.start == ent.start and m.end == ent.end:
                            m.recognition = max(m.recognition, ENTITY_CONFIDENCE)
                    continue
                if overlapping and all(m.start <= ent.start and m.end >= ent.end for m in overlapping):
                    continue  # a longer gazetteer match already covers it
                look = phrase_candidates(self.gaz, text[ent.start:ent.end])
                if not look.candidates:
                    if overlapping:
                        continue  # the gazetteer knows a part of it ("Homs" in "Homs Military Academy")
                    out.append(Mention(ent.start, ent.end, text[ent.start:ent.end], (),
                                       recognition=UNRESOLVED_CONFIDENCE, facility=ent.label == "FAC"))
                    continue
                for m in overlapping:
                    out.remove(m)
                h = Hints(feature_classes=look.classes, feature_codes=look.codes)
                out.append(self._mention(text, ent.start, ent.end, look.candidates, ENTITY_CONFIDENCE, h))
            elif ent.label in {"ORG", "PERSON", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}:
                first_word = text[ent.start:ent.end].split(" ", 1)[0]
                if " " in text[ent.start:ent.end] and self.possessive_country(first_word):
                    continue  # "Syrias Hama": a possessive and a place, not a person
                for m in overlapping:
                    if m.demonym:
                        continue
                    inside = ent.start <= m.start and m.end <= ent.end
                    if inside and (m.start, m.end) != (ent.start, ent.end):
                        out.remove(m)  # "Michael Jordan", "Islamic State of Iraq"
                    elif inside:
                        m.recognition = min(m.recognition, WEAK_CONFIDENCE)
        return out

    # -- "the village of Nkoe", "Kadamutsa village": a settlement the gazetteer does not know
    def _settlements(self, text: str, found: Sequence[Mention]) -> list[Mention]:
        """Unresolved mentions for capitalised names a settlement cue introduces and nothing else covers;
        the fallback then places them at their stated or nearest town (``frontwatch.geo.fallback``)."""
        out: list[Mention] = []
        taken = [(m.start, m.end) for m in found]
        for rx in (_SETTLEMENT_BEFORE, _SETTLEMENT_AFTER):
            for m in rx.finditer(text):
                start, end = m.span("name")
                name = text[start:end]
                words = name.split()
                if (any(s < end and start < e for s, e in taken) or words[0].lower() in TITLES
                        or name.lower() in COMMON_WORDS or self._demonym(words[0]) or len(name) < 3):
                    continue
                out.append(Mention(start, end, name, (), recognition=SETTLEMENT_CONFIDENCE))
                taken.append((start, end))
        return out

    # -- "Alexandria, La.", "Homs, Syria": the second names the container of the first
    def containers(self, text: str, found: list[Mention]) -> None:
        """"Buffalo, New York": the second name contains the first (a hint for the first) and is marked a
        container (so "New York" may stay the state: see ``resolve.NAMESAKE_PENALTY``), as is a name after a
        direction adjective ("southeastern Deir Ezzur"). A name followed by a division word ("New York
        state", "the Washington state farm") asks for a division or country."""
        for a, b in itertools.pairwise(found):
            if text[a.end:b.start] not in (", ", " , ", ","):
                continue
            admin1 = frozenset(c.admin1_code for c in b.candidates if c.feature_code == "ADM1" and c.admin1_code)
            countries = frozenset(c.country for c in b.candidates if c.feature_code.startswith("PCL") and c.country)
            if admin1 or countries:
                a.hints = dataclasses.replace(a.hints, countries=countries | a.hints.countries,
                                              admin1=admin1 | a.hints.admin1)
                b.hints = dataclasses.replace(b.hints, container=True)
        for m in found:
            if _DIVISION_AFTER.match(text, m.end):
                m.hints = _as_area(m.hints)
            elif _PART_BEFORE.search(text, max(0, m.start - 20), m.start):
                m.hints = dataclasses.replace(m.hints, container=True)  # "southeastern Deir Ezzur": a part of it


# A division word right after a name: "New York state", "the Kentucky border", "Idlib governorate".
# A direction adjective right before a name: a part of the named area ("southeastern Deir Ezzur").
_PART_BEFORE = re.compile(r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)ern\s+$",
                          re.IGNORECASE)
_DIVISION_AFTER = re.compile(r"['’]?s?\s+(?:state|province|governorate|oblast|prefecture|county|border|"
                             r"legislature|governor)\b", re.IGNORECASE)


def _as_area(h: Hints) -> Hints:
    """The hints of a name read as a division or country (unless a cue already asks for something)."""
    if h.feature_codes or h.feature_classes:
        return h
    return dataclasses.replace(h, feature_classes=frozenset({"A"}), feature_codes=AREA_CODES, container=True)
