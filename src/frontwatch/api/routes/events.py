"""``GET /api/events`` (filtered, paginated) and ``GET /api/events/{event_id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from frontwatch.api.deps import MAX_ID_CHARS, EventFilterDep, PageDep, StateDep, reject_unknown_query
from frontwatch.api.errors import ErrorResponses, not_found
from frontwatch.api.routes._common import json_response, load_row, paged
from frontwatch.api.schemas import EventOut, Paged
from frontwatch.store import read

router = APIRouter(prefix="/api/events", tags=["events"], dependencies=[Depends(reject_unknown_query)])


@router.get("", response_model=Paged[EventOut], responses=ErrorResponses.LIST)
def list_events(state: StateDep, filters: EventFilterDep, page: PageDep) -> Response:
    """Merged events matching every filter given, newest first (undated last)."""
    with state.pool.snapshot() as db:
        listing = read.list_events(db, filters, page)
    return paged(EventOut, listing.rows, listing.total, page)


@router.get("/{event_id:path}", response_model=EventOut, responses=ErrorResponses.ITEM)
def get_event(state: StateDep, event_id: Annotated[str, Path(max_length=MAX_ID_CHARS)]) -> Response:
    """One event (the events.jsonl object)."""
    with state.pool.snapshot() as db:
        data = read.get_event(db, event_id)
    if data is None:
        raise not_found(f"no event with id {event_id!r}")
    problems: list[str] = []
    event = load_row(EventOut, event_id, data, problems)
    if event is None:
        raise RuntimeError(problems[0])
    return json_response(event)
