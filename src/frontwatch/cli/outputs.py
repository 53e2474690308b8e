"""``frontwatch report``, ``frontwatch export`` and ``frontwatch show``: outputs from an existing database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from frontwatch.cli.ui import fail, out
from frontwatch.config import load_settings

DbArg = Annotated[Path, typer.Option("--db", help="The frontwatch database (SQLite).", exists=True, dir_okay=False)]


def _store(db: Path) -> Any:
    from frontwatch.store.db import Store

    return Store(db)


def report(
    db: DbArg,
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Where to write the report.")] = Path("report.html"),
    tile_url: Annotated[str | None, typer.Option("--tile-url", help="Online map tiles instead of the offline "
                                                 "basemap.")] = None,
) -> None:
    """Write the situation report (one self-contained HTML file) for a database."""
    from frontwatch.report.build import build_report
    from frontwatch.store import queries

    settings = load_settings().replace(tile_url=tile_url)
    with _store(db) as store:
        row = store.db.execute("SELECT summary FROM runs WHERE summary IS NOT NULL ORDER BY started_at DESC LIMIT 1"
                               ).fetchone()
        summary = json.loads(row[0]) if row else {"documents": queries.count_documents(store.db)}
        out_path.parent.mkdir(parents=True, exist_ok=True)
        build_report(store, out_path, settings=settings, summary=summary)
    out.print(f"report: [bold]{escape(str(out_path))}[/]")


FORMATS = ("jsonl", "csv", "geojson", "parquet")


def export(
    db: DbArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv (ACLED columns), geojson or parquet.")]
    = "jsonl",
    what: Annotated[str, typer.Option("--what", help="events, documents or places (csv/geojson: events only).")]
    = "events",
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Output file.")] = Path("events.jsonl"),
) -> None:
    """Export events, documents or places from a database."""
    from frontwatch.export.formats import export_table

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", 2)
    if what not in ("events", "documents", "places"):
        fail(f"unknown table {what!r}: use events, documents or places", 2)
    if fmt in ("csv", "geojson") and what != "events":
        fail(f"--format {fmt} exports events only", 2)
    with _store(db) as store:
        n = export_table(store, what, fmt, out_path)
    out.print(f"{n} {what} -> [bold]{escape(str(out_path))}[/]")


def show(
    event_id: Annotated[str, typer.Argument(help="An event_id from events.jsonl (or a unique prefix).")],
    db: DbArg,
) -> None:
    """Show one event as a readable card: what, where, when, who, toll, sources and contradictions."""
    from frontwatch.store import queries

    with _store(db) as store:
        events = [e for e in queries.iter_events(store.db) if e.event_id.startswith(event_id)]
    if not events:
        fail(f"no event {event_id!r} in {db}", 2)
    if len(events) > 1:
        fail(f"{event_id!r} matches {len(events)} events: give more of the id", 2)
    ev = events[0]
    t = Table(show_header=False, box=None, pad_edge=False)
    t.add_row("type", f"{ev.event_type} / {ev.sub_event_type}")
    precision = {1: "day", 2: "week", 3: "month"}.get(ev.time_precision, "?")
    t.add_row("date", f"{ev.event_date or 'unknown'} (precision: {precision})")
    where = ", ".join(x for x in (ev.location, ev.admin1, ev.country) if x) or "unknown"
    coords = f" [{ev.latitude:.4f}, {ev.longitude:.4f}]" if ev.latitude is not None and ev.longitude is not None else ""
    t.add_row("place", escape(where + coords))
    t.add_row("actors", escape(" vs ".join(x for x in (ev.actor1, ev.actor2) if x) or "unknown"))
    if ev.fatalities is not None:
        rng = f" (sources: {ev.fatalities_range[0]}-{ev.fatalities_range[1]})" if ev.fatalities_range else ""
        t.add_row("fatalities", f"{ev.fatalities}{rng}")
    if ev.claimed_by:
        t.add_row("claimed by", escape(ev.claimed_by))
    t.add_row("sources", escape(ev.corroboration))
    for c in ev.contradictions:
        vals = "; ".join(f"{v.value} ({', '.join(v.doc_ids)})" for v in c.values)
        t.add_row("[red]contradiction[/]", escape(f"{c.field}: {vals}"))
    for conf in ev.confirmations:
        t.add_row("[green]confirmed[/]", escape(conf))
    out.print(Panel(t, title=escape(ev.event_id), subtitle=escape(ev.notes[:100])))
    for s in ev.sources:
        out.print(f"  [bold]{escape(s.outlet or s.doc_id)}[/] ({escape(s.doc_id)}): {escape(s.sentence)}")
