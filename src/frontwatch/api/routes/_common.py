"""Helpers shared by the routes: turning stored JSON rows into validated output, page responses."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fastapi import Response
from pydantic import BaseModel, ValidationError

from frontwatch.api.schemas import Paged
from frontwatch.store.read import Page

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
JSON_MEDIA_TYPE = "application/json"


def json_response(model: BaseModel, status_code: int = 200) -> Response:
    """Serialise a validated model once (pydantic's serializer; NaN and infinity become null)."""
    return Response(model.model_dump_json(), status_code=status_code, media_type=JSON_MEDIA_TYPE)


Adapt = Callable[[str, Any], Any]  # (row key, decoded JSON) -> what the model validates


def load_row(model: type[M], key: str, data: Any, problems: list[str], adapt: Adapt | None = None) -> M | None:
    """One stored row as ``model``; a row that cannot be read is logged, listed in ``problems`` and left out."""
    try:
        value = json.loads(data) if isinstance(data, (str, bytes)) else data
        if adapt is not None:
            value = adapt(key, value)
        return model.model_validate(value)
    except (ValueError, TypeError, ValidationError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        problems.append(f"{key}: stored record could not be read ({reason[:200]})")
        log.warning("API: stored record %r left out: %s", key, exc)
        return None


def paged(model: type[M], rows: Iterable[tuple[str, Any]], total: int, page: Page,
          adapt: Adapt | None = None) -> Response:
    """A page response from ``(key, stored JSON)`` rows; unreadable rows are listed under ``problems``."""
    problems: list[str] = []
    items = [m for key, data in rows if (m := load_row(model, key, data, problems, adapt)) is not None]
    return json_response(Paged[model](data=items, count=total, limit=page.limit,  # type: ignore[valid-type]
                                      offset=page.offset, problems=problems))
