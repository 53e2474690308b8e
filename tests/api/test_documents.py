"""GET /api/documents (filters, briefs) and GET /api/documents/{doc_id} (the documents.jsonl object)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import HOSTILE_TITLE


def _ids(client: TestClient, **params: Any) -> list[str]:
    r = client.get("/api/documents", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == len(body["data"])
    return [d["doc_id"] for d in body["data"]]


def test_documents_list_all_in_ingest_order(client: TestClient) -> None:
    assert _ids(client) == ["d1", "d2", "d3", "dir/with/slash", "raw-only"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"outlet": "sahel wire"}, ["d1", "d3"]),
    ({"outlet": "Desert Courier"}, ["d2"]),  # the harmonised name from doc_links, not the raw "desert courier"
    ({"outlet": "Frontline Daily"}, ["dir/with/slash"]),
    ({"q": "Kidal"}, ["d2"]),
    ({"q": "title:market"}, ["d3"]),
    ({"q": "army"}, ["d1", "d2"]),
    ({"published_from": "2024-03-02"}, ["d2", "dir/with/slash"]),
    ({"published_from": "2024-03-01", "published_to": "2024-03-05"}, ["d1", "d2"]),  # "March 3" is not a date
    ({"syndication_group": "g1"}, ["d1", "d2"]),
    ({"outlet": "Sahel Wire", "q": "army", "syndication_group": "g1"}, ["d1"]),
], ids=lambda v: str(v)[:40])
def test_documents_filter(client: TestClient, params: dict[str, Any], expected: list[str]) -> None:
    assert _ids(client, **params) == expected


def test_documents_brief_fields(client: TestClient) -> None:
    by_id = {d["doc_id"]: d for d in client.get("/api/documents").json()["data"]}
    assert by_id["d2"]["title"] == HOSTILE_TITLE  # JSON carries the text as it was, the UI escapes it
    assert by_id["d2"]["syndication_group"] == "g1" and by_id["d2"]["outlet"] == "Desert Courier"
    assert by_id["d1"]["analysed"] is True and by_id["raw-only"]["analysed"] is False
    assert "text" not in by_id["d1"]


def test_documents_item_is_documents_jsonl_object(client: TestClient) -> None:
    body = client.get("/api/documents/d1").json()
    for key in ("doc_id", "source_path", "outlet", "origin", "title", "url", "published", "published_from",
                "language", "text", "comments", "removed", "syndication_group", "near_duplicates", "errors"):
        assert key in body
    assert body["syndication_group"] == "g1" and body["near_duplicates"] == [{"doc_id": "d2", "similarity": 0.9}]
    assert body["removed"] == [{"kind": "donation", "text": "Support us"}] and body["comments"] == ["first!"]
    assert body["text"].startswith("Fighters attacked")


def test_documents_item_with_slash_in_id(client: TestClient) -> None:
    assert client.get("/api/documents/dir/with/slash").json()["doc_id"] == "dir/with/slash"
    assert client.get("/api/documents/dir%2Fwith%2Fslash").json()["doc_id"] == "dir/with/slash"


def test_documents_item_unknown_404_and_unanalysed_409(client: TestClient) -> None:
    r = client.get("/api/documents/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "FW702"
    r = client.get("/api/documents/raw-only")
    assert r.status_code == 409 and r.json()["error"]["code"] == "FW706"
    assert "frontwatch analyze" in r.json()["error"]["message"]


def test_documents_path_traversal_is_just_an_id(client: TestClient) -> None:
    for doc_id in ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd"):
        r = client.get(f"/api/documents/{doc_id}")
        assert r.status_code == 404, r.text
        assert "root:" not in r.text
