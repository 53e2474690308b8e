"""The REST API application: ``create_app(db_path, settings) -> FastAPI``.

Reads go through a pool of read-only connections (one read transaction per request); writes (``POST
/api/documents``) through one writer thread. No request parameter ever names a file: the database is
the one given here, and the UI's assets are the package's own.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from frontwatch import __version__
from frontwatch.api.cache import SnapshotCache
from frontwatch.api.deps import ApiState
from frontwatch.api.errors import install_error_handlers
from frontwatch.api.middleware import BodyLimitMiddleware, SecurityMiddleware
from frontwatch.api.pool import ReadPool
from frontwatch.api.routes import documents, events, meta, outlets, places, report
from frontwatch.api.writer import Writer
from frontwatch.config import MB, Settings

log = logging.getLogger(__name__)

# Default POST body limit (5 MB, as the API brief asks): hundreds of articles; bigger batches: `frontwatch ingest`.
DEFAULT_MAX_BODY_BYTES = 5 * MB
OPENAPI_URL = "/api/openapi.json"
DESCRIPTION = ("Events, documents, outlets and places of a frontwatch database, and the situation report served "
               "live. Lists are paginated: {data, count, limit, offset}.")


def _describe_errors_truthfully(app: FastAPI) -> None:
    """Drop FastAPI's default 422 "Validation Error" entries: bad parameters are answered 400 with the one
    error shape (only posted records get 422, documented on that route)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = original()
        for item in spec.get("paths", {}).values():
            for operation in item.values():
                default = operation.get("responses", {}).get("422", {})
                if "HTTPValidationError" in str(default):
                    del operation["responses"]["422"]
        schemas = spec.get("components", {}).get("schemas", {})
        if "HTTPValidationError" not in str(spec.get("paths")):
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(db_path: str | Path, settings: Settings | None = None, *, cors_origins: Sequence[str] = (),
               allowed_hosts: Sequence[str] | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               warm: bool = False) -> FastAPI:
    """The API over the database at ``db_path`` (created and migrated when needed).

    ``cors_origins``: origins allowed to call the API from a browser (none by default: CORS closed).
    ``allowed_hosts``: accepted Host header names (None: any); ``frontwatch serve`` passes the loopback
    names when it listens on loopback, against DNS rebinding. ``max_body_bytes``: the POST body limit.
    ``warm``: set up the per-document stages at start-up rather than on the first POST.
    """
    settings = settings or Settings()
    path = Path(db_path)
    cache = SnapshotCache(path)
    writer = Writer.open(path, settings, on_write=cache.clear)  # creates/migrates the store: readers need the file
    state = ApiState(db_path=path, settings=settings, pool=ReadPool(path), writer=writer, cache=cache,
                     max_body_bytes=max_body_bytes)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            state.writer.warm()
        yield
        state.writer.close()
        state.pool.close()

    app = FastAPI(title="frontwatch", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url=OPENAPI_URL, docs_url=None, redoc_url=None)  # Swagger/ReDoc load JS from a CDN
    app.state.frontwatch = state
    install_error_handlers(app)
    for module in (events, documents, outlets, places, report, meta):
        app.include_router(module.router)
    # Starlette runs the last-added middleware first: security (host check, headers) -> CORS -> body limit.
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"], allow_credentials=False, max_age=600)
    app.add_middleware(SecurityMiddleware, allowed_hosts=allowed_hosts)
    _describe_errors_truthfully(app)
    log.info("API over %s (CORS %s)", path, ", ".join(cors_origins) if cors_origins else "closed")
    return app
