"""Security defaults: CORS closed, Host check, headers, offline docs, no request value reaching the filesystem."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontwatch.api import create_app
from frontwatch.config import Settings
from tests.api.conftest import Filled

ORIGIN = "https://analyst.example.org"


def test_cors_closed_by_default(client: TestClient) -> None:
    r = client.get("/api/events", headers={"Origin": ORIGIN})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = client.options("/api/documents", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    assert pre.status_code == 405 and pre.json()["error"]["code"] == "FW701"


def test_cors_open_only_to_given_origins(filled: Filled) -> None:
    with TestClient(create_app(filled.path, Settings(), cors_origins=[ORIGIN])) as c:
        ok = c.get("/api/events", headers={"Origin": ORIGIN})
        assert ok.headers["access-control-allow-origin"] == ORIGIN
        other = c.get("/api/events", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        pre = c.options("/api/documents", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


def test_host_header_outside_allowed_hosts_is_refused(filled: Filled) -> None:
    app = create_app(filled.path, Settings(), allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        assert c.get("/api/events").status_code == 200
        assert c.get("/api/events", headers={"Host": "localhost:8765"}).status_code == 200
        r = c.get("/api/events", headers={"Host": "attacker.example:8765"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "FW701"
        assert c.post("/api/documents", json={"text": "x"}, headers={"Host": "attacker.example"}).status_code == 400


def test_security_headers_and_no_store(client: TestClient) -> None:
    r = client.get("/api/events")
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store" and r.headers["x-frame-options"] == "DENY"
    assert "server" not in r.headers


def test_openapi_json_lists_every_endpoint(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/documents", "/api/documents/{doc_id}",
                 "/api/outlets", "/api/places", "/api/report-data", "/ui"):
        assert path in paths, sorted(paths)
    assert "post" in paths["/api/documents"]
    assert paths["/api/documents"]["post"]["responses"]["422"]["content"]["application/json"]["schema"]["$ref"] \
        .endswith("/ErrorOut")
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert names >= {"bbox", "date_from", "date_to", "event_type", "sub_event_type", "actor", "min_sources", "q",
                     "limit", "offset"}


def test_api_docs_page_is_offline(client: TestClient) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script" not in r.text and "src=" not in r.text and "cdn" not in r.text.lower()
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "/api/events" in r.text and "min_sources" in r.text
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


def test_api_index_counts(client: TestClient, filled: Filled) -> None:
    body = client.get("/api").json()
    assert body["counts"] == {"documents": 5, "events": len(filled.events), "outlets": 2}
    assert "/api/events" in body["endpoints"]


class _Opens:
    def __init__(self) -> None:
        self.active = False
        self.paths: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if self.active and event == "open" and args and isinstance(args[0], (str, bytes, Path)):
            self.paths.append(str(args[0]))


@pytest.fixture(scope="module")
def opens() -> Iterator[_Opens]:
    hook = _Opens()
    sys.addaudithook(hook)  # audit hooks cannot be removed: this one records only while active
    yield hook
    hook.active = False


MARKER = "fw-probe-path"


def test_no_request_value_reaches_the_filesystem(client: TestClient, opens: _Opens) -> None:
    probes = [f"../../{MARKER}", f"/tmp/{MARKER}", f"file:///{MARKER}", f"..%2F..%2F{MARKER}"]
    client.get("/api/events")  # warm up lazily imported modules first
    opens.active = True
    try:
        for probe in probes:
            client.get(f"/api/documents/{probe}")
            client.get(f"/api/events/{probe}")
            client.get("/api/documents", params={"outlet": probe, "syndication_group": probe, "q": f'"{probe}"'})
            client.get("/api/events", params={"q": f'"{probe}"', "actor": probe, "event_type": probe})
            client.get("/api/places", params={"doc_id": probe})
            client.get(f"/{probe}")
            client.get(f"/ui/{probe}")
            client.get(f"/api/docs/{probe}")
    finally:
        opens.active = False
    assert [p for p in opens.paths if MARKER in p] == []
