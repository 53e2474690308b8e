"""``frontwatch gazetteer ...``: build, inspect and extend the local gazetteer.

The lead registers it with ``app.add_typer(gazetteer_app, name="gazetteer")``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from frontwatch.cli.ui import err, fail, out
from frontwatch.config import Settings, load_settings
from frontwatch.errors import FrontwatchError

gazetteer_app = typer.Typer(
    help="Build, inspect and extend the local gazetteer (GeoNames dumps, your own CSV lists).",
    no_args_is_help=True,
)

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML settings file ([frontwatch] table).")]
HomeOpt = Annotated[Path | None, typer.Option("--home", help="Where the gazetteer lives (default: settings home, "
                                                             "$FRONTWATCH_HOME or ~/.cache/frontwatch).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _settings(config: Path | None, home: Path | None) -> Settings:
    settings = load_settings(config)
    return settings.replace(home=str(home)) if home is not None else settings


def _say(message: str) -> None:
    err.print(f"[dim]gazetteer:[/] {escape(message)}")


@gazetteer_app.command("build")
def build(
    force: Annotated[bool, typer.Option("--force", help="Rebuild even when the current version exists.")] = False,
    config: ConfigOpt = None,
    home: HomeOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
) -> None:
    """Build the bundled gazetteer (GeoNames cities500, countries, divisions, airfields, curated sites).

    It is built automatically on first use; run this to build it ahead of time or after an upgrade."""
    from frontwatch.geo.build import build_bundled

    settings = _settings(config, home)
    try:
        path = build_bundled(settings.resolved_home(), None if quiet else _say, force=force)
    except FrontwatchError as exc:
        fail(str(exc), 2)
        return
    out.print(str(path))


@gazetteer_app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="GeoNames dumps (allCountries.zip, SY.zip, cities1000.txt) or "
                                                    "CSV files with name, alternates, lat, lon, country, "
                                                    "feature_code columns.", show_default=False)],
    config: ConfigOpt = None,
    home: HomeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add places to your gazetteer; they are kept when the bundled gazetteer is rebuilt."""
    from frontwatch.geo.build import gazetteer_path
    from frontwatch.geo.imports import import_file

    settings = _settings(config, home)
    root = settings.resolved_home()
    reports = []
    failed = 0
    bundled = gazetteer_path(root)  # names the admin1 of GeoNames rows when it is built
    for path in paths:
        try:
            reports.append(import_file(path, root, bundled if bundled.is_file() else None))
        except FrontwatchError as exc:
            failed += 1
            err.print(f"[red]failed[/] {escape(str(path))}: {escape(str(exc))}")
    if as_json:
        out.print_json(json.dumps([r.__dict__ for r in reports]))
    else:
        table = Table("file", "format", "rows", "skipped")
        for r in reports:
            table.add_row(escape(r.path), r.format, str(r.rows), str(r.skipped))
        out.print(table)
        for r in reports:
            for reason in r.reasons[:10]:
                err.print(f"[yellow]skipped[/] {escape(r.path)} {escape(reason)}")
    raise typer.Exit(0 if reports and not failed else 2)


@gazetteer_app.command("download")
def download(
    codes: Annotated[list[str], typer.Argument(help="Two-letter country codes (SY IQ UA...) or allCountries, "
                                                    "cities500/1000/5000/15000.", show_default=False)],
    base_url: Annotated[str | None, typer.Option("--base-url", help="Where the GeoNames dumps are served "
                                                                    "(default: settings geonames_base_url).")] = None,
    config: ConfigOpt = None,
    home: HomeOpt = None,
) -> None:
    """Fetch GeoNames country dumps and import them into your gazetteer."""
    from frontwatch.geo.download import download as fetch_all

    settings = _settings(config, home)
    root = settings.resolved_home()
    try:
        reports = fetch_all(codes, root, base_url or settings.geonames_base_url,
                            on_file=lambda url: _say(f"fetching {url}"))
    except FrontwatchError as exc:
        fail(str(exc), 2)
        return
    for r in reports:
        out.print(f"{escape(r.path)}: {r.rows} places imported, {r.skipped} rows skipped")


@gazetteer_app.command("info")
def info(config: ConfigOpt = None, home: HomeOpt = None, as_json: JsonOpt = False) -> None:
    """Where the gazetteer is, its version, and how many places each layer holds."""
    import sqlite3

    from frontwatch.geo.build import gazetteer_path, user_db_path
    from frontwatch.geo.database import get_meta
    from frontwatch.geo.gazetteer import Gazetteer
    from frontwatch.geo.imports import list_imports

    settings = _settings(config, home)
    root = settings.resolved_home()
    path = gazetteer_path(root)
    data: dict[str, object] = {"home": str(root), "path": str(path), "built": path.is_file(),
                               "user_path": str(user_db_path(root)), "imports": list_imports(root)}
    if path.is_file():
        try:
            gaz = Gazetteer(path, user_db_path(root))
            data["layers"] = gaz.stats()
            data["meta"] = get_meta(gaz.conn)
            gaz.close()
        except (FrontwatchError, sqlite3.DatabaseError) as exc:
            fail(str(exc), 2)
            return
    if as_json:
        out.print_json(json.dumps(data, default=str))
        return
    out.print(f"gazetteer: {escape(str(path))}" + ("" if path.is_file() else " (not built yet: it is built on "
                                                                            "first use, or run `gazetteer build`)"))
    meta = data.get("meta")
    if isinstance(meta, dict):
        for key, value in meta.items():
            out.print(f"  {key}: {escape(str(value))}")
    layers = data.get("layers")
    if isinstance(layers, dict):
        table = Table("layer", "places")
        for layer, n in layers.items():
            table.add_row(layer, f"{n:,}")
        out.print(table)
    for imp in list_imports(root):
        out.print(f"  imported {escape(str(imp['path']))}: {imp['rows']} rows ({imp['skipped']} skipped) "
                  f"at {imp['imported_at']}")
