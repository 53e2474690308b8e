"""GET /api/outlets (framing per outlet) and GET /api/places (resolved place mentions)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_outlets_lists_framing_data_by_name(client: TestClient) -> None:
    body = client.get("/api/outlets").json()
    assert body["count"] == 2 and [o["outlet"] for o in body["data"]] == ["Desert Courier", "Sahel Wire"]
    sahel = body["data"][1]
    assert sahel["actors"]["JNIM"]["labels"][0]["label"] == "terrorists" and sahel["documents"] == 2
    assert body["data"][0]["loaded_terms"][0]["term"] == "<b>martyrs</b>"


def test_outlets_paginates(client: TestClient) -> None:
    body = client.get("/api/outlets", params={"limit": 1, "offset": 1}).json()
    assert body["count"] == 2 and [o["outlet"] for o in body["data"]] == ["Sahel Wire"]


def test_places_lists_resolved_mentions_in_document_order(client: TestClient) -> None:
    body = client.get("/api/places").json()
    assert [(p["doc_id"], p["text"]) for p in body["data"]] == [
        ("d1", "Gao"), ("d2", "Kidal"), ("d2", "Mopti"), ("dir/with/slash", "Suva")]
    gao = body["data"][0]
    assert gao["latitude"] == 16.2717 and gao["country"] == "MLI" and gao["geonameid"] == 1000
    assert gao["start"] == 36 and gao["end"] == 39


def test_places_filter_by_document_and_box(client: TestClient) -> None:
    assert [p["text"] for p in client.get("/api/places", params={"doc_id": "d2"}).json()["data"]] == ["Kidal", "Mopti"]
    box = client.get("/api/places", params={"bbox": "-1,15,3,19"}).json()  # Gao and Kidal, not Mopti
    assert [p["text"] for p in box["data"]] == ["Gao", "Kidal"] and box["count"] == 2
    across = client.get("/api/places", params={"bbox": "170,-25,-170,-10"}).json()
    assert [p["text"] for p in across["data"]] == ["Suva"]
    assert client.get("/api/places", params={"doc_id": "nope"}).json()["count"] == 0


def test_places_page_past_the_end_keeps_the_count(client: TestClient) -> None:
    body = client.get("/api/places", params={"offset": 10}).json()
    assert body["data"] == [] and body["count"] == 4
    body = client.get("/api/places", params={"offset": 3, "limit": 1}).json()
    assert [p["text"] for p in body["data"]] == ["Suva"] and body["count"] == 4
