"""HTML for a report payload: one self-contained page (inlined JS, CSS, basemap and data).

Untrusted text reaches the page in two ways only: inside the JSON data blob (escaped so that it cannot
close its ``<script>`` element) and in the server-rendered fallback list (``html.escape``). A Content
Security Policy forbids every network request unless a tile server (or the live API) is configured,
and allows only the app's own inline script (by its SHA-256 hash), so an injected handler cannot run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

from frontwatch import __version__
from frontwatch.report.assets import BUILD_HINT, Assets

TEMPLATE_PATH = Path(__file__).parent / "templates" / "report.html"
# Events listed in the server-rendered fallback (no JavaScript); more would make the file heavy for
# no reader: the list is a last resort, the app shows everything.
FALLBACK_MAX_EVENTS = 500
FALLBACK_TEXT_CHARS = 300  # characters of a source sentence / title in the fallback list
# Characters that must not appear raw inside a <script> element's JSON: "<" (</script>, <!--), ">" and
# "&" (for good measure), and the two JavaScript line terminators.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                       0x2028: "\\u2028", 0x2029: "\\u2029"}

# Styles of the server-rendered fallback (kept apart from the app's CSS so it works unbuilt).
STATIC_CSS = """
.fw-static{font:14px/1.45 system-ui,"DejaVu Sans",Arial,sans-serif;color:#1f2933;max-width:1100px;margin:0 auto;
padding:16px}.fw-static table{border-collapse:collapse;width:100%;font-size:13px}.fw-static th,.fw-static td{
text-align:left;vertical-align:top;padding:4px 6px;border-bottom:1px solid #dde2e8;overflow-wrap:anywhere}
.fw-static .note{background:#fff1e6;color:#a3460a;padding:6px 10px;border-radius:6px}
"""


def embed_json(data: Any) -> str:
    """JSON text that is safe inside ``<script type="application/json">``: the escaped characters can
    only occur inside JSON strings, where ``\\uXXXX`` means the same character."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(JSON_SCRIPT_ESCAPES)


def script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def tile_source(tile_url: str | None) -> str | None:
    """The CSP source expression for a tile URL template (``https://{s}.tile.example.org/{z}/{x}/{y}.png``
    -> ``https://*.tile.example.org``), or None when the template is not an http(s) URL."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    labels = host.split(".")
    if labels and "{" in labels[0]:
        labels[0] = "*"
    host = ".".join(labels)
    if "{" in host or "}" in host or any(c in host for c in " ;,'\""):
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{host}"


def content_security_policy(script_hashes: list[str], *, tile_url: str | None, api: str | None) -> str:
    scripts = " ".join(script_hashes) if script_hashes else "'none'"
    img = ["data:"]
    if (tiles := tile_source(tile_url)) is not None:
        img.append(tiles)
    connect = "'self'" if api else "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src {' '.join(img)}; "
            f"connect-src {connect}; font-src 'none'; base-uri 'none'; form-action 'none'")


@cache
def _template() -> Template:
    return Template(TEMPLATE_PATH.read_text(encoding="utf-8"))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _cut(value: Any, n: int = FALLBACK_TEXT_CHARS) -> str:
    s = "" if value is None else str(value)
    return s if len(s) <= n else s[: n - 1] + "…"


def _event_row(ev: dict[str, Any]) -> str:
    if not isinstance(ev, dict):
        return ""
    actors = " vs ".join(str(a) for a in (ev.get("actor1"), ev.get("actor2")) if a)
    place = ", ".join(str(p) for p in (ev.get("location"), ev.get("admin1"), ev.get("country")) if p)
    sources = _list(ev.get("sources"))
    first = next((s for s in sources if isinstance(s, dict)), {})
    quote = f"{_cut(first.get('sentence'))} — {_cut(first.get('outlet'), 80)}" if first else ""
    cells = (ev.get("event_date") or "undated", ev.get("event_type"), place, actors, ev.get("fatalities"),
             ev.get("independent_sources"), quote)
    return "<tr>" + "".join(f"<td>{_e(_cut(c))}</td>" for c in cells) + "</tr>"


def fallback_html(payload: dict[str, Any], *, built: bool) -> str:
    """The server-rendered event list shown without JavaScript (or when the app is not built)."""
    events = _list(payload.get("events"))
    documents = _list(payload.get("documents"))
    shown = events[:FALLBACK_MAX_EVENTS]
    note = ("This static list is shown because JavaScript is off; the map, timeline and sources need it."
            if built else f"The interactive report was not built: {BUILD_HINT}.")
    rows = "\n".join(_event_row(ev) for ev in shown)
    more = (f"<p>… and {len(events) - len(shown)} more events (open the report with JavaScript on).</p>"
            if len(events) > len(shown) else "")
    table = ("<table><thead><tr><th>date</th><th>type</th><th>place</th><th>actors</th><th>fatalities</th>"
             f"<th>independent sources</th><th>first source</th></tr></thead><tbody>{rows}</tbody></table>"
             if shown else "<p>No events in this report.</p>")
    return (f'<div id="fw-static" class="fw-static"><h1>frontwatch situation report</h1>'
            f'<p class="note">{_e(note)}</p>'
            f"<p>Generated {_e(payload.get('generated_at'))} · {len(events)} events · {len(documents)} documents.</p>"
            f"{table}{more}</div>")


def render_html(payload: dict[str, Any], *, assets: Assets | None, tile_url: str | None,
                api: str | None = None) -> str:
    """The report page. With ``api`` the page loads its data from ``{api}/report-data`` instead of
    embedding ``payload`` (which then only feeds the fallback list)."""
    static = fallback_html(payload, built=assets is not None)
    if assets is not None:
        app_source = assets.js
        if "</script" in app_source.lower() or "<!--" in app_source:
            raise ValueError("app.js contains '</script' or '<!--' and cannot be inlined; rebuild it (web/build.sh)")
        scripts = [script_hash(app_source)]
        app_script = f"<script>{app_source}</script>"
        css = assets.css.replace("</style", "<\\/style")
        static = f"<noscript>{static}</noscript>"
    else:
        scripts, app_script, css = [], "", ""
    data_scripts = []
    if assets is not None and assets.basemap is not None:
        basemap = assets.basemap.strip().translate(JSON_SCRIPT_ESCAPES)
        data_scripts.append(f'<script type="application/json" id="fw-basemap">{basemap}</script>')
    if api is None:
        data_scripts.append(f'<script type="application/json" id="fw-data">{embed_json(payload)}</script>')
    events = _list(payload.get("events"))
    title = f"frontwatch situation report — {len(events)} events"
    return _template().substitute(
        csp=_e(content_security_policy(scripts, tile_url=tile_url, api=api)),
        version=_e(__version__),
        title=_e(title),
        static_css=STATIC_CSS,
        css=css,
        body_attrs=f' data-api="{_e(api)}"' if api is not None else "",
        static_block=static,
        data_scripts="\n".join(data_scripts),
        app_script=app_script,
    )
