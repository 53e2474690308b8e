"""``frontwatch gazetteer import``: add GeoNames dumps and analysts' CSV lists to the user gazetteer.

Accepted inputs:

* GeoNames dumps: ``allCountries.zip``, country files (``SY.zip``), ``cities500/1000/5000/15000``
  (``.zip`` or ``.txt``): the 19 tab-separated columns of the GeoNames "geoname" table;
* CSV (or TSV) with a header naming at least ``name``, ``lat``/``latitude`` and ``lon``/``longitude``,
  optionally ``alternates`` (``|`` or ``;`` separated), ``country`` (ISO2 or ISO3), ``feature_code``,
  ``admin1``, ``population``, ``geonameid`` and ``source``.

Rows go to ``gazetteer-user.sqlite`` beside the bundled gazetteer, so a rebuilt bundled gazetteer
keeps them. A bad row is skipped with its line number and reason; the rest of the file goes on.
Imported GeoNames rows with the id of a bundled place replace it in look-ups (their points are
GeoNames' own, where the bundled division points are derived).
"""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from frontwatch.errors import GazetteerError
from frontwatch.geo.build import user_db_path
from frontwatch.geo.database import Writer, connect
from frontwatch.geo.entry import ALTERNATE, PRIMARY, Entry
from frontwatch.geo.sources import keep_alternate

log = logging.getLogger(__name__)

GEONAMES_COLUMNS = 19
# Feature classes kept from GeoNames dumps: everything but undersea features (U).
GEONAMES_CLASSES = frozenset("APSLTHRV")
# At most this many skipped-row reasons are kept in a report (the count is always exact).
MAX_REASONS = 50
_CSV_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "place", "toponym"),
    "alternates": ("alternates", "alternate_names", "alternatenames", "aliases", "alt_names"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    "country": ("country", "country_code", "countrycode", "iso", "iso2", "iso3", "cc"),
    "feature_code": ("feature_code", "feature code", "fcode", "code", "type"),
    "admin1": ("admin1", "province", "governorate", "state", "region"),
    "population": ("population", "pop"),
    "geonameid": ("geonameid", "geonames_id", "geoname_id"),
    "source": ("source", "sources"),
}

Progress = Callable[[int], None]


@dataclass
class ImportReport:
    path: str
    format: str  # geonames | csv
    rows: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        self.skipped += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(f"line {line}: {reason}")


def detect_format(path: Path) -> str:
    """``geonames`` or ``csv`` from the file name and first line."""
    if path.suffix.lower() == ".zip":
        return "geonames"
    with _open_text(path) as fh:
        first = fh.readline()
    if first.count("\t") >= GEONAMES_COLUMNS - 1 and first.split("\t", 1)[0].strip().isdigit():
        return "geonames"
    return "csv"


@contextmanager
def _open_text(path: Path) -> Iterator[io.TextIOBase]:
    """A text stream of ``path``; for a zip, its ``.txt`` member named like the archive (else the first)."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
                if not names:
                    raise GazetteerError(f"{path}: no .txt member in the archive")
                wanted = f"{path.stem}.txt"
                member = wanted if wanted in names else names[0]
                with zf.open(member) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        else:
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
                yield fh
    except (OSError, zipfile.BadZipFile) as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc


def _admin1_names(bundled: Path | None) -> dict[str, str]:
    if bundled is None or not bundled.is_file():
        return {}
    conn = sqlite3.connect(f"file:{bundled}?mode=ro", uri=True)
    try:
        return {str(code): str(name) for code, name in conn.execute(
            "SELECT admin1_code, name FROM places WHERE feature_code = 'ADM1' AND admin1_code IS NOT NULL")}
    finally:
        conn.close()


def geonames_entries(path: Path, report: ImportReport, admin1: dict[str, str]) -> Iterator[Entry]:
    with _open_text(path) as fh:
        for n, line in enumerate(fh, start=1):
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) < GEONAMES_COLUMNS:
                report.skip(n, f"{len(parts)} columns, GeoNames dumps have {GEONAMES_COLUMNS}")
                continue
            try:
                gid = int(parts[0])
                lat, lon = float(parts[4]), float(parts[5])
            except ValueError:
                report.skip(n, "geonameid, latitude or longitude is not a number")
                continue
            fclass, fcode, cc = parts[6], parts[7], parts[8]
            if fclass not in GEONAMES_CLASSES:
                continue
            names: list[tuple[str, int]] = [(parts[1], PRIMARY)]
            if parts[2] and parts[2] != parts[1]:
                names.append((parts[2], ALTERNATE))
            for alt in parts[3].split(","):
                kind = keep_alternate(alt)
                if kind is not None:
                    names.append((alt, kind))
            a1_code = f"{cc}.{parts[10]}" if cc and parts[10] else None
            yield Entry(name=parts[1], latitude=lat, longitude=lon, country=cc or None, feature_class=fclass or "P",
                        feature_code=fcode or "PPL", layer="geonames",
                        population=int(parts[14]) if parts[14].isdigit() else 0, geonameid=gid,
                        admin1=admin1.get(a1_code or ""), admin1_code=a1_code, source=f"GeoNames {path.name}",
                        names=tuple(names))


def _iso2(value: str, iso3: dict[str, str]) -> str | None:
    v = value.strip().upper()
    if len(v) == 2 and v.isalpha():
        return v
    return iso3.get(v)


def csv_entries(path: Path, report: ImportReport, iso3: dict[str, str]) -> Iterator[Entry]:
    with _open_text(path) as fh:
        sample = fh.read(4096)
        fh.seek(0)
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ";" if sample.count(";") > sample.count(
            ",") else ","
        reader = csv.DictReader(fh, delimiter=delimiter)
        header = {h.strip().lower(): h for h in (reader.fieldnames or []) if h}
        cols = {key: next((header[a] for a in names if a in header), None) for key, names in _CSV_ALIASES.items()}
        missing = [k for k in ("name", "latitude", "longitude") if cols[k] is None]
        if missing:
            raise GazetteerError(f"{path}: the CSV header lacks {', '.join(missing)} (has: "
                                 f"{', '.join(reader.fieldnames or [])})")

        def get(row: dict[str, str], key: str) -> str:
            col = cols[key]
            return (row.get(col) or "").strip() if col else ""

        for n, row in enumerate(reader, start=2):
            name = get(row, "name")
            if not name:
                report.skip(n, "empty name")
                continue
            try:
                lat, lon = float(get(row, "latitude")), float(get(row, "longitude"))
            except ValueError:
                report.skip(n, f"latitude/longitude not numbers: {get(row, 'latitude')!r}, {get(row, 'longitude')!r}")
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                report.skip(n, f"coordinates out of range: {lat}, {lon}")
                continue
            country = _iso2(get(row, "country"), iso3) if get(row, "country") else None
            if get(row, "country") and country is None:
                report.skip(n, f"unknown country code {get(row, 'country')!r}")
                continue
            alts = [a.strip() for a in get(row, "alternates").replace(";", "|").split("|") if a.strip()]
            code = (get(row, "feature_code") or "PPL").upper()
            pop = get(row, "population")
            gid = get(row, "geonameid")
            fclass = "P" if code.startswith("PPL") else "A" if code.startswith(("ADM", "PCL")) else "S"
            yield Entry(name=name, latitude=lat, longitude=lon, country=country, feature_class=fclass,
                        feature_code=code, layer="user", population=int(pop) if pop.isdigit() else 0,
                        geonameid=int(gid) if gid.isdigit() else None, admin1=get(row, "admin1") or None,
                        source=get(row, "source") or f"user list {path.name}",
                        names=((name, PRIMARY), *((a, ALTERNATE) for a in alts)))


def import_file(path: Path, home: Path, bundled: Path | None = None, progress: Progress | None = None) -> ImportReport:
    """Import one file into the user gazetteer under ``home``; returns what was read and skipped."""
    if not path.is_file():
        raise GazetteerError(f"no such file: {path}")
    fmt = detect_format(path)
    report = ImportReport(str(path), fmt)
    if fmt == "geonames":
        entries = geonames_entries(path, report, _admin1_names(bundled))
    else:
        from frontwatch.geo.geocoder import _iso3_table

        iso3 = {v: k for k, v in _iso3_table().items()}
        entries = csv_entries(path, report, iso3)
    db = user_db_path(home)
    home.mkdir(parents=True, exist_ok=True)
    conn = connect(db)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        writer = Writer(conn)
        for entry in entries:
            writer.add(entry)
            report.rows += 1
            if progress is not None and report.rows % 10_000 == 0:
                progress(report.rows)
        writer.finish()
        conn.execute("INSERT INTO imports (path, format, rows, skipped, imported_at) VALUES (?, ?, ?, ?, ?)",
                     (str(path), fmt, report.rows, report.skipped, time.strftime("%Y-%m-%dT%H:%M:%S")))
        conn.commit()
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"cannot write the user gazetteer {db}: {exc}") from exc
    finally:
        conn.close()
    log.info("imported %d rows from %s (%d skipped)", report.rows, path, report.skipped)
    return report


def list_imports(home: Path) -> list[dict[str, object]]:
    db = user_db_path(home)
    if not db.is_file():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [{"path": p, "format": f, "rows": r, "skipped": s, "imported_at": t}
                for p, f, r, s, t in conn.execute("SELECT path, format, rows, skipped, imported_at FROM imports")]
    finally:
        conn.close()
