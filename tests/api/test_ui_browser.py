"""The served UI in headless Chromium (issue 9 part 5, issue 11 part 5): `frontwatch serve` in a subprocess,
the page loading /api/report-data, markers and cards rendered, a source quote on click, and the report
tests' hostile payload stored in the database and served: nothing in it ever runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from frontwatch.report.synthetic import synthetic_payload
from tests.api.payload_store import store_payload
from tests.api.server import Served, served
from tests.report.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, READY_TIMEOUT_MS, Opened
from tests.report.hostile import IMG_ONERROR, hostile_payload

pytestmark = pytest.mark.browser
N_EVENTS = 30


@pytest.fixture(scope="module")
def api_browser() -> Iterator[Any]:
    """Chromium for this module only, closed at its end. (tests/report's `browser` fixture is session-scoped
    in tests/report/conftest.py, invisible here; two sync Playwright sessions cannot be open at once in one
    thread, so when that one is already running this module is skipped: run it alone, or first.)"""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)")
    from playwright.sync_api import Error, sync_playwright

    try:
        pw = sync_playwright().start()
    except Error as exc:
        pytest.skip(f"another Playwright session is open in this process: {exc}")
    b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def open_page(api_browser: Any) -> Iterator[Callable[[str], Opened]]:
    contexts: list[Any] = []

    def _open(url: str) -> Opened:
        ctx = api_browser.new_context(viewport=DESKTOP)
        contexts.append(ctx)
        page = ctx.new_page()
        opened = Opened(page)

        def on_dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: opened.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: opened.errors.append(f"console.{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("request", lambda r: opened.requests.append(r.url))
        page.goto(url)
        page.wait_for_selector("html[data-ready]", timeout=READY_TIMEOUT_MS)
        return opened

    yield _open
    for ctx in contexts:
        ctx.close()


def _located(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in payload["events"] if e["latitude"] is not None and e["longitude"] is not None]


def _only_the_server(opened: Opened, server: Served) -> None:
    outside = [u for u in opened.requests if not u.startswith((server.url, "data:", "about:"))]
    assert outside == [], f"the served UI made requests elsewhere: {outside[:5]}"


@pytest.fixture(scope="module")
def synthetic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, dict[str, Any]]]:
    path = tmp_path_factory.mktemp("ui") / "fw.db"
    payload = synthetic_payload(N_EVENTS, seed=21)
    store_payload(path, payload)
    with served(path, path.with_name("server.log")) as server:
        yield server, payload


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path = tmp_path_factory.mktemp("ui-hostile") / "fw.db"
    store_payload(path, hostile_payload())
    with served(path, path.with_name("server.log")) as server:
        yield server


@pytest.mark.parametrize("page_path", ["/", "/ui"])
def test_ui_served_renders_markers_cards_and_quotes(open_page: Callable[..., Opened],
                                                    synthetic_server: tuple[Served, dict[str, Any]],
                                                    tmp_path: Path, page_path: str) -> None:
    server, payload = synthetic_server
    r = open_page(server.url + page_path)
    assert server.url + "/api/report-data" in r.requests
    assert r.eval("document.querySelectorAll('path.fw-marker').length") == len(_located(payload))
    assert r.eval("document.querySelectorAll('#fw-cards .card').length") == N_EVENTS
    ev = _located(payload)[3]
    r.page.locator(f'path.fw-marker[data-event-id="{ev["event_id"]}"]').dispatch_event("click")
    card = r.page.locator(f'#fw-cards .card[data-event-id="{ev["event_id"]}"]')
    card.locator(".card-body").wait_for(state="visible")
    assert card.locator(".quote mark").all_inner_texts()[0] == ev["sources"][0]["sentence"]
    r.shot(tmp_path / "served.png")
    assert r.errors == [] and r.dialogs == []
    _only_the_server(r, server)


def test_ui_served_hostile_input_never_executes(open_page: Callable[..., Opened],
                                                hostile_server: Served, tmp_path: Path) -> None:
    r = open_page(hostile_server.url + "/ui")
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
    assert r.eval("document.querySelectorAll('script:not([type=\"application/json\"])').length") == 1  # the app
    assert r.eval("document.querySelectorAll('img, iframe, object, embed, svg [onload]').length") == 0
    assert r.eval("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                  ".some(a => a.name.startsWith('on'))).length") == 0
    links = "a[href]:not(.leaflet-control-zoom-in):not(.leaflet-control-zoom-out)"
    hrefs = r.eval(f"[...document.querySelectorAll('{links}')].map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert IMG_ONERROR in page.locator("#fw-cards .actor").all_inner_texts()
    assert r.errors == []
    r.shot(tmp_path / "served-hostile.png")
    _only_the_server(r, hostile_server)
