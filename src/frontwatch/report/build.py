"""Build ``report.html`` from the store: one self-contained file that works offline."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from frontwatch.config import Settings
from frontwatch.store import queries
from frontwatch.store.db import Store


def build_report(store: Store, path: Path, *, settings: Settings, summary: dict[str, Any]) -> None:
    docs = list(queries.iter_processed(store.db))
    rows = "\n".join(
        f"<tr><td>{html.escape(d.doc_id)}</td><td>{html.escape(d.outlet or '')}</td>"
        f"<td>{html.escape(d.title or '')}</td><td>{html.escape(d.published or '')}</td></tr>"
        for d in docs
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>frontwatch report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
</head><body><h1>frontwatch situation report</h1>
<p>{len(docs)} documents.</p>
<table><thead><tr><th>doc_id</th><th>outlet</th><th>title</th><th>published</th></tr></thead>
<tbody>{rows}</tbody></table></body></html>
"""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
