"""The API's one error shape: ``{"error": {"code": "FW7xx", "message": "...", "details": [...]}}``.

Every error the API answers with goes through :func:`error_response`: raised :class:`ApiError`, bad query
or path parameters (400), unknown routes (404), oversized bodies (413, also from the body-limit
middleware), invalid posted records (422) and unexpected failures (500, logged with the traceback,
answered without it).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontwatch.errors import Code, FrontwatchError
from frontwatch.store.read import FtsSyntaxError

log = logging.getLogger(__name__)


class ApiCode(StrEnum):
    """API error codes (FW7xx). The first three are ``frontwatch.errors.Code`` members; the others are
    requested there (see docs/api.md) and kept here until then."""

    BAD_REQUEST = Code.API_BAD_REQUEST.value  # FW701: a bad parameter, body or header
    NOT_FOUND = Code.API_NOT_FOUND.value  # FW702: no such route, event or document
    TOO_LARGE = Code.API_TOO_LARGE.value  # FW703: body over the size limit
    INVALID_RECORDS = "FW704"  # posted records failed validation (422)
    INTERNAL = "FW705"  # an unexpected failure (500)
    NOT_ANALYSED = "FW706"  # the document is stored but has not been analysed yet (409)


class ApiError(Exception):
    """An error answered as ``status`` with the one error shape."""

    def __init__(self, status: int, code: ApiCode, message: str, details: Sequence[Any] = (),
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = list(details)
        self.headers = headers


def bad_request(message: str, details: Sequence[Any] = ()) -> ApiError:
    return ApiError(400, ApiCode.BAD_REQUEST, message, details)


def not_found(message: str) -> ApiError:
    return ApiError(404, ApiCode.NOT_FOUND, message)


def error_body(code: str, message: str, details: Sequence[Any] = ()) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": list(details)}}


def error_bytes(code: str, message: str, details: Sequence[Any] = ()) -> bytes:
    """The error shape as JSON bytes (for the ASGI middleware, which answers without a Response class)."""
    return json.dumps(error_body(code, message, details), ensure_ascii=False).encode("utf-8")


def error_response(status: int, code: str, message: str, details: Sequence[Any] = (),
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> tuple[bool, list[dict[str, Any]]]:
    """(any error in the body, details without the offending input echoed back)."""
    details: list[dict[str, Any]] = []
    in_body = False
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ())]
        in_body = in_body or (bool(loc) and loc[0] == "body")
        name = ".".join(loc[1:]) if len(loc) > 1 else ".".join(loc)
        details.append({"location": loc[0] if loc else "", "name": name, "message": str(err.get("msg", "")),
                        "type": str(err.get("type", ""))})
    return in_body, details


_STATUS_CODES: dict[int, ApiCode] = {404: ApiCode.NOT_FOUND, 413: ApiCode.TOO_LARGE, 422: ApiCode.INVALID_RECORDS}


def install_error_handlers(app: FastAPI) -> None:
    """Route every error the app can raise to the one error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        in_body, details = _validation_details(exc)
        if in_body:
            return error_response(422, ApiCode.INVALID_RECORDS, "the request body is invalid", details)
        names = ", ".join(sorted({d["name"] for d in details})) or "request"
        return error_response(400, ApiCode.BAD_REQUEST, f"invalid parameter: {names}", details)

    @app.exception_handler(FtsSyntaxError)
    async def _fts(request: Request, exc: FtsSyntaxError) -> JSONResponse:
        return error_response(400, ApiCode.BAD_REQUEST, str(exc), [{"name": "q"}])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, ApiCode.BAD_REQUEST if exc.status_code < 500 else ApiCode.INTERNAL)
        if exc.status_code == 404:
            message = f"no such resource: {request.url.path}"
        elif exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path}"
        else:
            message = str(exc.detail)
        return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(FrontwatchError)
    async def _domain(request: Request, exc: FrontwatchError) -> JSONResponse:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
        return error_response(500, ApiCode.INTERNAL, "the server could not answer this request",
                              [{"code": exc.code.value, "message": exc.message}])

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(500, ApiCode.INTERNAL, "internal error; the server log has the details")


def _documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    from frontwatch.api.schemas import ErrorOut

    text = {400: "a bad parameter (FW701)", 404: "not found (FW702)", 409: "not analysed yet (FW706)",
            413: "body too large (FW703)", 422: "invalid records (FW704)", 500: "internal error (FW705)"}
    return {s: {"model": ErrorOut, "description": text[s]} for s in statuses}


class ErrorResponses:
    """OpenAPI ``responses`` of the routes: every error has the one shape."""

    LIST = _documented(400, 500)
    ITEM = _documented(400, 404, 500)
    DOCUMENT = _documented(400, 404, 409, 500)
    POST = _documented(400, 413, 422, 500)
