"""Toponym resolution: choose one gazetteer reading per mention using document context.

Each reading gets a score in "log10-population units": a prior (population, feature class, layer, how
well the name matched) plus what the text says about this mention (its stated container,
"Alexandria, La."; the kind of feature a cue asks for, "Tabqa airbase") plus document context, computed
*softly* over every reading of every other name in the document:

* country focus: the share of the other names whose readings lie in the reading's country;
* division focus: the same for its first-level division (a named state or province supports its places);
* proximity: how close the nearest probable reading of each other name lies (places named together
  are usually near each other: "Paris" with "Henry County" and "Tenn." is Paris, Tennessee).

Reading probabilities are a softmax of the scores within each mention, and the context is recomputed
a few times from them (a mean-field iteration), so that unambiguous names pull the ambiguous ones.
Repeated mentions of one name never support themselves. Plain functions over plain data.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from frontwatch.geo.entry import ABBREVIATION, ALTERNATE, PRIMARY, Candidate
from frontwatch.geo.entry import REGION_CODES as _REGIONS
from frontwatch.geo.geodesy import EARTH_RADIUS_KM

# ---- priors (tuned on the four public geoparsing sets, resolution given gold spans; see docs/geocoding.md)
COUNTRY_PRIOR = 9.5  # a country name beats any city of the same name unless context says otherwise
CONTINENT_PRIOR = 9.0
ADMIN1_BONUS = 0.0  # added to log10(population of the division)
ADMIN2_BONUS = -1.0
CAPITAL_BONUS = 1.2
MIN_POPULATION = 100  # places listed with population 0 count as this many
SITE_PRIOR = 4.0  # curated conflict sites (x quality)
LANDMARK_PRIOR = 6.0  # curated landmarks ("White House", "Anfield"): above a small town of the same name
AIRPORT_PRIOR = 3.0
USER_PRIOR = 5.0  # analysts' own rows
REGION_PRIOR = 7.0  # curated regions and water bodies ("Middle East", "Red Sea")
KIND_BONUS = {PRIMARY: 1.0, ALTERNATE: 0.0, ABBREVIATION: -1.0}
OTHER_KIND_BONUS = 0.0
FUZZY_PENALTY = -2.0
# ---- what the text says about the mention
HINT_WEIGHT = 3.0  # the text names the container ("Alexandria, La.", "Homs, Syria")
FEATURE_HINT_WEIGHT = 2.5  # a cue asks for this kind of feature ("the village of X" -> P, "X airbase" -> AIRB)
# ---- document context
FOCUS_WEIGHT = 4.0  # x share of the other names that lie in the reading's country
ADMIN_WEIGHT = 4.0  # x share of the other names that lie in the reading's first-level division
PROXIMITY_WEIGHT = 4.0  # x mean over other names of max(p x exp(-d / PROXIMITY_KM))
PROXIMITY_KM = 200.0
# Readings in no country (continents, oceans, regions) cannot gain country focus; they get this share
# of FOCUS_WEIGHT instead, as if half the document's names lay in them.
STATELESS_SHARE = 0.5
TEMPERATURE = 1.0  # softmax temperature of reading probabilities
ITERATIONS = 4
# Readings considered per mention (best priors first): bounds the pairwise distance matrix.
MAX_READINGS = 30
MAX_READINGS_LARGE_DOC = 10  # when a document has more than LARGE_DOC distinct names
LARGE_DOC = 60
# A reading gets no proximity support from the same place read for another name (see resolve()).
SELF_SUPPORT_OFF = True
# A first-level division named like a big city inside it ("New York", "Lagos", "Raqqa", "São Paulo"): the
# bare name means the city; a cue ("Raqqa province", "Buffalo, New York", "New York state") or context
# brings the division back. "Big": at least this share of the division's population (Quebec City, 5 % of
# Quebec, leaves "Quebec" the province).
NAMESAKE_CITY_SHARE = 0.2
NAMESAKE_PENALTY = 3.0
# A best score below this means no reading fits: the mention is returned unresolved.
MIN_SCORE = 0.5

REGION_CODES = _REGIONS


@dataclass(frozen=True, slots=True)
class Hints:
    """What the text says about a mention's reading."""

    countries: frozenset[str] = frozenset()  # ISO2 the reading must lie in ("Alexandria, Egypt")
    admin1: frozenset[str] = frozenset()  # GeoNames admin1 codes ("Alexandria, La." -> US.LA)
    feature_classes: frozenset[str] = frozenset()  # "A", "P", "S" ...
    feature_codes: frozenset[str] = frozenset()  # "AIRB", "PSTB", "ADM1" ...
    container: bool = False  # written as a container ("Buffalo, New York") or before a division word


@dataclass
class Mention:
    """A toponym span and its readings; ``best``/``score``/``confidence`` are filled by :func:`resolve`."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]
    hints: Hints = field(default_factory=Hints)
    demonym: str | None = None  # ISO2 of the country a demonym refers to (a non-locational use)
    recognition: float = 1.0  # confidence that the span is a toponym
    modifier: bool = False  # "Britain-based", "US-backed": qualifies an actor; not context for other places
    facility: bool = False  # the language layer labelled it a facility (FAC): a building, road or site
    best: Candidate | None = None
    score: float = 0.0
    confidence: float = 0.0


def prior(c: Candidate) -> float:
    """Context-free score of a reading."""
    code = c.feature_code
    if code.startswith("PCL"):
        base = COUNTRY_PRIOR
    elif code == "CONT":
        base = CONTINENT_PRIOR
    elif c.layer == "site":
        base = SITE_PRIOR * c.quality
    elif c.layer == "landmark":
        base = LANDMARK_PRIOR
    elif c.layer == "airport":
        base = AIRPORT_PRIOR
    elif c.layer == "region":
        base = REGION_PRIOR
    elif c.layer == "user":
        base = USER_PRIOR + math.log10(max(c.population, 1)) / 4
    else:
        base = math.log10(max(c.population, MIN_POPULATION))
        if code == "ADM1":
            base += ADMIN1_BONUS
        elif code == "ADM2":
            base += ADMIN2_BONUS
        elif code == "PPLC":
            base += CAPITAL_BONUS
    base += KIND_BONUS.get(c.kind, OTHER_KIND_BONUS)
    if c.fuzzy:
        base += FUZZY_PENALTY
    return base


def hint_score(c: Candidate, h: Hints) -> float:
    s = 0.0
    if (h.admin1 and c.admin1_code in h.admin1) or (h.countries and c.country in h.countries):
        s += HINT_WEIGHT
    if h.feature_codes and c.feature_code in h.feature_codes:
        s += FEATURE_HINT_WEIGHT
    elif h.feature_classes and c.feature_class in h.feature_classes:
        s += FEATURE_HINT_WEIGHT * 0.6
    return s


def _name(m: Mention) -> str:
    return m.demonym or m.text.casefold().strip()


def resolve(mentions: Sequence[Mention], focus: Counter[str] | None = None) -> None:
    """Fill ``best``, ``score`` and ``confidence`` of each mention in place.

    ``focus`` adds country counts the caller knows (demonyms, metadata) to the country focus.
    """
    # Units: mentions with the same name and hints share their readings and scores.
    units: dict[tuple[str, Hints], list[Mention]] = {}
    for m in mentions:
        units.setdefault((_name(m), m.hints), []).append(m)
    keys = list(units)
    names = sorted({k[0] for k in keys})
    name_ix = {n: i for i, n in enumerate(names)}
    cap = MAX_READINGS if len(names) <= LARGE_DOC else MAX_READINGS_LARGE_DOC
    cands: list[Candidate] = []
    base: list[float] = []
    unit_of: list[int] = []
    bounds: list[tuple[int, int]] = []
    for u, key in enumerate(keys):
        m = units[key][0]
        scored = sorted(((prior(c) + hint_score(c, m.hints) - _namesake_penalty(c, m.candidates, m.hints), c)
                         for c in m.candidates), key=lambda x: -x[0])[:cap]
        first = len(cands)
        for s, c in scored:
            cands.append(c)
            base.append(s)
            unit_of.append(u)
        bounds.append((first, len(cands)))
    if not cands:
        for m in mentions:
            _set(m, None, 0.0, 0.0)
        return
    b = np.asarray(base)
    unit = np.asarray(unit_of)
    unit_name = np.asarray([name_ix[k[0]] for k in keys])
    # Units whose readings count as context (demonyms do not: they are adjectives, but feed `focus`).
    context = np.asarray([not (units[k][0].demonym or units[k][0].modifier) for k in keys], dtype=float)
    name_weight = np.zeros(len(names))
    for u in range(len(keys)):
        if context[u]:
            name_weight[unit_name[u]] += 1.0
    # each name contributes weight 1 in total, shared by its units
    unit_w = np.asarray([context[u] / name_weight[unit_name[u]] if name_weight[unit_name[u]] else 0.0
                         for u in range(len(keys))])

    countries = sorted({c.country or "" for c in cands})
    country_ix = np.asarray([countries.index(c.country or "") for c in cands])
    admins = sorted({c.admin1_code or "" for c in cands})
    admin_ix = np.asarray([admins.index(c.admin1_code or "") for c in cands])
    has_admin = np.asarray([bool(c.admin1_code) for c in cands])
    has_country = np.asarray([bool(c.country) for c in cands])
    point = np.asarray([c.feature_code not in REGION_CODES for c in cands])
    lat = np.radians([c.latitude for c in cands])
    lon = np.radians([c.longitude for c in cands])
    kernel = _proximity_kernel(lat, lon) * point[None, :]
    if SELF_SUPPORT_OFF:
        # A place never supports itself under another name: "Mexico" in a report datelined "MEXICO CITY"
        # gets no proximity from the city's own point (as repeats of one name never support themselves).
        pid = np.asarray([c.pid for c in cands])
        kernel = kernel * (pid[:, None] != pid[None, :])

    extra = np.zeros(len(countries))
    if focus:
        for iso2, n in focus.items():
            if iso2 in countries:
                extra[countries.index(iso2)] += n
    extra_total = float(sum(focus.values())) if focus else 0.0

    stateless = FOCUS_WEIGHT * STATELESS_SHARE * ~has_country
    scores = b.copy()
    for _ in range(ITERATIONS + 1):
        p = _softmax_by_unit(scores, bounds)
        wp = p * unit_w[unit]  # each reading's probability, weighted by its unit's share of its name
        # mass of each name in each country / division, and in total
        by_country = np.zeros((len(names), len(countries)))
        np.add.at(by_country, (unit_name[unit], country_ix), wp)
        by_admin = np.zeros((len(names), len(admins)))
        np.add.at(by_admin, (unit_name[unit], admin_ix), wp * has_admin)
        total_names = name_weight.astype(bool).astype(float)
        own_name = unit_name[unit]
        others = total_names.sum() - total_names[own_name]  # other context names, per reading
        c_mass = by_country.sum(axis=0)[country_ix] - by_country[own_name, country_ix] + extra[country_ix]
        a_mass = by_admin.sum(axis=0)[admin_ix] - by_admin[own_name, admin_ix]
        denom = np.maximum(others + extra_total, 1.0)
        focus_term = FOCUS_WEIGHT * c_mass / denom * has_country
        admin_term = ADMIN_WEIGHT * a_mass / np.maximum(others, 1.0) * has_admin
        # proximity: for each other name, the best p x kernel among its readings
        support = kernel * wp[None, :]
        per_name = np.zeros((len(cands), len(names)))
        np.maximum.at(per_name.T, unit_name[unit], support.T)
        per_name[np.arange(len(cands)), own_name] = 0.0
        point_names = np.zeros(len(names))
        np.maximum.at(point_names, unit_name[unit], (point * unit_w[unit] > 0).astype(float))
        n_point = point_names.sum() - point_names[own_name]
        prox_term = PROXIMITY_WEIGHT * per_name.sum(axis=1) / np.maximum(n_point, 1.0) * point
        scores = b + focus_term + admin_term + prox_term + stateless
    p = _softmax_by_unit(scores, bounds)
    for u, key in enumerate(keys):
        lo, hi = bounds[u]
        for m in units[key]:
            if lo == hi:
                _set(m, None, 0.0, 0.0)
                continue
            k = lo + int(np.argmax(scores[lo:hi]))
            top = float(scores[k])
            if top < MIN_SCORE and not m.demonym:
                _set(m, None, top, 0.0)
                continue
            _set(m, cands[k], top, round(cands[k].quality * float(p[k]) * m.recognition, 3))


def _namesake_penalty(c: Candidate, readings: Sequence[Candidate], h: Hints) -> float:
    """NAMESAKE_PENALTY for a first-level division when a big city inside it is another reading, unless the
    name is written as a container or a cue asks for a kind of feature."""
    if c.feature_code != "ADM1" or not c.admin1_code or h.container or h.feature_codes or h.feature_classes:
        return 0.0
    for r in readings:
        if (r.feature_class == "P" and r.admin1_code == c.admin1_code
                and r.population >= NAMESAKE_CITY_SHARE * max(c.population, 1)):
            return NAMESAKE_PENALTY
    return 0.0


def _set(m: Mention, best: Candidate | None, score: float, confidence: float) -> None:
    m.best, m.score, m.confidence = best, score, confidence


def _softmax_by_unit(scores: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
    out = np.zeros_like(scores)
    for lo, hi in bounds:
        if hi > lo:
            s = scores[lo:hi] / TEMPERATURE
            e = np.exp(s - s.max())
            out[lo:hi] = e / e.sum()
    return out


def _proximity_kernel(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """exp(-distance / PROXIMITY_KM) between every pair of readings (haversine)."""
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    result: np.ndarray = np.exp(-d / PROXIMITY_KM)
    return result
