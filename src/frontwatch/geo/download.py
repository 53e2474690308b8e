"""``frontwatch gazetteer download CC...``: fetch GeoNames country dumps and import them.

Files are fetched from ``settings.geonames_base_url`` (``{base}/{CC}.zip``; also ``allCountries``,
``cities500``/``1000``/``5000``/``15000``) into ``HOME/downloads`` and imported into the user gazetteer.
Only this command touches the network; nothing downloads at run time.
"""

from __future__ import annotations

import logging
import re
import shutil
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from frontwatch.errors import Code, GazetteerError
from frontwatch.geo.build import gazetteer_path
from frontwatch.geo.imports import ImportReport, import_file

log = logging.getLogger(__name__)

# Seconds to wait for the server before giving up on one file.
TIMEOUT_S = 60
_NAMES = {"allcountries": "allCountries", "cities500": "cities500", "cities1000": "cities1000",
          "cities5000": "cities5000", "cities15000": "cities15000"}
_CODE = re.compile(r"^[A-Za-z]{2}$")


def dump_name(code: str) -> str:
    """The dump file stem for a country code or a named dump ("sy" -> "SY", "allcountries" -> "allCountries")."""
    c = code.strip()
    if _CODE.match(c):
        return c.upper()
    if c.lower() in _NAMES:
        return _NAMES[c.lower()]
    raise GazetteerError(f"{code!r} is not a two-letter country code or one of {', '.join(_NAMES.values())}",
                         Code.GAZETTEER_DOWNLOAD)


def fetch(url: str, dest: Path, timeout: float = TIMEOUT_S) -> Path:
    """Download ``url`` to ``dest`` (written to a temporary name, then renamed)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp, tmp.open("wb") as fh:
            shutil.copyfileobj(resp, fh)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot download {url}: {exc}", Code.GAZETTEER_DOWNLOAD) from exc
    if not zipfile.is_zipfile(tmp):
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"{url} did not return a zip archive", Code.GAZETTEER_DOWNLOAD)
    tmp.replace(dest)
    return dest


def download(codes: Sequence[str], home: Path, base_url: str,
             on_file: Callable[[str], None] | None = None) -> list[ImportReport]:
    """Fetch and import each dump; a failed code raises after the earlier ones were imported."""
    stems = [dump_name(c) for c in codes]
    base = base_url if base_url.endswith("/") else base_url + "/"
    reports: list[ImportReport] = []
    bundled = gazetteer_path(home)
    for stem in stems:
        url = f"{base}{stem}.zip"
        if on_file is not None:
            on_file(url)
        path = fetch(url, home / "downloads" / f"{stem}.zip")
        reports.append(import_file(path, home, bundled if bundled.is_file() else None))
    return reports
