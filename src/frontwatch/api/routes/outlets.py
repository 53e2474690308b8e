"""``GET /api/outlets``: framing per outlet (labels per actor, loaded terms) from the outlets table."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from frontwatch.api.deps import PageDep, StateDep, reject_unknown_query
from frontwatch.api.errors import ErrorResponses
from frontwatch.api.routes._common import paged
from frontwatch.api.schemas import OutletOut, Paged
from frontwatch.store import read

router = APIRouter(prefix="/api/outlets", tags=["outlets"], dependencies=[Depends(reject_unknown_query)])


def _outlet(name: str, value: Any) -> dict[str, Any]:
    data = value if isinstance(value, dict) else {"data": value}
    return {**data, "outlet": name}


@router.get("", response_model=Paged[OutletOut], responses=ErrorResponses.LIST)
def list_outlets(state: StateDep, page: PageDep) -> Response:
    """Outlets by name, each with the framing data the analysis stored for it."""
    with state.pool.snapshot() as db:
        listing = read.list_outlets(db, page)
    return paged(OutletOut, listing.rows, listing.total, page, adapt=_outlet)
