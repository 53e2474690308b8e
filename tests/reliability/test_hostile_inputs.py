"""Hostile inputs (issue 11, part 2): generated in the test, never stored in the repository.

``frontwatch analyze`` over the whole hostile corpus plus a few good articles must exit 0, list every
unreadable input in summary.json ``skipped`` with its specific code, process the rest safely, and stay
within a time and memory bound; each input is also measured alone (wall time and peak RSS of a forked
child, tests/reliability/measure.py).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontwatch.export import OUTPUT_FILES
from tests.conftest import ROOT
from tests.reliability.cli import command, run
from tests.reliability.corpus import Hostile, write_good_few, write_hostile_corpus

log = logging.getLogger(__name__)

# Bounds for the whole run and for each input alone. Measured on a 2-core machine shared with other
# test runs (docs/reliability.md): the run takes ~50-60 s and ~1.2 GB, most of it the 20 MB one-line file;
# the bounds are about twice that, so a regression to the minutes the readers and the cleaner used to
# take on these inputs fails loudly without load noise failing the suite.
RUN_MAX_S = 180
RUN_MAX_RSS_MB = 2_500
# One input alone: every input but the ones in SLOW_INPUTS stays under these (measured: < 5 s, < 50 MB
# of growth over the loaded models); SLOW_INPUTS are held to the looser bound until the stages they
# reach have a per-document budget (see test_stage_budgets.py).
DOC_MAX_S = 20
DOC_MAX_GROWTH_MB = 300
SLOW_INPUTS = {"single_line_20mb.txt": (120, 1_500)}  # (seconds, MB): the geo stage reads all 20 MB
# Notes that must be attached to documents read from damaged inputs (processed safely, and said so).
EXPECTED_NOTES = {
    "nul_bytes": ("removed 5 NUL characters",),
    "utf16_nobom": ("without a byte-order mark",),
    "invalid_utf8": ("not valid UTF-8",),
    "control_chars": ("removed control characters",),
    "big-title": ("title cut to",),
    "tags_100k": ("elements, more than the",),
    "single_line_20mb": ("max_nlp_chars", "not analysed"),  # the language layer's text cap
}


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Iterator[tuple[Path, list[Hostile], list[str]]]:
    """The corpus (~75 MB), removed after the test: pytest keeps the last runs' temporary folders."""
    folder = tmp_path / "in"
    cases = write_hostile_corpus(folder)
    good = write_good_few(folder)
    yield folder, cases, good
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.usefixtures("gazetteer_built")
def test_hostile_inputs_analyze_exits_0_and_accounts_for_every_input(
    tmp_path: Path, hostile_dir: tuple[Path, list[Hostile], list[str]]
) -> None:
    folder, cases, good = hostile_dir
    out = tmp_path / "out"
    result = run(command("analyze", str(folder), "--out", str(out), "-q"), tmp_path / "analyze.log")
    assert result.returncode == 0, result.output[-3000:]
    assert "Traceback" not in result.output

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    skipped = {(Path(s["path"]).name, s["line"]): s for s in summary["skipped"]}
    docs = {d["doc_id"]: d for d in _lines(out / "documents.jsonl")}
    for case in cases:
        if case.skip_code:
            entry = skipped.get((case.name, case.skip_line))
            assert entry is not None, f"{case.name} ({case.what}) is not listed in summary.json skipped"
            assert entry["code"] == case.skip_code, (case.name, entry)
            assert len(entry["reason"]) > 15, entry  # a specific reason, not a bare code
        for doc_id in case.doc_ids:
            assert doc_id in docs, f"{case.name} ({case.what}): document {doc_id!r} was not stored"
            assert docs[doc_id]["text"].strip(), f"{doc_id}: no text after cleaning"
    for doc_id in good:
        assert docs[doc_id]["text"].strip() and not docs[doc_id]["skipped_stages"], doc_id
    for doc_id, notes in EXPECTED_NOTES.items():
        assert any(n in e for e in docs[doc_id]["errors"] for n in notes), (doc_id, docs[doc_id]["errors"])
    assert len(docs["big-title"]["title"]) <= 2_000
    expected_docs = {d for c in cases for d in c.doc_ids} | set(good) | {"ok"}  # "ok": line 1 of the gzip bomb
    assert set(docs) == expected_docs
    assert summary["documents_analysed"] >= len(good)

    for name in OUTPUT_FILES:
        assert (out / name).is_file(), name
    for name in ("events.jsonl", "places.jsonl"):
        _lines(out / name)
    json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    (out / "report.html").read_text(encoding="utf-8")  # valid UTF-8: no lone surrogate reached an output

    assert result.wall_s < RUN_MAX_S and result.peak_rss_mb < RUN_MAX_RSS_MB, (result.wall_s, result.peak_rss_mb)
    log.warning("hostile corpus: %d inputs (%d skipped, %d documents), analyze %.1f s, peak RSS %.0f MB; "
                "stage seconds %s", len(cases) + len(good), len(summary["skipped"]), len(docs), result.wall_s,
                result.peak_rss_mb, {k: v["seconds"] for k, v in summary["stages"].items()})
    shutil.rmtree(out, ignore_errors=True)  # ~120 MB; kept only when the test fails


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.usefixtures("gazetteer_built")
def test_hostile_inputs_each_alone_bounded_time_and_memory(
    tmp_path: Path, hostile_dir: tuple[Path, list[Hostile], list[str]]
) -> None:
    folder, _cases, _good = hostile_dir
    paths = sorted(str(p) for p in folder.iterdir())
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-m", "tests.reliability.measure", *paths], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(rows) == len(paths)
    figures = []
    for m in rows:
        name = Path(m["path"]).name
        assert m["failure"] is None, (name, m["failure"])
        max_s, max_mb = SLOW_INPUTS.get(name, (DOC_MAX_S, DOC_MAX_GROWTH_MB))
        assert m["wall_s"] < max_s, (name, m["wall_s"], m["stage_s"])
        assert m["growth_mb"] < max_mb, (name, m["growth_mb"])
        figures.append(f"{name}: {m['wall_s']:.2f} s, +{m['growth_mb']:.0f} MB")
    log.warning("hostile inputs alone: %s", "; ".join(figures))
