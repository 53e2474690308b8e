"""``GET /api`` (what this server holds and offers) and ``GET /api/docs`` (the OpenAPI description as a
plain HTML page: no JavaScript, no CDN; the machine-readable form is ``/api/openapi.json``)."""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from frontwatch import __version__
from frontwatch.api.deps import StateDep, reject_unknown_query
from frontwatch.api.routes._common import json_response
from frontwatch.api.schemas import IndexOut
from frontwatch.store import read

router = APIRouter(tags=["meta"])
DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
DOCS_CSS = """body{font:14px/1.5 system-ui,"DejaVu Sans",Arial,sans-serif;max-width:1000px;margin:0 auto;padding:16px;
color:#1f2933}h2{font-size:16px;margin:24px 0 4px}code{background:#eef1f4;padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{text-align:left;vertical-align:top;padding:3px 6px;
border-bottom:1px solid #dde2e8}.m{font-weight:700;color:#0b5cad}"""


@router.get("/api", dependencies=[Depends(reject_unknown_query)], response_model=IndexOut)
def api_index(state: StateDep, request: Request) -> Response:
    """Row counts and the endpoints of this server."""
    with state.pool.snapshot() as db:
        counts = read.counts(db)
    paths = sorted(request.app.openapi().get("paths", {}))
    return json_response(IndexOut(name="frontwatch", version=__version__, counts=counts,
                                  endpoints=["/api/openapi.json", "/api/docs", *paths]))


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _schema_text(schema: dict[str, Any]) -> str:
    parts = []
    for option in schema.get("anyOf", [schema]):
        if isinstance(option, dict) and option.get("type") != "null":
            parts.append(str(option.get("type") or option.get("$ref") or "").rsplit("/", 1)[-1])
    limits = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "maxLength", "pattern") if k in schema]
    for option in schema.get("anyOf", []):
        if isinstance(option, dict):
            limits += [f"{k} {option[k]}" for k in ("minimum", "maximum", "maxLength", "pattern") if k in option]
    default = f", default {schema['default']}" if "default" in schema and schema["default"] is not None else ""
    return " | ".join(parts) + (f" ({', '.join(limits)})" if limits else "") + default


def docs_html(spec: dict[str, Any]) -> str:
    """The OpenAPI description as HTML (every value escaped)."""
    info = spec.get("info", {})
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{_e(info.get('title'))} API</title>",
           f"<style>{DOCS_CSS}</style></head><body><h1>{_e(info.get('title'))} {_e(info.get('version'))}</h1>",
           f"<p>{_e(info.get('description'))}</p><p>Machine-readable: <a href='/api/openapi.json'>"
           "/api/openapi.json</a>. Every error answers "
           "<code>{\"error\": {\"code\", \"message\", \"details\"}}</code>.</p>"]
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict):
                continue
            out.append(f"<h2><span class='m'>{_e(method.upper())}</span> <code>{_e(path)}</code></h2>")
            out.append(f"<p><b>{_e(op.get('summary'))}</b>. {_e(op.get('description'))}</p>")
            params = op.get("parameters", [])
            if params:
                rows = "".join(
                    f"<tr><td><code>{_e(p.get('name'))}</code></td><td>{_e(p.get('in'))}</td>"
                    f"<td>{_e(_schema_text(p.get('schema', {})))}</td><td>{_e(p.get('description'))}</td></tr>"
                    for p in params if isinstance(p, dict))
                out.append("<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>"
                           f"{rows}</table>")
            codes = ", ".join(f"{_e(c)} {_e(r.get('description'))}" for c, r in op.get("responses", {}).items()
                              if isinstance(r, dict))
            out.append(f"<p>Answers: {codes}</p>")
    out.append("</body></html>")
    return "".join(out)


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return HTMLResponse(docs_html(request.app.openapi()), headers={"Content-Security-Policy": DOCS_CSP})
