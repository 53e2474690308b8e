"""``frontwatch serve``: the REST API and the live report over one database (uvicorn).

Listens on 127.0.0.1 by default; on a loopback address it also refuses requests whose Host header names
another machine (DNS rebinding). CORS is closed unless origins are given.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from frontwatch.api.app import DEFAULT_MAX_BODY_BYTES, create_app
from frontwatch.config import Settings, load_settings
from frontwatch.errors import UsageError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
# Environment used to hand the options to the app factory in a reloading worker (--reload only).
ENV_DB = "FRONTWATCH_SERVE_DB"
ENV_CORS = "FRONTWATCH_SERVE_CORS"
ENV_HOSTS = "FRONTWATCH_SERVE_HOSTS"
ENV_MAX_BODY = "FRONTWATCH_SERVE_MAX_BODY"


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_hosts_for(host: str) -> tuple[str, ...] | None:
    """Host names the server accepts: the loopback names when it listens on loopback, else any."""
    if not is_loopback(host):
        return None
    extra = host.strip().lower()
    return tuple(dict.fromkeys((*LOOPBACK_NAMES, extra if ":" not in extra else f"[{extra.strip('[]')}]")))


def check_cors_origins(origins: Sequence[str]) -> tuple[str, ...]:
    """Origins as ``scheme://host[:port]`` (http or https, no path), or ``*``; anything else is a usage error."""
    out: list[str] = []
    for origin in origins:
        value = origin.strip().rstrip("/")
        if value == "*":
            out.append(value)
            continue
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query or parts.fragment:
            raise UsageError(f"CORS origin {origin!r} is not an origin like https://analyst.example.org[:port]")
        out.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(out)


def check_db(db: str | Path, create: bool) -> Path:
    path = Path(db)
    if path.is_dir():
        raise UsageError(f"--db {path} is a directory; give the database file (e.g. {path / 'frontwatch.db'})")
    if not path.exists() and not create:
        raise UsageError(f"no database at {path}: make one with `frontwatch analyze INPUT --out DIR` or "
                         "`frontwatch ingest INPUT --db PATH` (or serve an empty one with create=True)")
    return path


def serve(db: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, cors_origins: Sequence[str] = (),
          reload: bool = False, *, settings: Settings | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
          create: bool = False, log_level: str = "info") -> None:
    """Serve the API and the live report for ``db`` until interrupted."""
    import uvicorn

    path = check_db(db, create)
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port} is not a TCP port (0-65535)")
    origins = check_cors_origins(cors_origins)
    hosts = allowed_hosts_for(host)
    if hosts is None:
        log.warning("listening on %s, beyond this machine: the API has no authentication and accepts documents "
                    "by POST; put it behind an authenticating proxy", host)
    common: dict[str, Any] = {"host": host, "port": port, "log_level": log_level, "server_header": False,
                              "proxy_headers": False, "date_header": True}
    if reload:
        os.environ[ENV_DB] = str(path.resolve())
        os.environ[ENV_CORS] = ",".join(origins)
        os.environ[ENV_HOSTS] = ",".join(hosts) if hosts is not None else ""
        os.environ[ENV_MAX_BODY] = str(max_body_bytes)
        uvicorn.run("frontwatch.cli.serve:app_from_env", factory=True, reload=True,
                    reload_dirs=[str(Path(__file__).resolve().parents[1])], **common)
        return
    app = create_app(path, settings or load_settings(), cors_origins=origins, allowed_hosts=hosts,
                     max_body_bytes=max_body_bytes, warm=True)
    uvicorn.run(app, **common)


def app_from_env() -> Any:
    """The app factory of a reloading worker: options from the environment ``serve`` set."""
    db = os.environ.get(ENV_DB)
    if not db:
        raise UsageError(f"{ENV_DB} is not set (start the server with `frontwatch serve --db PATH --reload`)")
    cors = tuple(o for o in os.environ.get(ENV_CORS, "").split(",") if o)
    hosts_env = os.environ.get(ENV_HOSTS, "")
    hosts = tuple(h for h in hosts_env.split(",") if h) or None
    max_body = int(os.environ.get(ENV_MAX_BODY) or DEFAULT_MAX_BODY_BYTES)
    return create_app(db, load_settings(), cors_origins=cors, allowed_hosts=hosts, max_body_bytes=max_body, warm=True)
