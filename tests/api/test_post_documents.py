"""POST /api/documents: records stored and analysed through one writer; validation, limits, statuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontwatch.api import create_app
from frontwatch.api.intake import MAX_RECORDS
from frontwatch.config import Settings
from frontwatch.store.db import Store
from tests.api.synthetic import make_document, store_documents

TEXT = ("Gunmen attacked a checkpoint near Gao on Tuesday, killing three soldiers, the army said. "
        "Residents said the fighting lasted two hours before the attackers withdrew north.")
LIMIT = 4000  # body limit of the small-limit client


def rec(doc_id: Any = "p1", text: str = TEXT, **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text, "outlet": "Sahel Wire", "published": "2024-05-02", "title": "Checkpoint"}
    if doc_id is not None:
        out["id"] = doc_id
    out.update(fields)
    return out


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "fw.db"


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db_path, Settings(), max_body_bytes=LIMIT * 100)) as c:
        yield c


def _count(client: TestClient) -> int:
    return int(client.get("/api/documents").json()["count"])


def test_post_one_record_is_stored_and_analysed(client: TestClient) -> None:
    r = client.post("/api/documents", json=rec())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["count"] == 1 and "frontwatch analyze" in body["note"]
    assert body["data"][0] == {"index": 0, "id": "p1", "doc_id": "p1", "status": "added", "analysed": True,
                               "errors": []}
    doc = client.get("/api/documents/p1").json()
    assert doc["text"].startswith("Gunmen attacked") and doc["source_path"] == "api"
    assert doc["outlet"] == "Sahel Wire" and doc["published"] == "2024-05-02" and doc["language"] == "en"
    assert client.get("/api/documents", params={"q": "checkpoint"}).json()["count"] == 1


def test_post_list_with_field_aliases_and_html(client: TestClient) -> None:
    records = [
        {"id": "alias", "content": TEXT, "headline": "Aliased", "source": "Desert Courier", "date": "2024-05-03",
         "link": "https://example.org/a", "section": "world"},
        {"id": "page", "html": f"<html><head><title>Page</title></head><body><nav>Home | World</nav>"
                               f"<article><p>{TEXT}</p></article></body></html>"},
    ]
    r = client.post("/api/documents", json=records)
    assert r.status_code == 201, r.text
    assert [d["status"] for d in r.json()["data"]] == ["added", "added"]
    alias = client.get("/api/documents/alias").json()
    assert alias["title"] == "Aliased" and alias["outlet"] == "Desert Courier" and alias["url"] == "https://example.org/a"
    assert alias["extra"]["section"] == "world"
    page = client.get("/api/documents/page").json()
    assert "Gunmen attacked" in page["text"] and "<p>" not in page["text"]


def test_post_invalid_records_422_lists_each_and_stores_nothing(client: TestClient) -> None:
    records = [rec("ok"), {"id": "notext"}, "a string", rec("badtitle", title={"x": 1}), rec(True),
               rec("empty", text="   "), rec("ok")]
    r = client.post("/api/documents", json=records)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "FW704" and error["message"].startswith("6 of 7 records are invalid")
    by_index = {d["index"]: d for d in error["details"]}
    assert sorted(by_index) == [1, 2, 3, 4, 5, 6]
    assert by_index[1]["code"] == "FW107" and "no text or html" in by_index[1]["message"]
    assert "not an object" in by_index[2]["message"]
    assert "'title' must be a string, not object" in by_index[3]["message"]
    assert "'id' must be a string or an integer" in by_index[4]["message"]
    assert "already used by record 0" in by_index[6]["message"]
    assert _count(client) == 0


def test_post_partial_stores_the_valid_records(client: TestClient) -> None:
    r = client.post("/api/documents", params={"partial": "true"}, json=[rec("a1"), {"id": "bad"}, rec("a2")])
    assert r.status_code == 201, r.text
    body = r.json()
    assert [d["doc_id"] for d in body["data"]] == ["a1", "a2"] and [d["index"] for d in body["data"]] == [0, 2]
    assert [(p["index"], p["id"], p["code"]) for p in body["rejected"]] == [(1, "bad", "FW107")]
    assert _count(client) == 2


def test_post_statuses_duplicate_updated_renamed(client: TestClient, db_path: Path) -> None:
    assert client.post("/api/documents", json=rec("s1")).json()["data"][0]["status"] == "added"
    again = client.post("/api/documents", json=rec("s1")).json()["data"][0]
    assert again["status"] == "duplicate" and again["analysed"] is True
    edited = client.post("/api/documents", json=rec("s1", text=TEXT + " Two more died later.")).json()["data"][0]
    assert edited["status"] == "updated"
    assert "Two more died" in client.get("/api/documents/s1").json()["text"]
    store_documents(db_path, [make_document("filed", outlet="X", title="t", published=None, text="From a file.")])
    renamed = client.post("/api/documents", json=rec("filed")).json()["data"][0]
    assert renamed["status"] == "renamed" and renamed["doc_id"] == "filed~2" and renamed["id"] == "filed"
    assert _count(client) == 2 + 1


def test_post_without_id_gets_a_stable_content_id(client: TestClient) -> None:
    first = client.post("/api/documents", json=rec(None)).json()["data"][0]
    assert first["doc_id"].startswith("api-") and first["status"] == "added"
    second = client.post("/api/documents", json=rec(None)).json()["data"][0]
    assert second["doc_id"] == first["doc_id"] and second["status"] == "duplicate"


@pytest.mark.parametrize(("body", "fragment"), [
    (b"", "empty"), (b"{not json", "not valid JSON"), (b'"just a string"', "object or an array"),
    (b"[]", "empty array"), (b"\xff\xfe{}", "not"), (b"[" * 100_000, "nested"),
])
def test_post_bad_body_is_400(client: TestClient, body: bytes, fragment: str) -> None:
    r = client.post("/api/documents", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "FW701" and fragment in r.json()["error"]["message"]


def test_post_too_many_records_is_413(client: TestClient) -> None:
    r = client.post("/api/documents", json=[{"text": "x"}] * (MAX_RECORDS + 1))
    assert r.status_code == 413 and r.json()["error"]["code"] == "FW703"


def test_post_body_over_limit_is_413_by_length_and_by_stream(db_path: Path) -> None:
    big = json.dumps(rec("big", text="word " * LIMIT)).encode()
    with TestClient(create_app(db_path, Settings(), max_body_bytes=LIMIT)) as c:
        r = c.post("/api/documents", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "FW703"
        assert r.json()["error"]["details"] == [{"limit_bytes": LIMIT}]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is enforced while the body streams in
            for i in range(0, len(big), 1000):
                yield big[i: i + 1000]

        r = c.post("/api/documents", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "FW703"
        assert c.get("/api/documents").json()["count"] == 0
        assert c.post("/api/documents", json=rec("small")).status_code == 201


def test_post_hostile_text_comes_back_verbatim_as_json(client: TestClient) -> None:
    title = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    client.post("/api/documents", json=rec("h1", title=title, url="javascript:alert(3)"))
    r = client.get("/api/documents/h1")
    assert r.headers["content-type"] == "application/json" and r.headers["x-content-type-options"] == "nosniff"
    assert r.json()["title"] == title and r.json()["url"] == "javascript:alert(3)"


def test_post_concurrent_requests_go_through_one_writer(client: TestClient, db_path: Path) -> None:
    def post(i: int) -> int:
        return client.post("/api/documents", json=[rec(f"c{i}-{k}", text=f"{TEXT} Report {i}-{k}.")
                                                     for k in range(3)]).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(post, range(16)))
    assert statuses == [201] * 16
    assert _count(client) == 48
    with Store(db_path) as store:
        assert store.integrity_check() == "ok"
