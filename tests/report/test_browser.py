"""The report in headless Chromium: markers, cards, quotes, filters, documents, hostile input, data modes."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from frontwatch.config import Settings
from frontwatch.report.build import render_report
from frontwatch.report.synthetic import synthetic_payload
from tests.report.conftest import Opened
from tests.report.hostile import BIG_TITLE_CHARS, IMG_ONERROR, hostile_payload

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

N_EVENTS = 40
NARROW = {"width": 390, "height": 844}
OWN_SCRIPTS = 3  # fw-basemap, fw-data, the app


def _located(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in payload["events"] if e["latitude"] is not None and e["longitude"] is not None]


def _offline(opened: Opened) -> None:
    outside = [u for u in opened.requests if not u.startswith(("file:", "data:", "about:"))]
    assert outside == [], f"the report made network requests: {outside[:5]}"


def _count(opened: Opened) -> int:
    return int(opened.eval("document.querySelectorAll('#fw-cards .card').length"))


def test_report_renders_markers_cards_and_timeline(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    r = open_report(payload)
    assert r.eval("document.querySelectorAll('path.fw-marker').length") == len(_located(payload))
    assert _count(r) == N_EVENTS
    assert r.eval("document.querySelectorAll('#fw-timeline rect').length") > 0
    assert r.eval("document.querySelectorAll('.leaflet-overlay-pane canvas').length") == 1  # the basemap
    assert r.page.locator(".list-count").inner_text() == f"{N_EVENTS} events"
    r.shot(tmp_path / "desktop.png")
    assert r.errors == [] and r.dialogs == []
    _offline(r)


def test_report_click_marker_shows_source_quote(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    ev = _located(payload)[5]
    r = open_report(payload)
    r.page.locator(f'path.fw-marker[data-event-id="{ev["event_id"]}"]').dispatch_event("click")
    card = r.page.locator(f'#fw-cards .card[data-event-id="{ev["event_id"]}"]')
    card.locator(".card-body").wait_for(state="visible")
    assert "selected" in (card.get_attribute("class") or "")
    marks = card.locator(".quote mark").all_inner_texts()
    assert marks[0] == ev["sources"][0]["sentence"]
    assert card.locator(".source .outlet").first.inner_text() == ev["sources"][0]["outlet"]
    href = card.locator(".source a.ext").first.get_attribute("href")
    assert href and href.startswith("https://")
    assert card.locator(".source a.ext").first.get_attribute("rel") == "noopener noreferrer nofollow"
    r.shot(tmp_path / "selected.png")
    assert r.errors == []


def test_report_card_expands_with_keyboard(open_report: Callable[..., Opened]) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    r = open_report(payload)
    head = r.page.locator("#fw-cards .card-head").first
    head.focus()
    r.page.keyboard.press("Enter")
    assert head.get_attribute("aria-expanded") == "true"
    assert r.page.locator("#fw-cards .card").first.locator(".quote mark").count() >= 1
    r.page.keyboard.press("Enter")
    assert head.get_attribute("aria-expanded") == "false"


def test_report_date_inputs_filter_map_and_list(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    r = open_report(payload)
    lo, hi = "2024-03-20", "2024-04-10"
    r.page.fill("#fw-from", lo)
    r.page.fill("#fw-to", hi)
    r.page.locator("#fw-to").dispatch_event("change")
    inside = [e for e in payload["events"] if e["event_date"] and lo <= e["event_date"] <= hi]
    assert 0 < len(inside) < N_EVENTS
    assert _count(r) == len(inside)
    assert r.eval("document.querySelectorAll('path.fw-marker').length") == len(
        [e for e in inside if e["latitude"] is not None])
    dates = r.page.locator("#fw-cards .card").evaluate_all("cs => cs.map(c => c.dataset.eventId)")
    assert set(dates) == {e["event_id"] for e in inside}
    r.page.click("button.reset")
    assert _count(r) == N_EVENTS
    r.shot(tmp_path / "filtered.png")


def test_report_brush_filters_by_date(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    r = open_report(payload)
    box = r.page.locator("#fw-timeline svg").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    r.page.mouse.move(box["x"] + box["width"] * 0.35, y)
    r.page.mouse.down()
    r.page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    r.page.mouse.move(box["x"] + box["width"] * 0.65, y, steps=5)
    r.page.mouse.up()
    lo, hi = r.page.input_value("#fw-from"), r.page.input_value("#fw-to")
    assert lo and hi and date.fromisoformat(lo) <= date.fromisoformat(hi)
    inside = [e for e in payload["events"] if e["event_date"] and lo <= e["event_date"] <= hi]
    assert 0 < _count(r) == len(inside) < N_EVENTS
    assert r.eval("document.querySelectorAll('path.fw-marker').length") == len(
        [e for e in inside if e["latitude"] is not None])
    r.shot(tmp_path / "brushed.png")
    assert r.errors == []


def test_report_type_legend_and_search_filter(open_report: Callable[..., Opened]) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    r = open_report(payload)
    r.page.click('.type-chip[data-type="Battles"]')
    assert _count(r) == len([e for e in payload["events"] if e["event_type"] != "Battles"])
    assert r.page.locator('.legend-item[data-type="Battles"]').get_attribute("aria-pressed") == "false"
    r.page.click('.type-chip[data-type="Battles"]')
    r.page.fill("#fw-search", "Omdurman")
    expect(r.page.locator("#fw-cards .card")).to_have_count(
        len([e for e in payload["events"] if e["location"] == "Omdurman"]))


def test_report_document_view_toggles_removed_and_comments(open_report: Callable[..., Opened],
                                                           tmp_path: Path) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    docs = {d["doc_id"]: d for d in payload["documents"]}
    ev = next(e for e in payload["events"]
              if docs[e["sources"][0]["doc_id"]]["removed"] and docs[e["sources"][0]["doc_id"]]["comments"])
    doc = docs[ev["sources"][0]["doc_id"]]
    r = open_report(payload)
    r.page.fill("#fw-search", ev["event_id"])
    expect(r.page.locator("#fw-cards .card")).to_have_count(1)
    card = r.page.locator(f'#fw-cards .card[data-event-id="{ev["event_id"]}"]')
    card.locator(".card-head").click()
    card.locator(".source .link-button").first.click()
    reader = r.page.locator(".reader")
    assert reader.get_attribute("data-doc-id") == doc["doc_id"]
    assert r.page.locator("#doc-focus").inner_text() == ev["sources"][0]["sentence"]
    assert reader.locator(".removed").count() == 0 and reader.locator(".comment").count() == 0
    r.page.check("input[data-toggle=removed]")
    r.page.check("input[data-toggle=comments]")
    assert reader.locator(".removed-text").all_inner_texts() == [b["text"] for b in doc["removed"]]
    assert reader.locator(".comment").all_inner_texts() == doc["comments"]
    r.shot(tmp_path / "document.png")
    r.page.uncheck("input[data-toggle=comments]")
    assert reader.locator(".comment").count() == 0


def test_report_outlet_panel_shows_labels_and_families(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    r = open_report(payload)
    r.page.click("#tab-outlets")
    names = r.page.locator(".outlet-card h3").all_inner_texts()
    assert set(names) == set(payload["framing"]["outlets"])
    assert r.page.locator(".outlet-card .chip").count() > 0
    assert r.page.locator(".family").count() == len(payload["syndication"]["groups"])
    r.page.locator(".chip-details summary").first.click()
    assert r.page.locator(".chip-details[open] .examples li").count() >= 1
    r.shot(tmp_path / "outlets.png")
    r.page.click("#tab-run")
    assert r.page.locator("table.kv").count() >= 1


def test_report_hostile_input_never_executes(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    payload = hostile_payload()
    r = open_report(payload)
    page = r.page
    for head in page.locator("#fw-cards .card-head").all():
        head.click()
    page.click("#tab-outlets")
    for summary in page.locator(".chip-details summary").all():
        summary.click()
    page.click("#tab-documents")
    for item in page.locator(".doc-item").all()[:6]:
        item.click()
        page.check("input[data-toggle=removed]")
        page.check("input[data-toggle=comments]")
    page.click("#tab-run")
    page.click("#tab-events")
    assert r.dialogs == []
    assert r.eval("typeof window.__pwned") == "undefined"
    assert r.eval("document.querySelectorAll('script').length") == OWN_SCRIPTS
    assert r.eval("document.querySelectorAll('img, iframe, object, embed, svg [onload]').length") == 0
    assert r.eval("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                  ".some(a => a.name.startsWith('on'))).length") == 0
    links = "a[href]:not(.leaflet-control-zoom-in):not(.leaflet-control-zoom-out)"
    hrefs = r.eval(f"[...document.querySelectorAll('{links}')].map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert IMG_ONERROR in page.locator("#fw-cards .actor").all_inner_texts()
    assert r.errors == []
    r.shot(tmp_path / "hostile.png")
    _offline(r)


def test_report_big_title_is_cut_in_lists(open_report: Callable[..., Opened]) -> None:
    payload = hostile_payload()
    r = open_report(payload)
    r.page.click("#tab-documents")
    first = r.page.locator(".doc-item-title").first.inner_text()
    assert len(first) <= 200
    assert r.eval("document.getElementById('fw-data').textContent.length") > BIG_TITLE_CHARS


def test_report_zero_events(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    r = open_report(synthetic_payload(0))
    assert "No events in this report" in r.page.locator("#fw-cards").inner_text()
    assert r.eval("document.querySelectorAll('path.fw-marker').length") == 0
    r.shot(tmp_path / "empty.png")
    assert r.errors == []


def test_report_narrow_screen(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    r = open_report(payload, viewport=NARROW)
    assert r.eval("document.scrollingElement.scrollWidth") <= NARROW["width"]
    assert r.page.locator("#fw-map").is_visible()
    r.page.locator("#fw-cards .card-head").first.click()
    assert r.page.locator("#fw-cards .card .quote mark").first.is_visible()
    r.shot(tmp_path / "narrow.png")
    assert r.errors == []


# ---------------------------------------------------------------------------------------------
# served pages: the live-API data mode and an online tile layer, from a local server

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005"
    "0001ff5ca2b5a90000000049454e44ae426082")


class _Server:
    def __init__(self, routes: dict[str, tuple[str, bytes]]) -> None:
        self.routes = routes
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append(self.path)
                key = "/tiles/" if self.path.startswith("/tiles/") else self.path
                if key not in server.routes:
                    self.send_error(404)
                    return
                ctype, body = server.routes[key]
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[[dict[str, tuple[str, bytes]]], _Server]]:
    servers: list[_Server] = []

    def _serve(routes: dict[str, tuple[str, bytes]]) -> _Server:
        servers.append(_Server(routes))
        return servers[-1]

    yield _serve
    for s in servers:
        s.close()


def test_report_api_mode_fetches_report_data(open_page: Callable[..., Opened], serve: Callable[..., _Server],
                                             tmp_path: Path) -> None:
    payload = synthetic_payload(N_EVENTS, seed=21)
    page = render_report({"events": []}, settings=Settings(), api="/api")
    server = serve({"/": ("text/html; charset=utf-8", page.encode()),
                    "/api/report-data": ("application/json", json.dumps(payload).encode())})
    r = open_page(server.url + "/")
    assert "/api/report-data" in server.hits
    assert _count(r) == N_EVENTS
    assert r.eval("document.querySelectorAll('path.fw-marker').length") == len(_located(payload))
    r.shot(tmp_path / "api.png")
    assert r.errors == []


def test_report_api_mode_error_is_shown(open_page: Callable[..., Opened], serve: Callable[..., _Server]) -> None:
    page = render_report({}, settings=Settings(), api="/missing")
    server = serve({"/": ("text/html; charset=utf-8", page.encode())})
    r = open_page(server.url + "/")
    assert r.eval("document.documentElement.dataset.ready") == "error"
    assert "404" in r.page.locator(".fatal-error").inner_text()


def test_report_online_tiles_only_from_the_tile_host(open_report: Callable[..., Opened],
                                                     serve: Callable[..., _Server]) -> None:
    server = serve({"/tiles/": ("image/png", PNG_1X1)})
    tile_url = server.url + "/tiles/{z}/{x}/{y}.png"
    payload = synthetic_payload(10, seed=2, tile_url=tile_url)
    r = open_report(payload, settings=Settings(tile_url=tile_url))
    expect(r.page.locator("img.leaflet-tile-loaded").first).to_be_visible()
    outside = [u for u in r.requests if not u.startswith(("file:", "data:", server.url + "/tiles/"))]
    assert outside == []
    assert any(h.startswith("/tiles/") for h in server.hits)
    assert r.eval("document.querySelectorAll('.leaflet-overlay-pane canvas').length") == 0
