"""render_html: escaping of untrusted text, the data blob, the CSP and the fallback list."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from frontwatch.report.assets import Assets
from frontwatch.report.render import (
    FALLBACK_MAX_EVENTS,
    content_security_policy,
    embed_json,
    render_html,
    tile_source,
)
from frontwatch.report.synthetic import synthetic_payload
from tests.report.hostile import BIG_TITLE_CHARS, CLOSE_SCRIPT, FRAGMENTS, JS_URL, hostile_payload

APP_JS = "document.title = 'app';"
ASSETS = Assets(js=APP_JS, css="body{color:#123}", basemap='{"type":"Topology","objects":{}}')


class Elements(HTMLParser):
    """Start tags and the text of each <script>, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script, self._buf = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buf)))
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._buf.append(data)


def parse(page: str) -> Elements:
    p = Elements()
    p.feed(page)
    p.close()
    return p


def csp_of(page: str) -> str:
    m = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert m, "no CSP meta tag"
    return m.group(1).replace("&#x27;", "'")


def test_embed_json_round_trips_and_cannot_close_the_script() -> None:
    data = {"t": "".join(FRAGMENTS) + " & > <", "n": [1, 2.5, None]}
    text = embed_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == data


def test_embed_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        embed_json({"x": float("nan")})


def test_render_hostile_payload_only_our_scripts_and_no_injected_tags() -> None:
    payload = hostile_payload()
    page = render_html(payload, assets=ASSETS, tile_url=None)
    doc = parse(page)
    ids = [attrs.get("id") for attrs, _ in doc.scripts]
    assert ids == ["fw-basemap", "fw-data", None]
    assert doc.scripts[-1][1] == APP_JS
    assert not [t for t, _ in doc.tags if t in ("img", "svg", "iframe", "object", "embed")]
    assert not [a for _, a in doc.tags if any(k.startswith("on") for k in a)]
    data_text = doc.scripts[1][1]
    assert json.loads(data_text) == json.loads(json.dumps(payload))
    assert len(json.loads(data_text)["documents"][0]["title"]) == BIG_TITLE_CHARS


def test_render_fallback_escapes_and_caps_text() -> None:
    page = render_html(hostile_payload(), assets=None, tile_url=None)
    doc = parse(page)
    assert [attrs.get("id") for attrs, _ in doc.scripts] == ["fw-data"]
    assert not [t for t, _ in doc.tags if t in ("img", "svg")]
    assert "&lt;img src=x onerror=" in page
    assert "web/build.sh" in page
    assert len(page) < 3 * BIG_TITLE_CHARS  # the 1 MB title sits once, in the data blob


def test_render_fallback_lists_at_most_the_cap() -> None:
    payload = synthetic_payload(FALLBACK_MAX_EVENTS + 20, seed=1)
    page = render_html(payload, assets=ASSETS, tile_url=None)
    noscript = page.split("<noscript>", 1)[1].split("</noscript>", 1)[0]
    assert noscript.count("<tr>") == FALLBACK_MAX_EVENTS + 1  # + the header row
    assert "20 more events" in noscript


def test_render_csp_pins_the_app_script_and_blocks_the_network() -> None:
    page = render_html(synthetic_payload(3), assets=ASSETS, tile_url=None)
    csp = csp_of(page)
    digest = base64.b64encode(hashlib.sha256(APP_JS.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "img-src data:;" in csp
    assert "unsafe-eval" not in csp and "script-src 'unsafe-inline'" not in csp


def test_render_csp_without_app_allows_no_script() -> None:
    assert "script-src 'none'" in csp_of(render_html(synthetic_payload(1), assets=None, tile_url=None))


def test_render_api_mode_fetches_instead_of_embedding() -> None:
    page = render_html({}, assets=ASSETS, tile_url=None, api="/api")
    assert '<body data-api="/api">' in page
    assert 'id="fw-data"' not in page
    assert "connect-src 'self'" in csp_of(page)


def test_render_tile_url_opens_only_its_host() -> None:
    page = render_html(synthetic_payload(1, tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"),
                       assets=ASSETS, tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src data: https://*.tiles.example.org;" in csp_of(page)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8080/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
        ("https://user@tiles.example.org/{z}/{x}/{y}", "https://tiles.example.org"),
        ("https://tiles-{s}.example.org/{z}/{x}/{y}.png", "https://*.example.org"),
        ("https://a.{s}.example.org/{z}/{x}/{y}.png", "https:"),
        (JS_URL, None),
        ("/relative/{z}/{x}/{y}.png", None),
        ("", None),
        (None, None),
    ],
)
def test_tile_source_cases(url: str | None, expected: str | None) -> None:
    assert tile_source(url) == expected


def test_content_security_policy_has_no_injection_from_tile_url() -> None:
    csp = content_security_policy([], tile_url="https://x.example.org;script-src *", api=None)
    assert "script-src 'none'" in csp and "script-src *" not in csp


def test_render_title_and_counts_in_head() -> None:
    page = render_html(synthetic_payload(5), assets=ASSETS, tile_url=None)
    assert "<title>frontwatch situation report — 5 events</title>" in page
    assert CLOSE_SCRIPT not in page


def test_render_rejects_app_js_that_cannot_be_inlined() -> None:
    bad = Assets(js="var s = '</script>';", css="", basemap=None)
    with pytest.raises(ValueError, match="rebuild"):
        render_html({}, assets=bad, tile_url=None)


def test_render_without_basemap_still_renders() -> None:
    page = render_html(synthetic_payload(2), assets=Assets(js=APP_JS, css="", basemap=None), tile_url=None)
    assert 'id="fw-basemap"' not in page and 'id="fw-data"' in page
