"""Outlier readings: a small place, or a place reached only through one of its alternate names
(GeoNames lists exonyms in many languages: "Boni" for Bonn, "Log" for Lodz), far from every other
place a document names, is almost always a common or foreign word rather than a toponym.

"Far" means more than OUTLIER_KM from every reading in the document's home country (the country of
the most distinct names, when it has OUTLIER_HOME_MARGIN times as many as the next), else from every
other reading. A capitalised match with no other support is dropped; a mention an entity or a cue
supports is kept, unresolved when its reading came through an alternate name.

Spans given by the caller (``Geocoder.resolve_spans``) are toponyms by fiat: nothing is dropped, and a
suspect reading (small, fuzzy, or a smaller place reached through an alternate name) far from every other
place of the document, whatever its country, is left unresolved for the fallback to place unless the text
states its container ("Visbek, Germany").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from frontwatch.geo.entry import PRIMARY, REGION_CODES
from frontwatch.geo.geodesy import haversine_km
from frontwatch.geo.recognize import MATCH_CONFIDENCE
from frontwatch.geo.resolve import Mention

# Checked on the end-to-end runs of the four public geoparsing sets (docs/geocoding.md): precision
# +4-5 points, recall -0.2 to -0.5; on the demo corpus it removes "Boni" -> Bonn, "Log" -> Lodz.
OUTLIER_POPULATION = 10_000  # a reading smaller than this is "small"
OUTLIER_KM = 1500.0
# For given spans, a reading through an alternate name is suspect only below this population ("Kiev" for
# Kyiv is not; "Sinhalese", an alternate name of Akureyri, is).
OUTLIER_ALTERNATE_POPULATION = 100_000
OUTLIER_MIN_CONTEXT = 2  # other distinct places needed before anything counts as far
OUTLIER_HOME_MARGIN = 2.0
OUTLIER_LAYERS = frozenset({"city", "airport", "admin", "geonames"})


def drop_outliers(mentions: Sequence[Mention], *, given: bool = False) -> list[Mention]:
    """Drop (or leave unresolved) the suspect readings far from the document's other places. With
    ``given`` (spans the caller vouches for as toponyms) nothing is dropped: a suspect reading is left
    unresolved, for the fallback to place it in the document's area."""
    located = [m for m in mentions if m.best is not None and not m.demonym and not m.modifier]
    if len({m.best.pid for m in located if m.best is not None}) < OUTLIER_MIN_CONTEXT + 1:
        return list(mentions)
    # distinct names per country, so that a repeated misreading does not make its own home
    countries = Counter(c for _, c in {(m.text.casefold(), m.best.country) for m in located
                                       if m.best is not None and m.best.country})
    ranked = countries.most_common(2)
    home = ranked[0][0] if ranked else None
    if home is not None and len(ranked) > 1 and ranked[0][1] < OUTLIER_HOME_MARGIN * ranked[1][1]:
        home = None
    if given:
        # spans the caller vouches for: far from every other place of the document, whatever the country
        home = None
    anchors = {m.best.pid: (m.best.latitude, m.best.longitude) for m in located if m.best is not None
               and (m.best.country == home if home else m.best.feature_code not in REGION_CODES)}
    out: list[Mention] = []
    for m in mentions:
        b = m.best
        if b is None or m.demonym or b.feature_code in REGION_CODES or b.layer not in OUTLIER_LAYERS or (
                home is not None and b.country == home):
            out.append(m)
            continue
        if given and _stated(m):
            out.append(m)  # "Visbek, Germany": the text says where it is
            continue
        suspect = b.population < OUTLIER_POPULATION or (given and b.fuzzy) or (
            b.kind != PRIMARY and (not given or b.population < OUTLIER_ALTERNATE_POPULATION))
        far = all(haversine_km(b.latitude, b.longitude, la, lo) > OUTLIER_KM
                  for pid, (la, lo) in anchors.items() if pid != b.pid)
        if suspect and far:
            if m.recognition <= MATCH_CONFIDENCE and not given:
                continue
            if b.kind != PRIMARY or given:
                m.best, m.score, m.confidence = None, 0.0, 0.0
        out.append(m)
    return out


def _stated(m: Mention) -> bool:
    """Whether the text names the reading's container ("Attapeu, Laos"; "Alexandria, La.")."""
    b, h = m.best, m.hints
    return b is not None and ((bool(h.countries) and b.country in h.countries)
                              or (bool(h.admin1) and b.admin1_code in h.admin1))
