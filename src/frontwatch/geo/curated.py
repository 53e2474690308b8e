"""Readers for the curated gazetteer files of ``data/gazetteer``: conflict sites (``sites.csv``),
landmarks (``landmarks.csv``: seats of government, international headquarters, palaces, stadiums...)
and regions and water bodies (``regions.csv``), all with the same columns, and extra names (``aliases.csv``).
See ``SOURCES.md`` and ``LAYERS.md`` there."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from frontwatch.geo.entry import ALTERNATE, PRIMARY, Entry
from frontwatch.geo.sources import GAZETTEER_DATA, _read_csv

log = logging.getLogger(__name__)

# Curated rows whose point is an estimate ("frontwatch estimate (approx.)"): errors of 1-15 km.
ESTIMATE_QUALITY = 0.6
# Feature class of each curated feature code (GeoNames classes).
_SITE_CLASSES = {"DAM": "H", "HLL": "T", "RDJCT": "R", "PPLX": "P", "MN": "S", "OCN": "H", "SEA": "H", "GULF": "H",
                 "STRT": "H", "LK": "H", "CNL": "H", "RGN": "L", "PEN": "T", "DSRT": "T", "PLN": "T", "ST": "R"}


SITE_COLUMNS = ("name", "alternates", "latitude", "longitude", "country", "admin1", "feature_code", "source")


def site_entries(path: Path | None = None, layer: str = "site") -> Iterator[Entry]:
    """Curated rows (``sites.csv``, or ``landmarks.csv``/``regions.csv`` with ``layer="landmark"``/``"region"``);
    estimated rows get ``ESTIMATE_QUALITY``. A missing file gives no rows."""
    path = path or Path(str(GAZETTEER_DATA / "sites.csv"))
    if not path.is_file():
        log.warning("curated gazetteer file %s is missing: no rows from it", path)
        return
    for n, row in enumerate(_read_csv(path), start=2):
        try:
            name = row["name"].strip()
            code = row["feature_code"].strip().upper()
            source = row.get("source", "").strip()
            names = [(name, PRIMARY)] + [(a.strip(), ALTERNATE) for a in (row.get("alternates") or "").split("|")
                                         if a.strip()]
            yield Entry(name=name, latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                        country=row["country"].strip().upper() or None, feature_class=_SITE_CLASSES.get(code, "S"),
                        feature_code=code, layer=layer, admin1=(row.get("admin1") or "").strip() or None,
                        quality=ESTIMATE_QUALITY if source.lower().startswith("frontwatch estimate") else 1.0,
                        source=source, names=tuple(names))
        except (KeyError, ValueError, AttributeError) as exc:
            log.warning("%s line %d skipped: %s", path.name, n, exc)


def load_aliases() -> list[dict[str, str]]:
    """Extra names for places of the other layers (``aliases.csv``: alias, geonameid, kind, note)."""
    path = Path(str(GAZETTEER_DATA / "aliases.csv"))
    return _read_csv(path) if path.is_file() else []
