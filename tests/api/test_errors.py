"""The one error shape, pinned for every status the API answers with an error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontwatch.api import create_app
from frontwatch.config import Settings
from frontwatch.errors import StoreError
from frontwatch.store import read
from frontwatch.store.db import Store
from tests.api.synthetic import store_events

LIMIT = 2000


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "fw.db"
    store_events(path, 20)
    return path


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db_path, Settings(), max_body_bytes=LIMIT), raise_server_exceptions=False) as c:
        yield c


def assert_shape(body: Any, code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "code"), [
    ("GET", "/api/events?limit=9999", {}, 400, "FW701"),
    ("GET", "/api/events?q=%22open", {}, 400, "FW701"),
    ("GET", "/api/events?bbox=1,2", {}, 400, "FW701"),
    ("POST", "/api/documents", {"content": b"{oops"}, 400, "FW701"),
    ("GET", "/api/events/missing", {}, 404, "FW702"),
    ("GET", "/api/no-such-route", {}, 404, "FW702"),
    ("DELETE", "/api/events", {}, 405, "FW701"),
    ("POST", "/api/documents", {"content": b"x" * (LIMIT + 1)}, 413, "FW703"),
    ("POST", "/api/documents", {"json": [{"id": "no-text"}]}, 422, "FW704"),
], ids=lambda v: str(v)[:30])
def test_errors_have_one_shape(client: TestClient, method: str, url: str, kwargs: dict[str, Any], status: int,
                               code: str) -> None:
    r = client.request(method, url, **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert_shape(r.json(), code)


def test_errors_500_has_the_shape_and_no_traceback(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals /home/user/db")

    monkeypatch.setattr(read, "list_events", boom)
    r = client.get("/api/events")
    assert r.status_code == 500
    assert_shape(r.json(), "FW705")
    assert "secret internals" not in r.text and "Traceback" not in r.text


def test_errors_domain_error_is_500_with_its_code(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*args: Any, **kwargs: Any) -> Any:
        raise StoreError("the store is unhappy")

    monkeypatch.setattr(read, "list_outlets", locked)
    r = client.get("/api/outlets")
    assert r.status_code == 500
    assert_shape(r.json(), "FW705")
    assert r.json()["error"]["details"] == [{"code": "FW601", "message": "the store is unhappy"}]


def test_errors_unreadable_stored_row_is_left_out_of_lists(client: TestClient, db_path: Path) -> None:
    with Store(db_path) as store, store.transaction() as db:
        db.execute("UPDATE events SET data = '{broken' WHERE event_id = 'ev-000003'")
        db.execute("UPDATE events SET data = '{\"event_id\": \"ev-000004\"}' WHERE event_id = 'ev-000004'")
    body = client.get("/api/events", params={"limit": 500}).json()
    assert body["count"] == 20 and len(body["data"]) == 18
    assert len(body["problems"]) == 2 and body["problems"][0].startswith("ev-00000")
    r = client.get("/api/events/ev-000003")
    assert r.status_code == 500
    assert_shape(r.json(), "FW705")
