"""A seconds-long run of the benchmark harness on tiny data sets written here, plus its pure helpers.

The data sets mimic the layouts of the public ones (Reuters-21578 JSON lines in xz, FA-KES latin-1 CSV
in gzip, a geoparsing XML in xz); the texts are made up for this test.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
from pathlib import Path
from typing import Any

import pytest
from bench.corpus import e2e_corpus, iter_records, scale_corpus
from bench.e2e import E2ERun, foresee, median_run, phases, stage_shares
from bench.measure import Budget, Row, Section, repeat
from bench.perturb import variant
from bench.run import main
from bench.sources import ReadCounts, available, read_fakes, read_geoparsing, read_reuters
from bench.targets import judge

from bench import report

PLACES = ("Northport", "Eastvale", "Riverton", "Hillcrest", "Lakeside", "Stonebridge")
TOPICS = ("water supply", "school budget", "bridge repairs", "harbour expansion", "bus network", "power grid")


def _text(i: int) -> str:
    place, topic = PLACES[i % len(PLACES)], TOPICS[(i * 5) % len(TOPICS)]
    return (
        f"The council of {place} approved a new plan for the {topic} on Monday after a debate of {i + 2} hours. "
        f"Officials said the plan includes funds worth {i * 3 + 10} million for the next {i % 4 + 2} years.\n\n"
        f"Critics in {place} said the spending on the {topic} is too high and that local taxes will rise. "
        f"The mayor told reporters that work would begin in the spring and end before the winter of {1990 + i}."
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shared-data")
    (root / "reuters21578").mkdir()
    lines = [json.dumps({"newid": i, "date": "26-FEB-1987 15:01:01.79", "title": f"STORY {i}", "body": _text(i)})
             for i in range(1, 13)]
    lines.insert(3, "{not json")  # a malformed record is skipped, never fatal
    lines.append(json.dumps({"newid": 99, "body": "too short"}))
    with lzma.open(root / "reuters21578" / "reuters21578.jsonl.xz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    (root / "fa-kes").mkdir()
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["unit_id", "article_title", "article_content", "source", "date"])
    for i in range(4):
        w.writerow([100 + i, f"Report {i}", _text(20 + i).replace("\n\n", " "), "example", "5/18/17"])
    w.writerow(["", "no id", _text(1), "x", "1/1/17"])
    with gzip.open(root / "fa-kes" / "fakes.csv.gz", "wb") as gz:
        gz.write(buf.getvalue().encode("latin-1"))
    (root / "geoparsing").mkdir()
    arts = "".join(f'<article docid="{i}"><title>T{i}</title><dltime>2017-06-1{i}</dltime>'
                   f"<text>{_text(40 + i)}</text></article>" for i in range(3))
    with lzma.open(root / "geoparsing" / "TR-News.xml.xz", "wt", encoding="utf-8") as fh:
        fh.write(f'<?xml version="1.0" encoding="utf-8"?><articles>{arts}</articles>')
    return root


def test_sources_skip_bad_records(data_dir: Path) -> None:
    counts = ReadCounts()
    docs = list(read_reuters(data_dir, counts))
    assert len(docs) == 12 and counts.skipped == 1
    assert docs[0].published == "1987-02-26" and docs[0].doc_id == "reuters-1"
    fakes = list(read_fakes(data_dir))
    assert len(fakes) == 4 and fakes[0].published == "2017-05-18"
    assert len(list(read_geoparsing(data_dir, "tr-news"))) == 3
    assert list(read_geoparsing(data_dir, "lgl")) == []  # missing file: nothing, no error
    assert available(data_dir)["reuters"] and not available(data_dir)["lgl"]


def test_perturb_variant_deterministic_and_kinds() -> None:
    base = _text(3) + "\n\n" + _text(4)
    a, b = variant(base, 7, "copy"), variant(base, 7, "copy")
    assert a == b and a.text != base and a.words == len(a.text.split())
    copy_words = set(a.text.lower().split())
    rewrite = variant(base, 7, "rewrite")
    assert rewrite.text != a.text and rewrite.kind == "rewrite"
    assert len(copy_words & set(base.lower().split())) > 0.8 * len(set(base.lower().split()))
    assert variant("", 1, "copy").text == ""


def test_corpus_scale_ids_name_their_base_and_reuse(data_dir: Path, tmp_path: Path) -> None:
    c = scale_corpus(data_dir, tmp_path, 60)
    recs = list(iter_records(c.path))
    assert len(recs) == c.documents == 60 and c.originals + c.copies + c.rewrites == 60
    bases = {r["id"] for r in recs if "~" not in r["id"]}
    assert all(r["id"].split("~")[0] in bases for r in recs)
    assert scale_corpus(data_dir, tmp_path, 60).built_s == 0.0  # reused through its manifest
    e = e2e_corpus(data_dir, tmp_path, 20)
    assert e.documents == 20 and e.words > 0


def test_repeat_stops_when_budget_is_spent() -> None:
    calls: list[int] = []

    def fn() -> float:
        calls.append(1)
        return 1.0

    assert list(repeat(fn, 5, Budget(total_s=-1.0))) == [1.0] and len(calls) == 1
    assert len(repeat(fn, 3, Budget(total_s=60.0))) == 3


def _run(wall: float, workers: int, stages: dict[str, Any] | None = None) -> E2ERun:
    summary = {"timings_s": {"total": wall - 2.0, "documents": wall - 3.0}, "stages": stages or {}}
    return E2ERun("local", workers, 100, wall, wall, 900 * 1024 * 1024, 500 * 1024 * 1024, summary)


def test_e2e_stage_shares_and_phases() -> None:
    run = _run(10.0, 1, {"clean": {"seconds": 1.0, "docs_per_s": 5.0}, "nlp": {"seconds": 3.0}})
    shares = stage_shares(run.summary)
    assert shares["nlp"]["share"] == pytest.approx(0.75) and shares["clean"]["docs_per_s"] == 5.0
    assert phases(run)["start-up"] == pytest.approx(2.0)
    assert median_run([_run(9.0, 1), _run(12.0, 1), _run(10.0, 1)]).wall_s == 10.0


def test_e2e_foresee_scales_like_the_local_executor() -> None:
    runs = {("local", 1): [_run(200.0, 1)], ("local", 2): [_run(100.0, 2)]}
    assert foresee(runs, ("local", 2)) == 100.0
    assert foresee(runs, ("dask", 1)) == pytest.approx(1.6 * 200.0)
    runs[("dask", 1)] = [_run(300.0, 1)]
    assert foresee(runs, ("dask", 2)) == pytest.approx(150.0)
    assert foresee({}, ("local", 1)) is None


def test_targets_judge_met_and_not_met() -> None:
    e2e = Section("e2e", "e2e")
    e2e.add("analyze local, 2 workers: words/s", 7000.0, "words/s")
    e2e.add("analyze local, 2 workers: peak RSS", 1200.0, "MB")
    e2e.add("analyze dask, 2 workers: peak RSS", 1700.0, "MB")
    e2e.add("peak RSS growth, small -> full corpus", 5.0, "%")
    e2e.add("speed-up 1 -> 2 workers, local", 1.5, "x")
    yard = Section("yardstick", "y")
    yard.add("spaCy en_core_web_sm NER only", 10000.0, "words/s")
    verdicts = {t.name: t for t in judge(e2e, yard)}
    assert verdicts["end-to-end words/s incl. start-up, 2 cores"].met is True
    assert verdicts["ratio to spaCy-sm NER-only"].figure == pytest.approx(0.7)
    assert verdicts["peak RSS, independent of corpus size"].met is True
    assert "dask executor, 2 workers: 1,700 MB" in verdicts["peak RSS, independent of corpus size"].basis
    loaded = {t.name: t for t in judge(e2e, yard, loaded=True)}
    assert "LOADED" in loaded["speed-up 1 -> 2 workers"].basis
    assert verdicts["speed-up 1 -> 2 workers"].verdict == "not met"
    assert all(t.met is None for t in judge(None, None))


def test_report_markdown_escapes_cells() -> None:
    lines = report._rows_table([Row("x", "a|b", 1.5, "s", note="line\nbreak | pipe").as_dict()])
    assert "a\\|b" in lines[2] and "\n" not in lines[2] and "pipe" in lines[2]


def test_bench_smoke_run_writes_results(data_dir: Path, tmp_path: Path) -> None:
    code = main(["--plan", "smoke", "--out", str(tmp_path), "--data", str(data_dir)])
    assert code == 0
    results = json.loads((tmp_path / "results.json").read_text("utf-8"))
    md = (tmp_path / "results.md").read_text("utf-8")
    rows = {(r["measurement"], r["name"], r["unit"]): r for s in results["sections"] for r in s["rows"]}
    for key in [("reading", "read_source jsonl", "docs/s"), ("cleaning", "CleanStage plain text", "docs/s"),
                ("cleaning", "CleanStage HTML", "docs/s"),
                ("syndication", "signatures (tokenise + MinHash + band keys)", "docs/s"),
                ("syndication", "LSH queries (CandidateIndex.pairs)", "docs/s"),
                ("syndication", "detect (index + pairs + alignment + groups)", "docs/s")]:
        assert rows[key]["status"] == "ok" and rows[key]["value"] > 0, key
    assert rows[("syndication", "index size", "bytes/doc")]["value"] > 0
    statuses = {s["key"]: s["status"] for s in results["sections"]}
    assert statuses["language"] == "skipped" and statuses["yardstick"] == "skipped"
    assert results["machine"]["logical_cores"] >= 1 and "spacy" in results["machine"]["packages"]
    assert "## Targets" in md and "not measured" in md and "## Machine" in md
    assert (tmp_path / "work" / "scale-200.jsonl").is_file()


def test_bench_run_rejects_unknown_measurement(tmp_path: Path, data_dir: Path) -> None:
    assert main(["--plan", "smoke", "--out", str(tmp_path), "--data", str(data_dir), "--only", "nope"]) == 2
    assert main(["--plan", "smoke", "--out", str(tmp_path), "--data", str(tmp_path / "empty")]) == 2
