"""Build ``report.html`` from the store: one self-contained file that works offline.

``build_report`` is called by the runner at the end of ``analyze``; ``report_payload`` is the data
blob (the report's data contract, docs/report.md); ``render_report`` turns a payload into the page
(the API reuses it, with ``api="/api"`` to make the page load its data live).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from frontwatch.config import Settings
from frontwatch.report.assets import load_assets
from frontwatch.report.payload import report_payload
from frontwatch.report.render import render_html
from frontwatch.store.db import Store

log = logging.getLogger(__name__)

__all__ = ["build_report", "render_report", "report_payload"]


def render_report(payload: dict[str, Any], *, settings: Settings, api: str | None = None) -> str:
    """The report page for ``payload``; with ``api`` (e.g. ``"/api"``) the page fetches
    ``GET {api}/report-data`` instead of embedding the payload."""
    return render_html(payload, assets=load_assets(), tile_url=settings.tile_url, api=api)


def build_report(store: Store, path: Path, *, settings: Settings, summary: dict[str, Any]) -> None:
    """Write the report for everything in ``store`` to ``path`` (atomically: temporary file, then rename)."""
    page = render_report(report_payload(store, settings=settings, summary=summary), settings=settings)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
    log.info("report written to %s (%d bytes)", path, len(page.encode("utf-8")))
