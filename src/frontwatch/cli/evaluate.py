"""``frontwatch eval ...``: the evaluation harnesses (gold sets and public benchmarks read in place)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from frontwatch.cli.ui import out

eval_app = typer.Typer(help="Evaluate frontwatch on gold sets and public benchmarks.", no_args_is_help=True)

DataOpt = Annotated[Path, typer.Option("--data", help="Folder of public evaluation data (read in place).")]
DEFAULT_DATA = Path("../shared/data")


def _print(result: Any, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(result, ensure_ascii=False, default=str))
    else:
        out.print(json.dumps(result, ensure_ascii=False, indent=2, default=str))


@eval_app.command("clean")
def clean(
    gold: Annotated[Path, typer.Argument(help="Folder of gold documents (NN_x.txt/.html + NN_x.gold.json).")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Block-level precision/recall of article text against a cleaning gold set."""
    from frontwatch.evaluation.clean import run_gold, summarise

    _print(summarise(run_gold(gold)), as_json)


@eval_app.command("syndication")
def syndication(data: DataOpt = DEFAULT_DATA, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Reuters-21578 exact-duplicate group recall, groups found beyond them, index bytes per document."""
    from frontwatch.evaluation.syndication import reuters

    _print(reuters(data / "reuters21578" / "reuters21578.jsonl.xz"), as_json)


@eval_app.command("geocoding")
def geocoding(
    data: DataOpt = DEFAULT_DATA,
    corpus: Annotated[list[str] | None, typer.Option("--corpus", help="lgl, tr-news, gwn, geovirus (repeatable; "
                                                      "default all).")] = None,
    end_to_end: Annotated[bool, typer.Option("--end-to-end/--resolution-only", help="Also score recognition + "
                                             "resolution.")] = True,
    ner: Annotated[bool, typer.Option("--ner", help="Give spaCy entities to the geocoder (end to end).")] = False,
    limit: Annotated[int | None, typer.Option(help="First N articles per corpus.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Write the table (markdown + JSON) here.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Geoparsing benchmarks (LGL, TR-News, GeoWebNews, GeoVirus): Acc@161 km, mean/median error, exact
    GeoNames id, given gold spans and end to end."""
    from frontwatch.config import load_settings
    from frontwatch.evaluation.geocoding import evaluate

    result = evaluate(data, load_settings(), corpora=corpus or None, end_to_end=end_to_end, ner=ner, limit=limit,
                      out_dir=out_dir)
    if as_json:
        _print(result if isinstance(result, dict) else {"result": str(result)}, True)
    else:
        table = result.get("table") if isinstance(result, dict) else None
        out.print(table or json.dumps(result, ensure_ascii=False, indent=2, default=str))


@eval_app.command("fakes")
def fakes(data: DataOpt = DEFAULT_DATA, limit: Annotated[int | None, typer.Option(help="First N articles.")] = None,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """FA-KES: extracted death counts against the per-article annotation."""
    from frontwatch.evaluation.fakes import evaluate

    _print(evaluate(data / "fa-kes" / "fakes.csv.gz", limit=limit), as_json)


@eval_app.command("ptc")
def ptc(data: DataOpt = DEFAULT_DATA, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """SemEval-2020 Task 11 (PTC): span P/R/F1 for Loaded Language and Name Calling, Labeling."""
    from frontwatch.evaluation.ptc import evaluate

    _print(evaluate(data / "ptc-semeval2020-task11" / "ptc_v2_train_dev.tar.xz"), as_json)


@eval_app.command("events")
def events(
    gold: Annotated[Path, typer.Argument(help="Folder of annotated articles (NNN_x.txt + NNN_x.json).")] = Path(
        "tests/eval/events_gold"),
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Sentence-level event detection (precision/recall), typing and field accuracy on annotated articles."""
    from frontwatch.evaluation.events_gold import evaluate

    _print(evaluate(gold), as_json)
