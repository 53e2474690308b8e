"""The built front-end (``report/static/``, made by ``web/build.sh``) read as text for inlining."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
BUILD_HINT = "run web/build.sh (needs Node.js and npm) to build the interactive report"


@dataclass(frozen=True, slots=True)
class Assets:
    js: str
    css: str
    basemap: str | None  # TopoJSON text of the offline basemap; None when not built


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@cache
def load_assets(static_dir: Path = STATIC_DIR) -> Assets | None:
    """The app's JS, CSS and basemap, or None (logged once) when the front-end has not been built."""
    js = _read(static_dir / "app.js")
    css = _read(static_dir / "app.css")
    if js is None or css is None:
        log.warning("report front-end not found in %s: writing a static report without the map; %s",
                    static_dir, BUILD_HINT)
        return None
    basemap = _read(static_dir / "basemap.json")
    if basemap is None:
        log.warning("offline basemap %s missing: the map will have no country outlines", static_dir / "basemap.json")
    return Assets(js=js, css=css, basemap=basemap)
