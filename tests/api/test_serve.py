"""cli/serve.py: defaults (127.0.0.1, CORS closed), option checks, the uvicorn call."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from frontwatch.cli import serve as serve_mod
from frontwatch.errors import UsageError
from frontwatch.store.db import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "fw.db"
    Store(path).close()
    return path


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[tuple[Any, ...], dict[str, Any]]]]:
    """Calls of uvicorn.run (not run); the apps made for them are closed afterwards."""
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append((a, k)))
    yield calls
    for args, _ in calls:
        if args and isinstance(args[0], FastAPI):
            _close(args[0])


def _close(app: FastAPI) -> None:
    app.state.frontwatch.writer.close()
    app.state.frontwatch.pool.close()


def test_serve_defaults_to_loopback_with_host_check(db: Path, runs: list[Any]) -> None:
    serve_mod.serve(db)
    (args, kwargs), = runs
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == 8765 and kwargs["server_header"] is False
    app = args[0]
    assert isinstance(app, FastAPI)
    assert app.user_middleware and not any("CORS" in m.cls.__name__ for m in app.user_middleware)  # type: ignore[attr-defined]


def test_serve_with_cors_and_public_host(db: Path, runs: list[Any], caplog: pytest.LogCaptureFixture) -> None:
    serve_mod.serve(db, host="0.0.0.0", port=9000, cors_origins=["https://a.example.org/"])
    (args, kwargs), = runs
    assert kwargs["host"] == "0.0.0.0" and kwargs["port"] == 9000
    assert any("CORS" in m.cls.__name__ for m in args[0].user_middleware)
    assert "no authentication" in caplog.text


def test_serve_reload_hands_options_through_the_environment(db: Path, runs: list[Any],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (serve_mod.ENV_DB, serve_mod.ENV_CORS, serve_mod.ENV_HOSTS, serve_mod.ENV_MAX_BODY):
        monkeypatch.setenv(name, "")  # recorded, so the values serve() sets are removed after the test
    serve_mod.serve(db, reload=True)
    (args, kwargs), = runs
    assert args == ("frontwatch.cli.serve:app_from_env",) and kwargs["factory"] and kwargs["reload"]
    app = serve_mod.app_from_env()
    assert isinstance(app, FastAPI) and app.state.frontwatch.db_path == db.resolve()
    _close(app)


def test_serve_refuses_missing_db_directory_and_bad_port(tmp_path: Path, db: Path, runs: list[Any]) -> None:
    with pytest.raises(UsageError, match="no database"):
        serve_mod.serve(tmp_path / "missing.db")
    with pytest.raises(UsageError, match="is a directory"):
        serve_mod.serve(tmp_path)
    with pytest.raises(UsageError, match="not a TCP port"):
        serve_mod.serve(db, port=70000)
    serve_mod.serve(tmp_path / "new.db", create=True)
    assert (tmp_path / "new.db").exists() and len(runs) == 1


def test_app_from_env_needs_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(serve_mod.ENV_DB, raising=False)
    with pytest.raises(UsageError):
        serve_mod.app_from_env()


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False),
])
def test_serve_is_loopback(host: str, loopback: bool) -> None:
    assert serve_mod.is_loopback(host) is loopback
    hosts = serve_mod.allowed_hosts_for(host)
    assert (hosts is not None) is loopback
    if hosts is not None:
        assert "127.0.0.1" in hosts and "localhost" in hosts


@pytest.mark.parametrize("origin", ["https://a.example.org/path", "ftp://a.example.org", "a.example.org", "", "http://"])
def test_serve_cors_origin_must_be_an_origin(origin: str) -> None:
    with pytest.raises(UsageError):
        serve_mod.check_cors_origins([origin])


def test_serve_cors_origins_normalised() -> None:
    assert serve_mod.check_cors_origins(["https://A.example.org:8443/", "*"]) == ("https://a.example.org:8443", "*")
