"""Browser fixtures: Playwright driving Debian's Chromium on reports written to the test's tmp dir."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from frontwatch.config import Settings
from frontwatch.report.assets import STATIC_DIR
from frontwatch.report.build import render_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 800}
READY_TIMEOUT_MS = 15_000


def _skip_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    if not (STATIC_DIR / "app.js").exists():
        return f"report front-end not built in {STATIC_DIR} (run web/build.sh)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Opened:
    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def shot(self, path: Path) -> Path:
        self.page.screenshot(path=str(path))
        return path

    def eval(self, expr: str) -> Any:
        return self.page.evaluate(expr)


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Opened]]:
    contexts: list[Any] = []

    def _open(url: str, viewport: dict[str, int] | None = None) -> Opened:
        ctx = browser.new_context(viewport=viewport or DESKTOP)
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


@pytest.fixture
def open_report(open_page: Callable[..., Opened], tmp_path: Path) -> Callable[..., Opened]:
    """Write ``payload`` as report.html under tmp_path and open it from a file:// URL."""

    def _open(payload: dict[str, Any], *, settings: Settings | None = None, viewport: dict[str, int] | None = None,
              name: str = "report.html") -> Opened:
        path = tmp_path / name
        path.write_text(render_report(payload, settings=settings or Settings()), encoding="utf-8")
        return open_page(path.as_uri(), viewport)

    return _open
