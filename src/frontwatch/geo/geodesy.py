"""Great-circle distance, destination points and compass bearings on a spherical Earth."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

# Compass points and their bearings in degrees; "north-west", "north west" and "NW" all fold to "NW".
BEARINGS: dict[str, float] = {
    "N": 0.0, "NNE": 22.5, "NE": 45.0, "ENE": 67.5, "E": 90.0, "ESE": 112.5, "SE": 135.0, "SSE": 157.5,
    "S": 180.0, "SSW": 202.5, "SW": 225.0, "WSW": 247.5, "W": 270.0, "WNW": 292.5, "NW": 315.0, "NNW": 337.5,
}
_WORDS = {"north": "N", "south": "S", "east": "E", "west": "W", "northern": "N", "southern": "S", "eastern": "E",
          "western": "W"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def destination(lat: float, lon: float, bearing_deg: float, distance_km: float) -> tuple[float, float]:
    """The point ``distance_km`` from (lat, lon) along the initial bearing ``bearing_deg``."""
    d = distance_km / EARTH_RADIUS_KM
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    lon2 = (math.degrees(l2) + 540.0) % 360.0 - 180.0
    return round(math.degrees(p2), 5), round(lon2, 5)


def compass(text: str) -> str | None:
    """Compass abbreviation for a direction phrase ("north-west", "North West", "NW", "southeastern")."""
    cleaned = text.strip().lower().replace("-", " ").replace("–", " ")
    compact = cleaned.replace(" ", "").upper()
    if compact in BEARINGS:
        return compact
    parts = [p for p in cleaned.split() if p]
    letters = ""
    for part in parts:
        if part in _WORDS:
            letters += _WORDS[part]
            continue
        # "northwest", "southeastern"
        matched = False
        for first in ("north", "south"):
            for second in ("east", "west"):
                if part in (first + second, first + second + "ern"):
                    letters += _WORDS[first] + _WORDS[second]
                    matched = True
        if not matched:
            return None
    return letters if letters in BEARINGS else None


def bearing_degrees(code: str) -> float:
    return BEARINGS[code]
