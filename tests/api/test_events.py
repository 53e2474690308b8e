"""GET /api/events: every filter against a Python oracle over the same synthetic events, pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontwatch.records import Event
from tests.api.conftest import Filled


def _all(client: TestClient, params: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    """Every page of a listing."""
    items: list[dict[str, Any]] = []
    offset = 0
    while True:
        r = client.get("/api/events", params={**params, "limit": 500, "offset": offset})
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["data"]
        offset += 500
        if offset >= body["count"]:
            return body["count"], items


def _in_box(e: Event, lon0: float, lat0: float, lon1: float, lat1: float) -> bool:
    if e.latitude is None or e.longitude is None or not lat0 <= e.latitude <= lat1:
        return False
    return lon0 <= e.longitude <= lon1 if lon0 <= lon1 else (e.longitude >= lon0 or e.longitude <= lon1)


CASES: list[tuple[str, dict[str, Any], Callable[[Event], bool]]] = [
    ("bbox", {"bbox": "-5,10,3,17"}, lambda e: _in_box(e, -5, 10, 3, 17)),
    ("bbox_antimeridian", {"bbox": "170,-25,-170,-10"}, lambda e: _in_box(e, 170, -25, -170, -10)),
    ("date_from", {"date_from": "2024-06-01"}, lambda e: e.event_date is not None and e.event_date >= "2024-06-01"),
    ("date_range", {"date_from": "2023-03-01", "date_to": "2023-03-31"},
     lambda e: e.event_date is not None and "2023-03-01" <= e.event_date <= "2023-03-31"),
    ("event_type", {"event_type": "Battles"}, lambda e: e.event_type == "Battles"),
    ("sub_event_type", {"sub_event_type": "Air/drone strike"}, lambda e: e.sub_event_type == "Air/drone strike"),
    ("actor_ascii_case", {"actor": "jnim"}, lambda e: any("jnim" in (a or "").lower() for a in (e.actor1, e.actor2))),
    ("actor_unicode_case", {"actor": "ARMÉES"},
     lambda e: any("armées" in (a or "").casefold() for a in (e.actor1, e.actor2))),
    ("min_sources", {"min_sources": 3}, lambda e: e.independent_sources >= 3),
    ("q", {"q": "Kidal"}, lambda e: e.location == "Kidal"),
    ("q_phrase", {"q": '"Rapid Support Forces" AND Fasher'},
     lambda e: e.location == "El Fasher" and "Rapid Support Forces" in (e.actor1, e.actor2)),
    ("combined", {"bbox": "-5,10,3,17", "event_type": "Battles", "min_sources": 2, "date_from": "2023-06-01"},
     lambda e: _in_box(e, -5, 10, 3, 17) and e.event_type == "Battles" and e.independent_sources >= 2
     and e.event_date is not None and e.event_date >= "2023-06-01"),
]


@pytest.mark.parametrize(("name", "params", "keep"), CASES, ids=[c[0] for c in CASES])
def test_events_filter_matches_oracle(client: TestClient, filled: Filled, name: str, params: dict[str, Any],
                                      keep: Callable[[Event], bool]) -> None:
    expected = {e.event_id for e in filled.events if keep(e)}
    assert expected, f"the synthetic data has no event for case {name}"
    count, items = _all(client, params)
    assert count == len(expected)
    assert {i["event_id"] for i in items} == expected


def test_events_default_page_newest_first_undated_last(client: TestClient, filled: Filled) -> None:
    body = client.get("/api/events").json()
    assert body["count"] == len(filled.events) and body["limit"] == 50 and body["offset"] == 0
    assert len(body["data"]) == 50
    dates = [d["event_date"] for d in body["data"]]
    assert dates == sorted(dates, reverse=True)
    _, everything = _all(client, {})
    assert everything[-1]["event_date"] is None and everything[0]["event_date"] is not None
    oldest = client.get("/api/events", params={"order": "date", "limit": 1}).json()["data"][0]
    assert oldest["event_date"] == min(e.event_date for e in filled.events if e.event_date)


def test_events_pagination_is_stable_and_complete(client: TestClient, filled: Filled) -> None:
    seen: list[str] = []
    for offset in range(0, len(filled.events), 70):
        page = client.get("/api/events", params={"limit": 70, "offset": offset}).json()
        assert page["offset"] == offset and page["limit"] == 70
        seen += [d["event_id"] for d in page["data"]]
    assert len(seen) == len(set(seen)) == len(filled.events)
    beyond = client.get("/api/events", params={"offset": 10_000}).json()
    assert beyond["data"] == [] and beyond["count"] == len(filled.events)


def test_events_item_is_the_contract_object(client: TestClient, filled: Filled) -> None:
    ev = filled.events[7]
    body = client.get(f"/api/events/{ev.event_id}").json()
    assert body["event_id"] == ev.event_id and body["sub_event_type"] == ev.sub_event_type
    assert body["sources"][0]["sentence"] == ev.sources[0].sentence
    assert body["fatalities_range"] == (list(ev.fatalities_range) if ev.fatalities_range else None)
    for key in ("independent_sources", "contradictions", "notes", "geo_precision", "time_precision", "claimed_by"):
        assert key in body


def test_events_item_unknown_is_404(client: TestClient) -> None:
    r = client.get("/api/events/ev-nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "FW702"


@pytest.mark.parametrize("params", [
    {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"bbox": "0,50,10,40"}, {"bbox": "0,0,200,10"}, {"bbox": "nan,0,1,1"},
    {"date_from": "yesterday"}, {"date_from": "2024-05-01", "date_to": "2024-04-01"}, {"limit": 0},
    {"limit": 501}, {"offset": -1}, {"min_sources": -2}, {"min_sources": "many"}, {"q": "x" * 501},
    {"order": "fatalities"}, {"q": "Gao AND"}, {"q": '"unclosed'}, {"q": "nosuchcolumn:x"}, {"q": "*"},
    {"q": "(" * 300},
], ids=lambda p: "-".join(f"{k}={str(v)[:12]}" for k, v in p.items()))
def test_events_bad_parameters_are_400(client: TestClient, params: dict[str, Any]) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "FW701" and error["message"]


def test_events_blank_filters_are_ignored(client: TestClient, filled: Filled) -> None:
    body = client.get("/api/events", params={"actor": "  ", "q": "", "event_type": "", "bbox": ""}).json()
    assert body["count"] == len(filled.events)


def test_events_sql_injection_attempts_are_plain_values(client: TestClient, filled: Filled) -> None:
    for value in ("' OR 1=1 --", "Battles' OR '1'='1", "x); DROP TABLE events; --"):
        assert client.get("/api/events", params={"event_type": value}).json()["count"] == 0
        assert client.get("/api/events", params={"actor": value}).json()["count"] == 0
    assert client.get("/api/events").json()["count"] == len(filled.events)


def test_events_unknown_query_parameter_is_400(client: TestClient) -> None:
    r = client.get("/api/events", params={"event_typ": "Battles"})
    assert r.status_code == 400 and "event_typ" in r.json()["error"]["message"]
    assert "event_type" in r.json()["error"]["message"]  # the message lists what the endpoint takes
    assert client.get("/ui", params={"utm_source": "x"}).status_code == 200  # pages ignore query strings
