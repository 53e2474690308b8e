"""GET /api/report-data and the live UI (GET /, /ui): the report payload from the store, hostile text
escaped in the page, the page fetching its data from the API, answers refreshed when the store changes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontwatch.api import create_app
from frontwatch.config import Settings
from frontwatch.report.synthetic import synthetic_payload
from tests.api.payload_store import store_payload
from tests.report.hostile import BIG_TITLE_CHARS, CLOSE_SCRIPT, FRAGMENTS, IMG_ONERROR, SCRIPT_TAG, hostile_payload


class Tags(HTMLParser):
    """Start tags (with attributes) as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    p = Tags()
    p.feed(page)
    p.close()
    return p.tags


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("hostile") / "fw.db"
    store_payload(path, hostile_payload())
    with TestClient(create_app(path, Settings())) as c:
        yield c


def test_report_data_is_the_payload_of_the_store(tmp_path: Path) -> None:
    payload = synthetic_payload(15, seed=4)
    store_payload(tmp_path / "fw.db", payload)
    with TestClient(create_app(tmp_path / "fw.db", Settings())) as c:
        r = c.get("/api/report-data")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    served = r.json()
    assert {e["event_id"] for e in served["events"]} == {e["event_id"] for e in payload["events"]}
    assert {d["doc_id"] for d in served["documents"]} == {d["doc_id"] for d in payload["documents"]}
    assert len(served["places"]) == len(payload["places"])
    assert set(served["framing"]["outlets"]) == set(payload["framing"]["outlets"])
    assert served["summary"]["run_id"] == payload["summary"]["run_id"]
    assert len(served["syndication"]["groups"]) == len(payload["syndication"]["groups"])


@pytest.mark.parametrize("url", ["/", "/ui"])
def test_report_ui_page_loads_data_from_the_api(hostile_client: TestClient, url: str) -> None:
    r = hostile_client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert '<body data-api="/api">' in page
    assert 'id="fw-data"' not in page  # the data comes from /api/report-data, not the page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp and "connect-src &#x27;self&#x27;" in csp.group(1)
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"


def test_report_ui_hostile_text_is_escaped(hostile_client: TestClient) -> None:
    page = hostile_client.get("/ui").text
    for fragment in (SCRIPT_TAG, IMG_ONERROR, CLOSE_SCRIPT, "<svg onload"):
        assert fragment not in page
    assert "&lt;/script&gt;&lt;script&gt;" in page  # the events' hostile location, escaped in the fallback list
    found = tags(page)
    handlers = [(t, a) for t, a in found for name in a if name.startswith("on")]
    assert handlers == []
    scripts = [a for t, a in found if t == "script"]
    assert all(a.get("src") is None for a in scripts) and len(scripts) <= 2  # basemap data + the app, nothing else
    assert not any(t in ("img", "svg", "iframe", "object", "embed") for t, _ in found)


def test_report_data_hostile_text_is_plain_json(hostile_client: TestClient) -> None:
    served = hostile_client.get("/api/report-data").json()
    assert any(f in d["title"] for d in served["documents"] for f in FRAGMENTS)
    assert max(len(d["title"]) for d in served["documents"]) == BIG_TITLE_CHARS


def test_report_answers_follow_store_changes(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    store_payload(path, synthetic_payload(5, seed=2))
    with TestClient(create_app(path, Settings())) as c:
        before = c.get("/api/report-data").json()
        assert c.get("/api/report-data").json() == before  # cached until the store changes
        c.post("/api/documents", json={"id": "late", "text": "Shelling hit the port of Hodeidah overnight, "
                                                            "witnesses said, and fires burned until dawn."})
        after = c.get("/api/report-data").json()
        assert len(after["documents"]) == len(before["documents"]) + 1
        assert "late" in c.get("/api/documents/late").json()["doc_id"]
