"""CASE-2021 Task 2 harness: reading, splitting, scoring (checked against scikit-learn), and the quality gate on
the real benchmark (read in place from the shared data folder; skipped when absent)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from frontwatch.errors import InputError
from frontwatch.evaluation.case2021 import (
    evaluate,
    load_case,
    markdown,
    restricted_argmax,
    score,
    split,
)
from frontwatch.pipeline.extract.classifier import FORMAT_VERSION, EventClassifier
from frontwatch.pipeline.extract.labels import ACLED_CASE_CODES, CASE_CODES, LABELS
from tests.conftest import SHARED_DATA, needs_data

BASELINE = Path(__file__).resolve().parents[1] / "eval" / "events_baseline.json"

TSV = (
    "id\tEventSnippet\tSubType\n"
    "1\tWarplanes struck the town.\tAIR_STRIKE\n"
    "2\tPolice arrested two men.\tARREST\n"
    "3\tThe ministers met in Rome.\tDIPLO\n"
    "4\tA flood hit the valley.\tNATURAL_DISASTER\n"
    "x5\tbad id\tARREST\n"
    "6\tunknown code\tBOMBING\n"
    "7\t\tARREST\n"
    "8\ttoo\tmany\tcolumns\n"
    "\n"
)


def _write(tmp_path: Path, text: str = TSV) -> Path:
    path = tmp_path / "test_with_labels.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_case_reads_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    rows, skipped = load_case(_write(tmp_path))
    assert [(r.id, r.code) for r in rows] == [(1, "AIR_STRIKE"), (2, "ARREST"), (3, "DIPLO"), (4, "NATURAL_DISASTER")]
    assert [s.line for s in skipped] == [6, 7, 8, 9]
    assert "unknown code 'BOMBING'" in skipped[1].reason


def test_load_case_accepts_folder(tmp_path: Path) -> None:
    _write(tmp_path)
    assert len(load_case(tmp_path)[0]) == 4


def test_load_case_missing_file_or_bad_header(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_case(tmp_path / "nope.tsv")
    with pytest.raises(InputError, match="header"):
        load_case(_write(tmp_path, "a\tb\tc\n1\tx\tARREST\n"))


def test_split_odd_dev_even_held_out(tmp_path: Path) -> None:
    dev, held = split(load_case(_write(tmp_path))[0])
    assert [r.id for r in dev] == [1, 3] and [r.id for r in held] == [2, 4]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_score_matches_sklearn(seed: int) -> None:
    from sklearn.metrics import accuracy_score, f1_score

    rng = random.Random(seed)
    codes = list(CASE_CODES)[:8]
    gold = [rng.choice(codes) for _ in range(200)]
    pred = [g if rng.random() < 0.6 else rng.choice([*codes, "OTHER"]) for g in gold]
    s = score(gold, pred)
    assert s.weighted_f1 == pytest.approx(f1_score(gold, pred, average="weighted", zero_division=0))
    present = sorted(set(gold))
    assert s.macro_f1 == pytest.approx(f1_score(gold, pred, labels=present, average="macro", zero_division=0))
    assert s.accuracy == pytest.approx(accuracy_score(gold, pred))


def test_score_perfect_and_empty() -> None:
    assert score(["ARREST", "DIPLO"], ["ARREST", "DIPLO"]).weighted_f1 == 1.0
    assert score([], []).weighted_f1 == 0.0
    with pytest.raises(ValueError):
        score(["ARREST"], [])


def test_restricted_argmax_ignores_no_event_and_other_codes() -> None:
    probs = np.zeros((1, len(LABELS)))
    probs[0, LABELS.index("No event")] = 0.9
    probs[0, LABELS.index("Diplomatic event")] = 0.06
    probs[0, LABELS.index("Arrests")] = 0.04
    assert restricted_argmax(probs, LABELS, list(CASE_CODES)) == ["DIPLO"]
    assert restricted_argmax(probs, LABELS, ACLED_CASE_CODES) == ["ARREST"]


def _fixed(label: str) -> EventClassifier:
    bias = np.zeros(len(LABELS), dtype=np.float32)
    bias[LABELS.index(label)] = 3.0
    arrays: dict[str, Any] = {"W0": np.zeros((384, len(LABELS)), np.float32), "b0": bias}
    return EventClassifier(arrays, {"format_version": FORMAT_VERSION, "labels": list(LABELS), "layers": 1})


def test_evaluate_scores_both_halves(tmp_path: Path) -> None:
    report = evaluate(_write(tmp_path), _fixed("Arrests"))
    assert report.dev["all30"].n == 2 and report.held_out["all30"].n == 2
    assert report.held_out["all30"].accuracy == 0.5  # the ARREST row is right, the flood is not
    assert report.dev["acled25"].n == 1 and report.held_out["acled25"].n == 1
    assert len(report.skipped) == 4 and report.sentences_per_s > 0
    table = markdown(report)
    assert "| held-out (even ids) | all30 | 2 |" in table
    assert json.loads(json.dumps(report.as_dict()))["held_out"]["all30"]["n"] == 2


@pytest.mark.slow
@needs_data("case2021-task2")
def test_case2021_quality_gate() -> None:
    """Held-out and development weighted F1 of the bundled classifier stay above the pinned floors."""
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))
    report = evaluate(SHARED_DATA / "case2021-task2")
    for half, scores in (("dev", report.dev), ("held_out", report.held_out)):
        for key, floor in floors[half].items():
            got = scores[key].weighted_f1
            assert got >= floor, f"CASE-2021 {half} {key} weighted F1 {got:.4f} < floor {floor}"
