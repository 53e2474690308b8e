"""Relative locations: "20 km northwest of the Tiyas airbase", "4 km away from al-Tanf",
"north of At Tanf", "near Palmyra", "near the border with Iraq".

:func:`relation_before` reads the words just before an anchor toponym; :func:`offset` turns a relation
and the anchor's point into a point; :func:`border_point` picks a crossing on the border between two
countries, closest to the document's other places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from frontwatch.geo.entry import Candidate
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.geodesy import bearing_degrees, compass, destination, haversine_km

_DIRECTION = (r"(?P<dir>(?:north|south)(?:[\s\-]?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|"
              r"N|S|E|W|NE|NW|SE|SW|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW)")
_UNIT = r"(?P<unit>km|kms|kilometers|kilometres|kilometer|kilometre|mi|miles|mile|m|meters|metres)"
_NUMBER = r"(?P<num>\d+(?:[.,]\d+)?)"
# Words allowed between "of" and the anchor: "the", "the town of", "the besieged city of"...
_LEAD = (r"(?:the\s+)?(?:(?:[a-z\-]+\s+){0,2}(?:town|city|village|base|airbase|crossing|border[\s-]crossing|"
         r"garrison|camp|province|governorate|area|region|district)\s+of\s+)?(?:the\s+)?")
_UNIT_KM = {"km": 1.0, "kms": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometre": 1.0,
            "mi": 1.609344, "miles": 1.609344, "mile": 1.609344, "m": 0.001, "meters": 0.001, "metres": 0.001}
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("distance+bearing", re.compile(
        _NUMBER + r"\s*-?\s*" + _UNIT + r"\.?\s+(?:to\s+the\s+)?" + _DIRECTION +
        r"\s+(?:of|from)\s+" + _LEAD + r"$", re.IGNORECASE)),
    ("distance", re.compile(
        _NUMBER + r"\s*-?\s*" + _UNIT + r"\.?\s+(?:away\s+)?(?:from|of|outside|off)\s+" + _LEAD + r"$",
        re.IGNORECASE)),
    ("bearing", re.compile(
        r"\b" + _DIRECTION + r"\s+(?:(?:countryside|outskirts|suburbs|part|parts|side|edge|flank)\s+)?(?:of|from)\s+"
        + _LEAD + r"$", re.IGNORECASE)),
    ("near", re.compile(
        r"\b(?P<near>near|nearby|outside|around|close\s+to|next\s+to|in\s+the\s+vicinity\s+of|vicinity\s+of|"
        r"outskirts\s+of|countryside\s+of|environs\s+of|suburbs\s+of|approaches\s+to|edge\s+of)\s+"
        + _LEAD + r"$", re.IGNORECASE)),
)
_BORDER_BEFORE = re.compile(r"\bborders?\s+(?:with|of)\s+(?:the\s+)?$", re.IGNORECASE)
_BORDER_AFTER = re.compile(r"^(?:[\s\-]+(?:and\s+)?[A-Z][a-z]+)?\s+borders?\b")
# How far back from the anchor a relation may start (characters).
LOOKBACK = 90
# Capital "N", "S", "E", "W" written alone are only directions when followed by "of" (handled by the
# patterns); a crossing is "on the border" when a place of the other country lies this close (desert
# borders have few towns: al-Tanf's nearest Iraqi town is ~125 km away).
BORDER_KM = 150.0
BORDER_BOX_DEGREES = 1.5


@dataclass(frozen=True, slots=True)
class Relation:
    start: int  # where the relative phrase starts in the text
    kind: str  # distance+bearing | distance | bearing | near
    bearing: str | None
    distance_km: float | None


def relation_before(text: str, anchor_start: int) -> Relation | None:
    """The relative phrase that ends right before an anchor toponym, if any."""
    window_start = max(0, anchor_start - LOOKBACK)
    window = text[window_start:anchor_start]
    for kind, pattern in _PATTERNS:
        m = pattern.search(window)
        if not m:
            continue
        groups = m.groupdict()
        bearing = compass(groups["dir"]) if groups.get("dir") else None
        if groups.get("dir") and bearing is None:
            continue
        if groups.get("dir") and len(groups["dir"]) <= 3 and groups["dir"].upper() != groups["dir"]:
            continue  # "n of", "se of" in lower case are not compass points
        distance = None
        if groups.get("num"):
            distance = round(float(groups["num"].replace(",", ".")) * _UNIT_KM[groups["unit"].lower()], 3)
        return Relation(window_start + m.start(), kind, bearing, distance)
    return None


def offset(lat: float, lon: float, rel: Relation) -> tuple[float, float]:
    """The point a relation describes: moved along the bearing when both are known, else the anchor."""
    if rel.bearing is not None and rel.distance_km is not None:
        return destination(lat, lon, bearing_degrees(rel.bearing), rel.distance_km)
    return lat, lon


def is_border_reference(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of "the border with X" / "X border" around a country mention at [start, end), else None."""
    window_start = max(0, start - 40)
    if m := _BORDER_BEFORE.search(text[window_start:start]):
        return window_start + m.start(), end
    if m2 := _BORDER_AFTER.match(text[end:end + 30]):
        return start, end + m2.end()
    return None


def border_crossings(gaz: Gazetteer, home: str, other: str) -> list[Candidate]:
    """Border crossings (PSTB) between countries ``home`` and ``other`` (ISO2): crossings of either country
    with a place of the other country within ``BORDER_KM``."""
    on_border: list[Candidate] = []
    for c in gaz.by_codes(("PSTB",), (home, other)):
        side = other if c.country == home else home
        if any(haversine_km(c.latitude, c.longitude, p.latitude, p.longitude) <= BORDER_KM
               for p in gaz.near(c.latitude, c.longitude, BORDER_BOX_DEGREES, country=side)):
            on_border.append(c)
    return on_border


def nearest(crossings: Sequence[Candidate], points: Sequence[tuple[float, float]]) -> Candidate | None:
    """The crossing closest to any of ``points`` (the first one when there are no points)."""
    if not crossings:
        return None
    if not points:
        return crossings[0]
    return min(crossings, key=lambda c: min(haversine_km(c.latitude, c.longitude, la, lo) for la, lo in points))
