"""ACLED-style fallback for fine-grained places the gazetteer does not hold.

ACLED codes an event whose exact small location (a street, a building, a neighbourhood) cannot be found
to the nearest larger known place, with a lower ``geo_precision``. This module does the same for a
toponym that stayed unresolved but is clearly a fine-grained place:

* its name says so ("Third Street", "Colchester General Hospital", "Kamenné Square", "A417"), or the words
  around it do ("the Air Balloon roundabout", "the X neighbourhood", "the neighbourhood of X"), or the
  language layer labelled it a facility (spaCy ``FAC``);
* or it is a span the caller vouches for as a toponym (``Geocoder.resolve_spans``, ``given=True``): then
  any unresolved span is placed ("Dubai World Cup", "Bank of Japan", a village the gazetteer lacks);

and resolves it to its containing locality, the first of:

1. ``stated``: a resolved town written right next to it ("Eva's Village in Paterson", "Percy French
   Hotel, Ballyjamesduff", "Harare's Third Street");
2. ``name``: a town named inside it ("Colchester Hospital", "Delhi High Court"), when it lies near the
   document's other places or is a city of one of the document's countries (a town of the name elsewhere
   is some other town: "Rogers Centre" is not in Rogers, Arkansas);
3. ``name``: for an institution named after an area ("Bank of Japan", "European Commission", "Iowa House",
   "US Federal Reserve"; not a street: "Palestine Street" stays in its town), that area, or the document's
   most mentioned town inside it; demonyms and two-letter country codes count as names here;
4. ``sentence`` / ``paragraph``: the nearest resolved town or city of the same sentence, then paragraph;
5. ``name``: a division or country named inside it ("University of Alberta"), or a town of the document
   inside that division or country;
6. ``document``: the document's most mentioned resolved town or city; for a given span in a document that
   names no town, its most mentioned division or country.

Precision is 2 (part of a known place) for 1, 2 and 4, 3 (region only) for an area and for the
document-level guess. The record keeps the span as written (``text``) and takes the container's point,
name, id, country and division; ``fallback`` says which rule placed it. When no containing locality
exists, the mention stays unresolved.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence

from frontwatch.geo.entry import AREA_CODES, REGION_CODES, Candidate
from frontwatch.geo.geodesy import haversine_km
from frontwatch.geo.normalize import name_key
from frontwatch.geo.recognize import COMMON_WORDS
from frontwatch.records import PlaceMention


def _words(block: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", block))


# Words inside a name that make it a street, a building or a site within a town.
NAME_WORDS: frozenset[str] = _words("""
    street st road rd avenue ave boulevard blvd lane drive parade terrace crescent highway
    motorway freeway expressway bridge flyover square plaza roundabout junction intersection building tower towers hall
    centre center complex mall market bazaar souk mosque church chapel cathedral basilica temple synagogue
    shrine hospital clinic school academy college university institute campus stadium arena racecourse hotel restaurant
    cafe theatre theater cinema museum gallery library prison jail courthouse court embassy consulate ministry
    station airport terminal harbour harbor pier wharf barracks checkpoint farm factory refinery warehouse office
    headquarters palace castle neighbourhood neighborhood suburb gardens garden cemetery
""")
# Words inside a name that make it an institution named after the area it serves ("Bank of Japan", "European
# Commission", "Iowa House", "Arizona State University"): a country, division or continent named inside it
# places it before any town of the sentence does.
ORG_WORDS: frozenset[str] = _words("""
    bank commission council parliament assembly congress senate house ministry department government reserve
    embassy consulate agency authority office service federation union association league committee board
    cup championship club fc university college institute party army police
""")
STREET_WORDS: frozenset[str] = _words("""
    street st road rd avenue ave boulevard blvd lane drive highway bridge square plaza roundabout junction
""")
# Words right after a name that make it one ("the Air Balloon roundabout", "the Woodman Point facility").
AFTER_WORDS: frozenset[str] = _words("""
    street road avenue square bridge roundabout junction intersection building tower hall centre center complex
    mall market mosque church hospital clinic school campus stadium hotel restaurant facility plant compound
    neighbourhood neighborhood suburb quarter estate village hamlet township locality camp site displacement
""")
# "the neighbourhood of X", "the village of X" (before the name).
_BEFORE = re.compile(r"\b(?:neighbou?rhoods?|suburbs?|quarter|streets?|roads?|villages?|hamlets?|settlements?|"
                     r"localit(?:y|ies))\s+of\s+(?:the\s+)?$", re.I)
# Road numbers: "A417", "M25", "I-95", "US 1", "Route 66", "Highway 401".
_ROAD = re.compile(
    r"^(?:[AMBN]\d{1,4}(?:\s?\(M\))?|I-?\s?\d{1,3}|(?:US|SR|State Route|Route|Highway|Hwy)\s?-?\d{1,4})$", re.I)
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w’'.-]*")
# "Eva's Village in Paterson", "Hotel, Ballyjamesduff", "Harare's Third Street": the town is stated.
# "X in Y", "X, Y", "X in the Syrian Y province": a word or two may qualify Y (a demonym, "central", "northern")
_STATED_AFTER = re.compile(r"^\s*(?:,|\bin\b|\bat\b|\bnear\b|\bof\b)\s*(?:the\s+)?(?:[A-Z][a-z]+\s+|"
                           r"(?:central|northern|southern|eastern|western|north-?(?:east|west)ern|"
                           r"south-?(?:east|west)ern)\s+)?$")
_STATED_BEFORE = re.compile(r"^\s*(?:['’]s?)\s*$")
# A town named inside the name must lie this close to one of the document's other places.
NAME_NEAR_KM = 300.0
# With no other place in the document, a town named inside the name needs this many people.
NAME_MIN_POPULATION = 100_000
# Confidence of a fallback record, relative to its container's.
FALLBACK_CONFIDENCE = 0.5
# Sentence and paragraph boundaries when the caller gives no sentences.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“(]?[A-Z0-9])|\n")
_PARAGRAPH_END = re.compile(r"\n\s*\n|\n")


def is_fine_grained(text: str, start: int, end: int, facility: bool = False) -> bool:
    """Whether the span ``text[start:end]`` names a street, building, site or neighbourhood."""
    phrase = text[start:end].strip()
    if facility or _ROAD.match(phrase):
        return True
    words = [w.lower().rstrip(".").replace("’", "'") for w in _WORD.findall(phrase)]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    if any(w in NAME_WORDS for w in words[1:]) or (len(words) > 1 and words[0] in NAME_WORDS - {"st"}):
        return True
    after = re.match(r"\s+([a-z]+)", text[end:end + 30])
    if after and after.group(1) in AFTER_WORDS:
        return True
    return bool(_BEFORE.search(text[max(0, start - 40):start]))


def _is_locality(p: PlaceMention) -> bool:
    return (p.latitude is not None and p.is_location and not p.modifier and p.fallback is None
            and p.bearing is None and p.distance_km is None and (p.feature_code or "").startswith("PPL"))


def _segments(text: str, pattern: re.Pattern[str]) -> list[int]:
    """Start offsets of the segments (sentences or paragraphs) of ``text``."""
    return [0] + [m.end() for m in pattern.finditer(text)]


def _index(starts: Sequence[int], pos: int) -> int:
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid
    return lo


def apply_fallbacks(text: str, records: list[PlaceMention], facility: Sequence[bool],
                    lookup: Callable[[str], tuple[Candidate, ...]], iso3: dict[str, str],
                    sentences: Sequence[tuple[int, int]] | None = None, *,
                    demonym: Callable[[str], tuple[Candidate, ...]] | None = None,
                    given: bool = False) -> list[PlaceMention]:
    """Replace each unresolved fine-grained record by its containing locality (see the module doc).
    ``facility[i]`` says the recogniser labelled record i a facility; ``lookup`` gives a name key's
    gazetteer readings and ``demonym`` a word's demonym readings ("European" -> Europe). With ``given``
    the spans are toponyms the caller vouches for (``Geocoder.resolve_spans``): every unresolved one is
    placed, not only the fine-grained ones. Returns a new list in the same order."""
    todo = [i for i, p in enumerate(records)
            if p.latitude is None and p.is_location and 0 <= p.start < p.end <= len(text)
            and (given or is_fine_grained(text, p.start, p.end, facility[i]))]
    if not todo:
        return records
    localities = [p for p in records if _is_locality(p)]
    located = [p for p in records if p.latitude is not None and p.is_location and not p.modifier]
    sent_starts = sorted(s for s, _ in sentences) if sentences else _segments(text, _SENTENCE_END)
    para_starts = _segments(text, _PARAGRAPH_END)
    counts = Counter(p.geonameid for p in localities)
    out = list(records)
    best: dict[str, PlaceMention] = {}
    for i in todo:
        p = records[i]
        found = _container(text, p, localities, located, sent_starts, para_starts, counts, lookup, iso3, demonym,
                           given)
        if found is not None:
            out[i] = found
            key = _mention_key(p.text)
            if key not in best or _RANK.get(found.fallback or "", 9) < _RANK.get(best[key].fallback or "", 9):
                best[key] = found
    # one place, one location: every mention of a name takes the surest placing any of them got ("Aqareb es
    # Safi village" early in a report, "Aqareb es Safi village in the Hama province" further down)
    for i in todo:
        b = best.get(_mention_key(records[i].text))
        if b is not None and out[i] is not b:
            p = records[i]
            out[i] = dataclasses.replace(b, start=p.start, end=p.end, text=p.text, sentence=p.sentence)
    return out


# How sure each placing is, surest first.
_RANK = {"stated": 0, "name": 1, "sentence": 2, "paragraph": 3, "document": 4}
_KIND_WORDS = re.compile(r"\s+(?:village|town|area|district|neighbou?rhood|camp|hamlet|settlement)$", re.I)


def _mention_key(span: str) -> str:
    return name_key(_KIND_WORDS.sub("", span.strip()))


def _from(p: PlaceMention, c: PlaceMention, how: str, precision: int) -> PlaceMention:
    return dataclasses.replace(
        p, geonameid=c.geonameid, name=c.name, latitude=c.latitude, longitude=c.longitude, country=c.country,
        admin1=c.admin1, feature_code=c.feature_code, confidence=round(c.confidence * FALLBACK_CONFIDENCE, 4),
        geo_precision=max(precision, c.geo_precision), fallback=how)


def _container(text: str, p: PlaceMention, localities: list[PlaceMention], located: list[PlaceMention],
               sent_starts: Sequence[int], para_starts: Sequence[int], counts: Counter[int | None],
               lookup: Callable[[str], tuple[Candidate, ...]], iso3: dict[str, str],
               demonym: Callable[[str], tuple[Candidate, ...]] | None = None,
               given: bool = False) -> PlaceMention | None:
    # 1. stated right next to it (a town, or a division at region precision: "Third Street in Homs")
    for c in located:
        if c.fallback is not None or c.bearing is not None or c.distance_km is not None:
            continue
        if c.start >= p.end and c.start - p.end <= 24 and _STATED_AFTER.match(text[p.end:c.start]):
            return _from(p, c, "stated", 2)
        if c.end <= p.start and p.start - c.end <= 3 and _STATED_BEFORE.match(text[c.end:p.start]):
            return _from(p, c, "stated", 2)
    # 2. a town (or county) named inside it
    inner = _inner_places(text, p, located, lookup, iso3, demonym)
    if inner and (inner[0].feature_class == "P" or inner[0].feature_code == "ADM2"):
        return _from(p, _as_record(p, inner[0], iso3), "name", 2)
    # 3. an institution named after an area: the area ("Bank of Japan", "European Commission")
    if inner and _is_institution(text, p):
        return _in_area(p, inner[0], localities, counts, iso3)
    # 4. the nearest town of the same sentence, then paragraph
    for starts, how in ((sent_starts, "sentence"), (para_starts, "paragraph")):
        seg = _index(starts, p.start)
        near = [c for c in localities if _index(starts, c.start) == seg]
        if near:
            best = min(near, key=lambda c: min(abs(c.start - p.end), abs(p.start - c.end)))
            return _from(p, best, how, 2)
    # 5. a division or country named inside it, or a document town inside that
    if inner:
        return _in_area(p, inner[0], localities, counts, iso3)
    # 6. the document's most mentioned town, else (a given span only) its most mentioned division or country
    if localities:
        top = max(localities, key=lambda c: (counts[c.geonameid], -c.start))
        return _from(p, top, "document", 3)
    if given:
        areas = [c for c in located if c.fallback is None and c.bearing is None and c.distance_km is None
                 and c.country and (c.feature_code or "") in AREA_CODES]
        if areas:
            area_counts = Counter(c.geonameid for c in areas)
            top = max(areas, key=lambda c: (area_counts[c.geonameid], -c.start))
            return _from(p, top, "document", 3)
    return None


def _is_institution(text: str, p: PlaceMention) -> bool:
    words = {w.lower().rstrip(".") for w in _WORD.findall(text[p.start:p.end])}
    return bool(words & ORG_WORDS) and not words & STREET_WORDS


def _in_area(p: PlaceMention, area: Candidate, localities: list[PlaceMention], counts: Counter[int | None],
             iso3: dict[str, str]) -> PlaceMention:
    """The document's most mentioned town inside ``area`` (a country or first-level division), else the area."""
    for c in sorted(localities, key=lambda c: -counts[c.geonameid]):
        if c.country == iso3.get(area.country or "") and (
                area.feature_code.startswith("PCL") or (area.feature_code == "ADM1" and c.admin1 == area.admin1)):
            return _from(p, c, "name", 3)
    return _from(p, _as_record(p, area, iso3), "name", 3)


def _as_record(p: PlaceMention, c: Candidate, iso3: dict[str, str]) -> PlaceMention:
    code = c.feature_code
    precision = 3 if code in REGION_CODES else 2 if code.startswith("ADM") else 1
    return dataclasses.replace(p, geonameid=c.geonameid, name=c.name, latitude=c.latitude, longitude=c.longitude,
                               country=iso3.get(c.country or ""), admin1=c.admin1, feature_code=code,
                               confidence=1.0, geo_precision=precision)


def _inner_places(text: str, p: PlaceMention, located: list[PlaceMention],
                  lookup: Callable[[str], tuple[Candidate, ...]], iso3: dict[str, str],
                  demonym: Callable[[str], tuple[Candidate, ...]] | None = None) -> list[Candidate]:
    """Places named inside the span, longest name first: towns and counties near the document's other
    places (nearest first), then countries, continents and regions (also as demonyms: "European
    Commission", "Russian Foreign Ministry"; country codes: "US Federal Reserve"), and states of a country
    the document's places lie in."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, p.start, p.end)]
    others = [q for q in located if q.latitude is not None and q.longitude is not None
              and not (q.start >= p.start and q.end <= p.end)]
    countries = {q.country for q in others if q.country}
    found: list[tuple[int, int, float, Candidate]] = []  # (-words, rank, distance, reading)
    seen: set[str] = set()
    n = len(words)
    for size in range(n - 1, 0, -1):  # proper parts only, longest first
        for a in range(0, n - size + 1):
            s, e = words[a][0], words[a + size - 1][1]
            phrase = text[s:e].rstrip(".")
            if phrase.endswith(("'s", "’s")):
                phrase = phrase[:-2]
            key = name_key(phrase)
            if not key or key in seen or not phrase[:1].isupper():
                continue
            seen.add(key)
            readings: tuple[Candidate, ...] = ()
            if size == 1 and demonym is not None:
                readings = demonym(phrase)
            if size == 1 and not readings and (phrase.lower() in COMMON_WORDS
                                               or phrase.lower().rstrip(".") in NAME_WORDS
                                               or (len(phrase) < 3 and not phrase.isupper())):
                continue
            for c in readings or lookup(key):
                if c.kind > 1 and not readings:
                    continue
                if len(phrase) < 3 and not c.feature_code.startswith("PCL"):
                    continue  # a two-letter code names a country ("US", "UK"), nothing else
                if c.feature_code.startswith("PCL") or c.feature_code in ("CONT", "RGN"):
                    found.append((-size, 2, 0.0, c))
                elif c.feature_code == "ADM1":
                    if not countries or iso3.get(c.country or "") in countries:
                        found.append((-size, 2, 0.0, c))
                elif c.feature_class == "P" or c.feature_code == "ADM2":
                    if countries and iso3.get(c.country or "") not in countries:
                        continue  # a town of another country: "Aqareb es Safi" in Syria is not Safi, Jordan
                    if others:
                        d = min(haversine_km(c.latitude, c.longitude, q.latitude, q.longitude)  # type: ignore[arg-type]
                                for q in others)
                        if d <= NAME_NEAR_KM or c.population >= NAME_MIN_POPULATION:
                            found.append((-size, 0, d - c.population / 1e5, c))
                    elif c.population >= NAME_MIN_POPULATION:
                        found.append((-size, 0, -c.population / 1e5, c))
    found.sort(key=lambda t: t[:3])
    return [c for *_, c in found]
