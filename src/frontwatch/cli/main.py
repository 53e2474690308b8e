"""``frontwatch``: parse, call one library function, format. Every command has help.

Exit codes: 0 when at least one document was analysed (or the command succeeded), 2 when no document
was analysed or the command line is wrong, 1 on an internal error.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from frontwatch import __version__
from frontwatch.cli.ui import RichProgress, err, fail, out
from frontwatch.config import MB, Settings, load_settings
from frontwatch.errors import FrontwatchError

app = typer.Typer(
    name="frontwatch",
    help="Turn conflicting, partisan news reports about an armed conflict into a sourced situation picture.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

InputsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Files, directories (read recursively), globs, or - for standard input. Formats: .txt, "
                   ".html/.htm, .json, .jsonl, .csv/.tsv, each optionally .gz.", show_default=False),
]
DbOpt = Annotated[Path | None, typer.Option("--db", help="SQLite database (default: OUT/frontwatch.db).")]
MetaOpt = Annotated[Path | None, typer.Option("--meta", help="CSV or JSONL keyed by doc_id with outlet, published, "
                                               "url, title for inputs that lack them.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML settings file ([frontwatch] table).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or skipped-input lines.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the run summary as JSON on standard output.")]
VerboseOpt = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")]


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    from rich.logging import RichHandler

    logging.basicConfig(level=level, handlers=[RichHandler(console=err, show_path=False)], format="%(message)s",
                        force=True)


def _settings(config: Path | None, **overrides: Any) -> Settings:
    return load_settings(config).replace(**overrides)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"frontwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """frontwatch: clean articles, syndication, ACLED-style events, cross-checking and framing from news."""


@app.command()
def analyze(
    inputs: InputsArg = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory for the outputs (created).")] = Path("out"),
    db: DbOpt = None,
    meta: MetaOpt = None,
    config: ConfigOpt = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Worker processes.")] = None,
    executor: Annotated[str | None, typer.Option("--executor", help="local (default) or dask.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address to join.")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", help="Documents per batch.")] = None,
    max_file_mb: Annotated[float | None, typer.Option("--max-file-mb", help="Skip files larger than this "
                                                      "(default 20).")] = None,
    doc_time_budget: Annotated[float | None, typer.Option(
        "--doc-time-budget", help="Seconds a document may take in the per-document stages before it is skipped "
        "with reason 'timeout' (default 60; 0: no limit).")] = None,
    actors: Annotated[Path | None, typer.Option("--actors", help="Your own actor dictionary (YAML), added to "
                                                "the bundled one.")] = None,
    tile_url: Annotated[str | None, typer.Option("--tile-url", help="Online map tiles for the report, e.g. "
                                                 "https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                                                 "(default: offline basemap).")] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
    verbose: VerboseOpt = 0,
) -> None:
    """Analyse INPUTS and write documents, events, places, framing, summary and report.html to --out.

    The database (--db) is the corpus: documents already in it are kept, and the global stages
    (syndication, event merging, cross-checking, framing) run over all of them.
    """
    from frontwatch.runner import analyze as run_analyze

    _setup_logging(verbose)
    settings = _settings(
        config, workers=workers, executor=executor, scheduler=scheduler, batch_size=batch_size,
        max_file_bytes=int(max_file_mb * MB) if max_file_mb else None, actors_file=str(actors) if actors else None,
        tile_url=tile_url, doc_time_budget_s=doc_time_budget,
    )
    if not inputs and db is None:
        fail("give at least one INPUT, or --db with an existing database to re-analyse", 2)
    with RichProgress(quiet=quiet or as_json) as progress:
        result = run_analyze(list(inputs or []), out_dir, settings, db_path=db, meta_path=str(meta) if meta else None,
                             progress=progress, stdin=sys.stdin.buffer if inputs and "-" in inputs else None)
    summary = result.summary
    if as_json:
        out.print_json(json.dumps(summary, ensure_ascii=False))
    elif not quiet:
        _print_summary(summary, out_dir)
    raise typer.Exit(result.exit_code)


def _print_summary(summary: dict[str, Any], out_dir: Path) -> None:
    inputs = summary["inputs"]
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_row("documents", f"{summary['documents_analysed']} analysed ({inputs['added']} new, "
                  f"{inputs['duplicates']} already stored, {inputs['updated']} updated)")
    corpus = summary.get("corpus", {})
    if "syndication_groups" in corpus:
        table.add_row("syndication", f"{corpus['syndication_groups']} groups with copies")
    table.add_row("events", str(summary["outputs"].get("events.jsonl", 0)))
    table.add_row("places", str(summary["outputs"].get("places.jsonl", 0)))
    skipped = summary["skipped"]
    table.add_row("skipped", f"{len(skipped)} inputs" + (" (listed in summary.json)" if skipped else ""))
    if summary.get("skipped_stages"):
        table.add_row("partly skipped", ", ".join(f"{k} ({v})" for k, v in summary["skipped_stages"].items()))
    table.add_row("time", f"{summary['timings_s']['total']:.1f} s")
    out.print(table)
    out.print(f"outputs in [bold]{escape(str(out_dir))}[/]")
    out.print(f"report: [bold]{escape(str(out_dir / 'report.html'))}[/]")
    if not summary["documents_analysed"]:
        err.print("[yellow]no document was analysed[/] (exit code 2)")


@app.command()
def ingest(
    inputs: InputsArg = None,
    db: Annotated[Path, typer.Option("--db", help="SQLite database to add to (created).")] = Path("frontwatch.db"),
    meta: MetaOpt = None,
    config: ConfigOpt = None,
    max_file_mb: Annotated[float | None, typer.Option("--max-file-mb", help="Skip files larger than this.")] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
    verbose: VerboseOpt = 0,
) -> None:
    """Read INPUTS into the database without analysing them (incremental; re-running is safe)."""
    from frontwatch.runner import ingest_only

    _setup_logging(verbose)
    if not inputs:
        fail("give at least one INPUT", 2)
    settings = _settings(config, max_file_bytes=int(max_file_mb * MB) if max_file_mb else None)
    with RichProgress(quiet=quiet or as_json) as progress:
        result = ingest_only(list(inputs or []), db, settings, meta_path=str(meta) if meta else None,
                             progress=progress, stdin=sys.stdin.buffer if inputs and "-" in inputs else None)
    data = result.as_dict() | {"skipped_inputs": [s.describe() for s in result.skipped], "database": str(db)}
    if as_json:
        out.print_json(json.dumps(data, ensure_ascii=False))
    elif not quiet:
        out.print(f"{data['added']} added, {data['updated']} updated, {data['duplicates']} already stored, "
                  f"{data['skipped']} skipped -> {escape(str(db))}")
    stored = data["added"] + data["updated"] + data["renamed"] + data["duplicates"]
    raise typer.Exit(0 if stored else 2)


@app.command()
def classify(
    in_path: Annotated[Path, typer.Argument(help="JSON lines with {\"id\", \"text\"}.", exists=True, dir_okay=False)],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Where to write the predictions (JSON lines).")],
    quiet: QuietOpt = False,
) -> None:
    """Type each line's text with the sentence-level event classifier alone (ACLED event_type and
    sub_event_type, or a non-ACLED label, with a score)."""
    from frontwatch.pipeline.extract.classifier import classify_jsonl

    counts = classify_jsonl(in_path, out_path)
    if not quiet:
        out.print(", ".join(f"{k}: {v}" for k, v in counts.as_dict().items()))
    raise typer.Exit(0 if counts.as_dict().get("written", 1) else 2)


def serve_cmd(
    db: Annotated[Path, typer.Option("--db", help="The frontwatch database to serve.")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default loopback only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8765,
    cors_origin: Annotated[list[str] | None, typer.Option("--cors-origin", help="Allow browser calls from this "
                                                         "origin (repeatable); CORS is closed by default.")] = None,
    create: Annotated[bool, typer.Option("--create", help="Create an empty database if it does not exist.")] = False,
    reload: Annotated[bool, typer.Option("--reload", help="Reload on code changes (development).")] = False,
    config: ConfigOpt = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Serve the REST API (events, documents, outlets, places; POST documents) and the live report UI."""
    from frontwatch.cli.serve import serve

    _setup_logging(verbose)
    serve(db, host=host, port=port, cors_origins=tuple(cors_origin or ()), reload=reload, settings=_settings(config),
          create=create, log_level="debug" if verbose > 1 else "info")


def _register() -> None:
    from frontwatch.cli.evaluate import eval_app
    from frontwatch.cli.outputs import export, report, show

    app.command()(report)
    app.command()(export)
    app.command()(show)
    app.add_typer(eval_app, name="eval")
    try:
        from frontwatch.cli.gazetteer import gazetteer_app
    except ImportError:  # pragma: no cover - the geocoding package is optional in partial installs
        pass
    else:
        app.add_typer(gazetteer_app, name="gazetteer")
    app.command("serve")(serve_cmd)


_register()


def main() -> None:
    """Console entry point: domain errors become one line and a non-zero exit, never a traceback."""
    try:
        app()
    except FrontwatchError as exc:
        fail(str(exc), 2)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: re-run the same command to continue where it stopped")
        sys.exit(130)
    except Exception as exc:
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (re-run with -vv for the traceback)", 1)


if __name__ == "__main__":
    main()
