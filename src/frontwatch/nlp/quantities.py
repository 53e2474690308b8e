"""Quantities in conflict reporting: casualty and capture counts, destroyed equipment, displacement,
distances and areas, as value + range + qualifier, attached to what they count.

Number words and vague quantities follow ACLED's conservative coding: "tens" = 10, "dozens" = 12,
"scores" = 20, "hundreds" = 100, "thousands" = 1000; "several", "a few", "a number of" = 3. Ranges:
"at least N" / "more than N" -> [N, open]; "some/about/around N" -> [0.8 N, 1.2 N]; "up to / nearly
N" -> [0.8 N, N]; "N to M" -> [N, M]. Areas are kept as stated, also when implausible ("20,000
square meters" for a desert offensive).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from frontwatch.records import Quantity

UNITS_1_19 = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
              "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
WORD_VALUES = {w: i for i, w in enumerate(UNITS_1_19)} | TENS | {"a dozen": 12, "dozen": 12, "a hundred": 100,
                                                                  "a thousand": 1000, "a": 1, "an": 1, "single": 1}
# (value, low, high) of vague quantities, ACLED-style conservative value.
VAGUE: dict[str, tuple[float, float, float | None]] = {
    "tens": (10, 10, 99), "dozens": (12, 12, 99), "scores": (20, 20, 99), "hundreds": (100, 100, 999),
    "thousands": (1000, 1000, 9999), "several": (3, 3, 9), "a few": (3, 2, 5), "a number of": (3, 2, 9),
    "many": (3, 3, None), "numerous": (3, 3, None), "a handful of": (3, 2, 6), "a couple of": (2, 2, 2),
}
_NUMWORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|"
            r"seven|eight|nine))?|" + "|".join(sorted(UNITS_1_19[1:], key=len, reverse=True)) + r"|a dozen|dozen)"
            r"(?:\s+(?:hundred|thousand))?")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{_DIGITS})(?:\s*(?:million|thousand|hundred))?|{_NUMWORD}"
QUALIFIER = (r"(?P<qual>at least|no fewer than|not less than|more than|over|upwards of|some|about|around|roughly|"
             r"approximately|nearly|almost|up to|as many as|an estimated|close to|at most|fewer than|less than)")
_QTY = rf"(?:{QUALIFIER}\s+)?(?P<num>{NUMBER}|tens|dozens|scores|hundreds|thousands|several|a few|a number of|" \
       rf"a handful of|a couple of)(?:\s*(?:to|-|–|or)\s*(?P<num2>{NUMBER}))?"

PEOPLE = (r"(?:people|persons?|civilians?|soldiers?|troops|servicemen|fighters?|militants?|terrorists?|rebels?|"
          r"insurgents?|jihadists?|members|militiamen|gunmen|attackers|assailants|policemen|police officers?|"
          r"officers?|guards?|personnel|children|women|men|villagers|residents|protesters|demonstrators|students|"
          r"workers|worshippers|passengers|pilgrims|farmers|miners|refugees|migrants|journalists|hostages|"
          r"elements|recruits|conscripts|commanders?|leaders?|crew|crew members|family members|relatives|"
          r"non-civilians?|others|(?:(?-i:[A-Z][\w-]+)\s+)?(?:nationals|citizens))")
_ADJ = r"(?:(?:other|more|further|additional|unarmed|armed|innocent|local|foreign|government|army|enemy|pro-[\w-]+|" \
       r"(?-i:[A-Z][\w-]*))\s+){0,2}"
CATEGORIES = {
    "killed": r"killed|dead|died|slain|martyred|executed|massacred|murdered|shot dead|lost their lives|perished|"
              r"neutrali[sz]ed|eliminated",
    "wounded": r"wounded|injured|hurt|maimed",
    "captured": r"captured|taken prisoner|surrendered",
    "arrested": r"arrested|detained|rounded up|apprehended",
    "abducted": r"abducted|kidnapped|taken hostage|seized",
    "displaced": r"displaced|fled|forced to flee|uprooted|evacuated",
}
_AUX = r"(?:(?:were|was|have been|has been|had been|are|is|reportedly|also|all|being|later|been)\s+)*"
_CATEGORY_AFTER = {k: re.compile(rf"\b{_QTY}\s+{_ADJ}(?:(?P<subj>{PEOPLE})\s+)?{_AUX}(?P<verb>{v})\b", re.I)
                   for k, v in CATEGORIES.items()}
_VERB_FORMS = {k: v.replace("killed|", "killed|killing|").replace("wounded|", "wounding|wounded|")
               for k, v in CATEGORIES.items()}
_CATEGORY_BEFORE = {k: re.compile(rf"\b(?P<verb>{_VERB_FORMS[k]}"
                                  rf"|left|leaving)\s+{_QTY}\s+{_ADJ}(?P<subj>{PEOPLE})?(?:\s+(?P<after>dead|"
                                  rf"wounded|injured))?\b", re.I)
                    for k, v in CATEGORIES.items() if k in ("killed", "wounded", "abducted", "arrested", "displaced",
                                                            "captured")}
# "15 civilians and 27 non-civilians (were) killed": the first count shares the verb of the second
_COORDINATED = re.compile(rf"\b(?P<first>(?:{QUALIFIER}\s+)?(?:{NUMBER}))\s+{_ADJ}(?P<subj1>{PEOPLE})\s+(?:and|,)\s+"
                          rf"(?:{QUALIFIER.replace('?P<qual>', '?:')}\s+)?(?:{NUMBER}|dozens|scores|hundreds)\s+{_ADJ}"
                          rf"(?:(?:{PEOPLE})\s+)?{_AUX}"
                          r"(?P<verb>killed|dead|wounded|injured|captured|arrested|abducted|kidnapped)\b", re.I)
_FLEE = re.compile(rf"\b(?:forc(?:ing|ed)|driv(?:ing|en)|caus(?:ing|ed))\s+{_QTY}\s+(?:people|residents|civilians|"
                   r"families|villagers|households)\s+(?:to\s+)?(?:flee|leave|abandon)", re.I)
_TOLL = re.compile(rf"\b(?:death toll|toll|casualty toll|number of (?:dead|deaths|victims))\s+(?:[\w'-]+\s+){{0,12}}?"
                   rf"(?:rose|rises|climbed|climbs|reached|reaches|stood|stands|is|was|of|to|at)\s+(?:to\s+|at\s+)?"
                   rf"{_QTY}", re.I)
# "killed 15 civilians and 27 fighters": the second object of the verb
_AND_MORE = re.compile(rf"\s*(?:,|and|,\s*and|as well as)\s+{_QTY}\s+(?:(?-i:[a-z][\w-]*|[A-Z][\w-]*)\s+){{0,2}}?"
                       rf"(?P<subj>{PEOPLE})\b", re.I)
# "IS also lost 15 militants": a side's own dead
_LOST = re.compile(rf"\blost\s+{_QTY}\s+{_ADJ}(?P<subj>{PEOPLE})\b", re.I)
_FURTHER = re.compile(r"\b(?:another|a further|additional|other)\s+$", re.I)
_DEATHS = re.compile(rf"\b{_QTY}\s+(?P<what>deaths|fatalities|casualties|dead|bodies|killed)\b", re.I)
_DESTROY = re.compile(r"\b(?P<verb>destroy(?:ed|ing)?|hit|damag(?:ed|ing)|disabl(?:ed|ing)|seiz(?:ed|ing)|"
                      r"captur(?:ed|ing)|shot down|downed|burn(?:ed|t)|torch(?:ed|ing))\s+(?P<list>[^.;:!?]{1,200})",
                      re.I)
_ITEM = re.compile(r"(?P<num>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|dozens of)\s+"
                   r"(?P<noun>(?:[\w-]+\s+){0,3}?(?:tanks?|vehicles?|technicals?|trucks?|cars?|pick-?ups?|"
                   r"motorcycles?|bulldozers?|aircraft|planes?|jets?|helicopters?|drones?|UAVs?|guns?|"
                   r"howitzers?|launchers?|rocket launchers?|missiles?|boats?|ships?|vessels?|BMP-\d|BMPs?|BTRs?|"
                   r"APCs?|IFVs?|positions?|posts?|bunkers?|depots?|weapons depots?|houses?|homes?|buildings?|"
                   r"shops?|schools?|mosques?|churches?|hospitals?|checkpoints?))\b", re.I)
_DISTANCE = re.compile(rf"\b{_QTY}\s*(?P<unit>km|kms|kilometers?|kilometres?|miles?|mi|meters?|metres?|m)\b"
                       r"(?P<rel>\s+(?:away\s+)?(?:from|of|to|deep|inside|into|north|south|east|west|northeast|"
                       r"northwest|southeast|southwest|outside|beyond|along|long|wide))?", re.I)
_TIMES = re.compile(r"\b(?P<num>" + _NUMWORD + r"|\d+)\s+times\b|\b(?P<num1>twice|thrice)\b", re.I)
_AREA = re.compile(rf"\b{_QTY}\s*(?P<unit>sq(?:uare)?\.?\s*/?\s*(?:km|kilometers?|kilometres?|miles?|mi|meters?|"
                   r"metres?|m)|km2|km²|m2|m²|hectares?|ha|acres?|dunams?|donums?)\b", re.I)

# Every pattern built on _QTY or NUMBER starts its count with a digit, a number word or a vague quantity, after a
# word boundary: a text without any of them skips those patterns (about half the sentences of news reports).
_ANY_COUNT = re.compile(r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                        r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                        r"seventy|eighty|ninety|a dozen|dozen|tens|scores|hundreds|thousands|several|a few|"
                        r"a number of|a handful of|a couple of)", re.I)

# Items of one object list ("a tank, a BMP-1 vehicle, and 2 technicals armed with ...") follow each other
# within this many characters; farther numbers belong to another clause.
ITEM_GAP_CHARS = 24


def parse_number(text: str) -> float | None:
    """The value of a number expression: '1,200', '2.5 million', 'twenty-one', 'three hundred', 'a dozen'."""
    s = text.strip().lower().replace("–", "-")
    if s in VAGUE:
        return float(VAGUE[s][0])
    mult = 1.0
    for word, factor in (("million", 1e6), ("thousand", 1e3), ("hundred", 1e2)):
        if s.endswith(" " + word) or (s.endswith(word) and s != word):
            s = s[: -len(word)].strip()
            mult = factor
            break
    s = s.replace(",", "")
    try:
        value = float(s) * mult
    except ValueError:
        pass
    else:  # "999...9" past float range is no count anyone reported
        return value if math.isfinite(value) else None
    if s in WORD_VALUES:
        return WORD_VALUES[s] * mult
    parts = re.split(r"[-\s]+", s)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in WORD_VALUES:
        return (TENS[parts[0]] + WORD_VALUES[parts[1]]) * mult
    return None


def _range(m: re.Match[str]) -> tuple[float, float, float | None, str | None] | None:
    raw = m.group("num")
    qual = (m.group("qual") or "").lower() or None
    value = parse_number(raw)
    if value is None:
        return None
    low: float = value
    high: float | None = value
    if raw.lower() in VAGUE:
        _, low, high = VAGUE[raw.lower()]
        qual = qual or raw.lower()
    if m.group("num2"):
        v2 = parse_number(m.group("num2"))
        if v2 is not None and v2 >= value:
            return value, value, v2, qual or "range"
    if qual in ("at least", "no fewer than", "not less than", "more than", "over", "upwards of"):
        high = None
    elif qual in ("some", "about", "around", "roughly", "approximately", "an estimated", "close to"):
        low, high = round(value * 0.8, 1), round(value * 1.2, 1)
    elif qual in ("nearly", "almost", "up to", "as many as", "at most", "fewer than", "less than"):
        low = round(value * 0.8, 1)
    return value, low, high, qual


def find_quantities(text: str) -> list[Quantity]:
    """Quantities in one sentence (or any text); offsets are into ``text``."""
    out: list[Quantity] = []

    def add(m: re.Match[str], category: str, unit: str | None = None, subject: str | None = None) -> None:
        r = _range(m)
        if r is None:
            return
        value, low, high, qual = r
        out.append(Quantity(start=m.start(), end=m.end(), text=m.group(), value=value, low=low, high=high,
                            qualifier=qual, unit=unit, category=category, subject=subject))

    if _ANY_COUNT.search(text):  # else none of the count patterns below can match
        for cat, pattern in _CATEGORY_AFTER.items():
            for m in pattern.finditer(text):
                add(m, cat, subject=(m.group("subj") or "").lower() or None)
        for cat, pattern in _CATEGORY_BEFORE.items():
            for m in pattern.finditer(text):
                verb = m.group("verb").lower()
                after = (m.group("after") or "").lower()
                if verb in ("left", "leaving"):
                    if not after:
                        continue
                    cat = "killed" if after == "dead" else "wounded"
                add(m, cat, subject=(m.group("subj") or "").lower() or None)
                if m.group("subj") and not after:
                    more = _AND_MORE.match(text, m.end())
                    if more:
                        add(more, cat, subject=more.group("subj").lower())
        for m in _LOST.finditer(text):
            add(m, "killed", subject=m.group("subj").lower())
        for m in _COORDINATED.finditer(text):
            verb = m.group("verb").lower()
            coord = next((k for k, v in CATEGORIES.items() if re.fullmatch(v, verb, re.I)), None)
            if coord is None:
                continue
            first = re.match(_QTY, m.group("first"), re.I)
            if first:
                r = _range(first)
                if r:
                    out.append(Quantity(start=m.start("first"), end=m.end("first"), text=m.group("first"), value=r[0],
                                        low=r[1], high=r[2], qualifier=r[3], unit=None, category=coord,
                                        subject=(m.group("subj1") or "").lower() or None))
        for m in _FLEE.finditer(text):
            add(m, "displaced", subject="people")
        for m in _TOLL.finditer(text):
            add(m, "killed")
        for m in _DEATHS.finditer(text):
            # "with another 10 bodies yet to be identified": a further group of dead, not a restatement
            further = _FURTHER.search(text[max(0, m.start() - 16): m.start()])
            add(m, "casualties" if m.group("what").lower() == "casualties" else "killed",
                subject="others" if further else None)
        for m in _DISTANCE.finditer(text):
            unit = m.group("unit").lower()
            unit = "km" if unit.startswith("k") else "mi" if unit.startswith("mi") else "m"
            add(m, "distance", unit=unit)
        for m in _AREA.finditer(text):
            unit = re.sub(r"[\s./]+", " ", m.group("unit").lower()).strip()
            unit = ("sq km" if re.search(r"km|kilomet", unit) else "sq mi" if "mi" in unit else "m2" if re.search(
                r"^(sq(uare)? )?m(eter|etre)?s?$|m2|m²", unit) else unit)
            add(m, "area", unit=unit)
    for m in _TIMES.finditer(text):
        word = (m.group("num") or m.group("num1") or "").lower()
        value = {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(word) or parse_number(word)
        if value is not None and (m.group("num") or m.group("num1")):
            out.append(Quantity(start=m.start(), end=m.end(), text=m.group(), value=value, low=value, high=value,
                                qualifier=None, unit="times", category="repetitions", subject=None))
    for m in _DESTROY.finditer(text):
        prev_end = 0
        for item in _ITEM.finditer(m.group("list")):
            if item.start() - prev_end > ITEM_GAP_CHARS:
                break  # the object list of the verb has ended
            prev_end = item.end()
            n = item.group("num").lower()
            value = 1.0 if n in ("a", "an") else VAGUE["dozens"][0] if n == "dozens of" else (parse_number(n) or 1.0)
            s, e = m.start("list") + item.start(), m.start("list") + item.end()
            out.append(Quantity(start=s, end=e, text=text[s:e], value=value, low=value,
                                high=None if n in ("several", "dozens of") else value, qualifier=None, unit=None,
                                category="destroyed", subject=item.group("noun").lower()))
    return mark_cumulative(text, _dedupe(out))


# Toll sentences about a whole war or period, not one event ("the war has killed more than 300,000
# people since 2011"): their counts become category "killed_total" and never an event's fatalities.
CUMULATIVE = re.compile(
    r"\b(?:since (?:\d{4}|the (?:start|beginning|outbreak)|it began|the war|the conflict|then)|so far (?:this|in)|"
    r"in total|a total of|overall|cumulative|(?:war|conflict|uprising|crisis|fighting) (?:has|have|that has)? ?"
    r"(?:killed|left|claimed)|(?:in|over|during) the (?:past|last) (?:\w+ )?(?:years|months|decade)|this year|"
    r"last year|death toll (?:of|in) the (?:war|conflict))\b",
    re.I,
)


def mark_cumulative(text: str, qs: list[Quantity]) -> list[Quantity]:
    if not CUMULATIVE.search(text):
        return qs
    return [replace(q, category="killed_total") if q.category == "killed" else q for q in qs]


def _dedupe(qs: list[Quantity]) -> list[Quantity]:
    """One quantity per number: where matches overlap keep the most specific (longest) one."""
    qs.sort(key=lambda q: (q.start, -(q.end - q.start)))
    kept: list[Quantity] = []
    for q in qs:
        clash = next((k for k in kept if q.start < k.end and k.start < q.end and q.category != "destroyed"
                      and k.category != "destroyed"), None)
        if clash is None:
            kept.append(q)
        elif (q.end - q.start) > (clash.end - clash.start):
            kept[kept.index(clash)] = q
    return sorted(kept, key=lambda q: q.start)


def victim_groups(killed: Sequence[Quantity]) -> dict[str, Quantity]:
    """The killed counts of one sentence by victim group, largest count per group; a count without a
    group, or a generic one ("people"), restates the qualified ones ("50 people ... 15 civilians and 27
    fighters") and is dropped when any qualified one is present. The event's fatalities are the sum over groups."""
    by_subject: dict[str, Quantity] = {}
    for q in killed:
        key = q.subject or "?"
        if key not in by_subject or q.value > by_subject[key].value:
            by_subject[key] = q
    for generic in ("?", "people", "persons"):
        if generic in by_subject and len(by_subject) > 1:
            by_subject.pop(generic)
    return by_subject


def shift(q: Quantity, offset: int, sentence: int) -> Quantity:
    return replace(q, start=q.start + offset, end=q.end + offset, sentence=sentence)
