"""``GET /api/places``: resolved place mentions (the places.jsonl objects), by document and box."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from frontwatch.api.deps import PageDep, PlaceFilterDep, StateDep, reject_unknown_query
from frontwatch.api.errors import ErrorResponses
from frontwatch.api.routes._common import paged
from frontwatch.api.schemas import Paged, PlaceOut
from frontwatch.store import read

router = APIRouter(prefix="/api/places", tags=["places"], dependencies=[Depends(reject_unknown_query)])


def _place(doc_id: str, value: Any) -> Any:
    return {**value, "doc_id": doc_id} if isinstance(value, dict) else value


@router.get("", response_model=Paged[PlaceOut], responses=ErrorResponses.LIST)
def list_places(state: StateDep, filters: PlaceFilterDep, page: PageDep) -> Response:
    """Every resolved place mention of the analysed documents, in document order."""
    with state.pool.snapshot() as db:
        listing = read.list_places(db, filters, page)
    return paged(PlaceOut, listing.rows, listing.total, page, adapt=_place)
