from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from frontwatch.cli.main import app
from frontwatch.export import OUTPUT_FILES

runner = CliRunner()
ARTICLE = ("KALMA, March 12 (Test Wire) - Government troops retook the town of Kalma on Tuesday after two days of "
           "fighting with rebels, a military spokesman said. At least 12 people were killed.")


def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text(ARTICLE)
    (d / "two.jsonl").write_text(json.dumps({"id": "j1", "text": ARTICLE.replace("12", "14")}) + "\n{broken\n")
    (d / "empty.txt").write_text("")
    return d


def test_analyze_writes_every_output_and_lists_skips(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(_corpus(tmp_path)), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    for name in OUTPUT_FILES:
        assert (out / name).exists(), name
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert sorted(d["doc_id"] for d in docs) == ["j1", "one"]
    summary = json.loads((out / "summary.json").read_text())
    reasons = {(Path(s["path"]).name, s["line"], s["code"]) for s in summary["skipped"]}
    assert ("two.jsonl", 2, "FW106") in reasons and ("empty.txt", None, "FW103") in reasons
    for name in ("events.jsonl", "places.jsonl"):
        for line in (out / name).read_text().splitlines():
            json.loads(line)
    json.loads((out / "events.geojson").read_text())
    json.loads((out / "framing.json").read_text())


def test_analyze_twice_is_idempotent(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--quiet"])
    result = runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--json"])
    summary = json.loads(result.stdout)
    assert summary["inputs"]["added"] == 0 and summary["inputs"]["duplicates"] == 2
    assert summary["documents"] == 2 and summary["documents_processed_this_run"] == 0


def test_analyze_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    result = runner.invoke(app, ["analyze", str(tmp_path / "bad.txt"), "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 2


def test_ingest_then_analyze_db(tmp_path: Path) -> None:
    db = tmp_path / "fw.db"
    r1 = runner.invoke(app, ["ingest", str(_corpus(tmp_path)), "--db", str(db), "--json"])
    assert r1.exit_code == 0 and json.loads(r1.stdout)["added"] == 2
    r2 = runner.invoke(app, ["analyze", "--db", str(db), "--out", str(tmp_path / "o"), "--json"])
    assert r2.exit_code == 0 and json.loads(r2.stdout)["documents_analysed"] == 2


def test_meta_option_and_bad_meta_is_one_line(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,outlet,published\none,Test Wire,2024-03-13\n")
    out = tmp_path / "o"
    assert runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--meta", str(meta), "-q"]).exit_code == 0
    doc = next(json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines() if '"one"' in x)
    assert doc["published"] == "2024-03-13" and doc["published_from"] == "metadata" and doc["outlet"] == "Test Wire"


def test_help_for_every_command() -> None:
    for cmd in ([], ["analyze"], ["ingest"]):
        result = runner.invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
