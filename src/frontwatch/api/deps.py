"""What routes depend on: the app's state (read pool, writer, settings) and parsed query parameters.

Parameters are checked here, once: a bad value is a 400 with the one error shape that names the
parameter and says what was expected. Limits (page size, query length) are named constants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Query, Request

from frontwatch.api.cache import SnapshotCache
from frontwatch.api.errors import bad_request
from frontwatch.api.pool import ReadPool
from frontwatch.api.writer import Writer
from frontwatch.config import Settings
from frontwatch.store.read import BBox, DocumentFilter, EventFilter, Page, PlaceFilter

DEFAULT_LIMIT = 50  # items per page unless asked otherwise
MAX_LIMIT = 500  # the largest page: 500 events with their source quotes are ~1 MB of JSON
MAX_OFFSET = 10_000_000  # far beyond any corpus; keeps the value inside SQLite's integer range
MAX_Q_CHARS = 500  # full-text queries: long enough for any hand-written FTS5 expression
MAX_TEXT_PARAM = 300  # event types, actors, outlets, group ids: the longest ACLED actor name is ~120 chars
MAX_ID_CHARS = 1024  # event and document ids in paths and filters


@dataclass
class ApiState:
    """Everything the routes share, made by ``create_app`` and kept in ``app.state.frontwatch``."""

    db_path: Path
    settings: Settings
    pool: ReadPool
    writer: Writer
    cache: SnapshotCache
    max_body_bytes: int


def get_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.frontwatch
    return state


StateDep = Annotated[ApiState, Depends(get_state)]


_KNOWN_QUERY: dict[tuple[str, str], frozenset[str] | None] = {}


def reject_unknown_query(request: Request) -> None:
    """A query parameter the route does not take is a 400 (a typo such as ``event_typ`` would otherwise
    silently return everything). The route's parameters are read from the app's OpenAPI description. The
    pages (/, /ui, /api/docs) ignore query strings."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    if not request.query_params or not isinstance(path, str):
        return
    key = (path, request.method.lower())
    if key not in _KNOWN_QUERY:
        operation = request.app.openapi().get("paths", {}).get(path, {}).get(key[1])
        _KNOWN_QUERY[key] = None if operation is None else frozenset(
            p.get("name", "") for p in operation.get("parameters", []) if p.get("in") == "query")
    known = _KNOWN_QUERY[key]
    if known is None:  # a page outside the API description (/, /api/docs): query strings are ignored
        return
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise bad_request(f"unknown query parameter: {', '.join(unknown)[:200]}; this endpoint takes "
                          f"{', '.join(sorted(known)) or 'none'}", [{"name": n[:100]} for n in unknown[:20]])


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page (1-{MAX_LIMIT})")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(page_params)]


def parse_bbox(value: str | None) -> BBox | None:
    """``minlon,minlat,maxlon,maxlat`` in degrees; minlon > maxlon is a box across the antimeridian."""
    if value is None or not value.strip():
        return None
    parts = [p.strip() for p in value.split(",")]
    expected = "bbox must be four numbers minlon,minlat,maxlon,maxlat (degrees, WGS84)"
    if len(parts) != 4:
        raise bad_request(f"{expected}; got {len(parts)} values", [{"name": "bbox"}])
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError as exc:
        raise bad_request(f"{expected}; {exc}", [{"name": "bbox"}]) from exc
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise bad_request(f"{expected}; got a non-finite number", [{"name": "bbox"}])
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise bad_request("bbox longitudes must lie between -180 and 180", [{"name": "bbox"}])
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise bad_request("bbox latitudes must lie between -90 and 90", [{"name": "bbox"}])
    if min_lat > max_lat:
        raise bad_request("bbox minlat is greater than maxlat", [{"name": "bbox"}])
    return BBox(min_lon, min_lat, max_lon, max_lat)


def parse_date(name: str, value: str | None) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise bad_request(f"{name} must be an ISO date (YYYY-MM-DD), got {value[:40]!r}", [{"name": name}]) from exc


def _range(name_from: str, start: date | None, name_to: str, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise bad_request(f"{name_from} is after {name_to}", [{"name": name_from}, {"name": name_to}])


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


BBoxQuery = Annotated[str | None, Query(max_length=200, description="minlon,minlat,maxlon,maxlat (degrees)",
                                        examples=["-5,10,3,17"])]
DateQuery = Annotated[str | None, Query(max_length=40, description="ISO date YYYY-MM-DD (inclusive)")]
TextQuery = Annotated[str | None, Query(max_length=MAX_TEXT_PARAM)]
FtsQuery = Annotated[str | None, Query(max_length=MAX_Q_CHARS,
                                       description='SQLite FTS5 full-text query: words, "phrases", AND/OR/NOT, '
                                                   "prefix*")]


def event_filter(
    bbox: BBoxQuery = None,
    date_from: DateQuery = None,
    date_to: DateQuery = None,
    event_type: Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, description="ACLED event type, exact",
                                            examples=["Battles"])] = None,
    sub_event_type: Annotated[str | None, Query(max_length=MAX_TEXT_PARAM,
                                                description="ACLED sub-event type, exact")] = None,
    actor: Annotated[str | None, Query(max_length=MAX_TEXT_PARAM,
                                       description="case-insensitive substring of actor1 or actor2")] = None,
    min_sources: Annotated[int | None, Query(ge=0, le=1_000_000,
                                             description="minimum number of independent sources")] = None,
    q: FtsQuery = None,
    order: Annotated[str, Query(pattern="^-?date$", description="'-date' newest first (default) or 'date'")] = "-date",
) -> EventFilter:
    start, end = parse_date("date_from", date_from), parse_date("date_to", date_to)
    _range("date_from", start, "date_to", end)
    return EventFilter(bbox=parse_bbox(bbox), date_from=start, date_to=end, event_type=_text(event_type),
                       sub_event_type=_text(sub_event_type), actor=_text(actor), min_sources=min_sources,
                       q=_text(q), newest_first=order == "-date")


def document_filter(
    outlet: TextQuery = None,
    q: FtsQuery = None,
    published_from: DateQuery = None,
    published_to: DateQuery = None,
    syndication_group: TextQuery = None,
) -> DocumentFilter:
    start, end = parse_date("published_from", published_from), parse_date("published_to", published_to)
    _range("published_from", start, "published_to", end)
    return DocumentFilter(outlet=_text(outlet), q=_text(q), published_from=start, published_to=end,
                          syndication_group=_text(syndication_group))


def place_filter(
    doc_id: Annotated[str | None, Query(max_length=MAX_ID_CHARS, description="places of this document")] = None,
    bbox: BBoxQuery = None,
) -> PlaceFilter:
    return PlaceFilter(doc_id=doc_id if doc_id else None, bbox=parse_bbox(bbox))


EventFilterDep = Annotated[EventFilter, Depends(event_filter)]
DocumentFilterDep = Annotated[DocumentFilter, Depends(document_filter)]
PlaceFilterDep = Annotated[PlaceFilter, Depends(place_filter)]
