"""The gazetteer's unit of data: one place with its names, as written to and read from the database."""

from __future__ import annotations

from dataclasses import dataclass

# Name kinds, best first: the place's own name, an English/ASCII alternate, any other alternate,
# an abbreviation or bare form added by frontwatch ("Rapides" for "Rapides Parish", "Calif.").
PRIMARY, ALTERNATE, OTHER, ABBREVIATION = 0, 1, 2, 3

# Layers, in the order they are built. "user" holds rows imported with `frontwatch gazetteer import`.
LAYERS: tuple[str, ...] = ("continent", "country", "admin", "city", "airport", "site", "landmark", "region", "geonames",
                           "user")

# Feature codes that stand for areas rather than points: a mention resolved to one is geo_precision 3
# when it is the event location (ACLED: region only), except small second-level units.
REGION_CODES: frozenset[str] = frozenset(
    {"CONT", "PCLI", "PCLD", "PCLS", "PCLF", "PCLIX", "PCL", "ADM1", "ADM1H", "RGN", "TERR", "ZN", "OCN", "SEA",
     "GULF", "DSRT", "PEN"}
)


# Divisions and countries: what a name written as a container, or a document's area, can be.
AREA_CODES: frozenset[str] = frozenset({"ADM1", "ADM2", "PCLI", "PCLD", "PCLS", "PCLF", "PCLIX", "PCL", "TERR"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place."""

    name: str
    latitude: float
    longitude: float
    country: str | None  # ISO 3166 alpha-2 (GeoNames country code); None for continents and seas
    feature_class: str  # GeoNames feature class: A P S L H T V U R
    feature_code: str
    layer: str
    population: int = 0
    geonameid: int | None = None
    admin1: str | None = None  # first-level division name
    admin1_code: str | None = None  # GeoNames "CC.XX"
    admin2: str | None = None
    quality: float = 1.0  # 1.0 surveyed/published point; lower for estimates (curated rows, derived centroids)
    source: str = ""
    names: tuple[tuple[str, int], ...] = ()  # (name, kind) pairs, the primary name included


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer place as a reading of a name found in text."""

    pid: int
    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country: str | None
    admin1: str | None
    admin1_code: str | None
    feature_class: str
    feature_code: str
    population: int
    layer: str
    quality: float
    kind: int  # best name kind that matched
    fuzzy: bool = False  # matched on the consonant skeleton only
