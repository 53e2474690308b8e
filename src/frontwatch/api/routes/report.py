"""The report served live: ``GET /api/report-data`` (the report payload) and ``GET /`` / ``GET /ui`` (the
report page, which fetches /api/report-data). Both are cached until the database changes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, cast

from fastapi import APIRouter, Depends, Response
from fastapi.responses import HTMLResponse

from frontwatch.api.deps import ApiState, StateDep, reject_unknown_query
from frontwatch.api.errors import ErrorResponses
from frontwatch.report.build import render_report, report_payload
from frontwatch.store import read
from frontwatch.store.db import Store

router = APIRouter(tags=["report"])
API_BASE = "/api"  # what the served page's <body data-api> names: the app fetches {API_BASE}/report-data


class _ReadOnlyStore:
    """What ``report_payload`` reads from a store (``.db``), over a read-only connection."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path


def _payload(state: ApiState) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        with state.pool.snapshot() as db:
            summary = read.latest_summary(db)
            store = cast(Store, _ReadOnlyStore(db, state.db_path))
            return report_payload(store, settings=state.settings, summary=summary)

    return state.cache.get("payload", build)


@router.get("/api/report-data", dependencies=[Depends(reject_unknown_query)], responses=ErrorResponses.LIST,
            response_description="the report payload (docs/report.md): events, documents, places, framing")
def report_data(state: StateDep) -> Response:
    """Everything the report shows, as one JSON object (the same payload report.html embeds)."""
    body = state.cache.get("report-data", lambda: json.dumps(_payload(state), ensure_ascii=False, allow_nan=False,
                                                             separators=(",", ":")).encode("utf-8"))
    return Response(body, media_type="application/json")


def _page(state: StateDep) -> HTMLResponse:
    page = state.cache.get("ui", lambda: render_report(_payload(state), settings=state.settings, api=API_BASE))
    return HTMLResponse(page)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index_page(state: StateDep) -> HTMLResponse:
    return _page(state)


@router.get("/ui", response_class=HTMLResponse, summary="The situation report, live from this server")
def ui_page(state: StateDep) -> HTMLResponse:
    """The report page (map, timeline, event cards, outlets); it loads its data from /api/report-data."""
    return _page(state)
