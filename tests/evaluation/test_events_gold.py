"""The event detection harness: reading annotated articles (bad ones skipped with a reason) and scoring
the real per-document stages against them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontwatch.errors import InputError
from frontwatch.evaluation.events_gold import evaluate, load_gold

ARTICLE = (
    "Rebels overrun army post\n\n"
    "Fighters of the Qadir Front attacked an army checkpoint near Mirza on Tuesday, killing 6 soldiers. "
    "Analysts say the group will likely push towards the capital next month.\n\n"
    "Please donate to keep our reporting independent.\n"
)
GOLD = {"published": "2024-05-08", "sentences": [
    {"text": "Fighters of the Qadir Front attacked an army checkpoint near Mirza on Tuesday, killing 6 soldiers.",
     "label": "Armed clash", "actor1": "Qadir Front", "place": None, "date": "2024-05-07", "fatalities": 6},
    {"text": "Analysts say the group will likely push towards the capital next month.", "label": "No event"},
    {"text": "Please donate to keep our reporting independent.", "label": "No event"},
]}


def _write(folder: Path, name: str, text: str, gold: object) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps(gold), encoding="utf-8")


def test_load_gold_skips_bad_articles_with_reasons(tmp_path: Path) -> None:
    _write(tmp_path, "001_ok", ARTICLE, GOLD)
    _write(tmp_path, "002_label", ARTICLE, {"sentences": [{"text": "Please donate", "label": "Bombing"}]})
    _write(tmp_path, "003_missing", ARTICLE, {"sentences": [{"text": "Not in the text.", "label": "No event"}]})
    (tmp_path / "004_nojson.txt").write_text("x", encoding="utf-8")
    articles, skipped = load_gold(tmp_path)
    assert [a.doc_id for a in articles] == ["001_ok"]
    reasons = {Path(s.path).stem: s.reason for s in skipped}
    assert "unknown label 'Bombing'" in reasons["002_label"]
    assert "not in the article text" in reasons["003_missing"]
    assert "004_nojson" in reasons
    with pytest.raises(InputError, match="not found"):
        load_gold(tmp_path / "absent")


def test_evaluate_scores_detection_typing_and_fields(tmp_path: Path) -> None:
    _write(tmp_path, "001_ok", ARTICLE, GOLD)
    result = evaluate(tmp_path)
    assert result["articles"] == 1 and result["gold_events"] == 1 and result["gold_no_event"] == 2
    det = result["detection"]
    assert det["true_positives"] + det["missed"] == 1
    assert det["true_positives"] == 1, result["missed_examples"]
    assert det["false_positives"] == 0, result["false_positive_examples"]
    assert result["fields"]["actor1"]["n"] == 1 and result["fields"]["actor1"]["accuracy"] == 1.0
    assert result["fields"]["fatalities"]["accuracy"] == 1.0


GOLD_DIR = Path(__file__).resolve().parents[1] / "eval" / "events_gold"
# Floors for the bundled gold set, ~0.03 under the figures measured when they were set (docs/evaluation.md).
FLOORS = {"detection_f1": 0.83, "sub_event_type_accuracy": 0.85, "actor1": 0.5, "date": 0.9, "place": 0.6}


def test_bundled_gold_set_is_consistent() -> None:
    import runpy

    validate = runpy.run_path(str(GOLD_DIR / "validate.py"))
    assert validate["main"]() == 0


def test_bundled_gold_set_quality_floor() -> None:
    result = evaluate(GOLD_DIR)
    assert result["skipped"] == []
    assert result["detection"]["f1"] >= FLOORS["detection_f1"], result["detection"]
    assert result["typing"]["sub_event_type_accuracy"] >= FLOORS["sub_event_type_accuracy"], result["typing"]
    assert result["fields"]["actor1"]["accuracy"] >= FLOORS["actor1"], result["fields"]
    assert result["fields"]["date"]["accuracy"] >= FLOORS["date"], result["fields"]
    assert result["fields"]["place"]["accuracy"] >= FLOORS["place"], result["fields"]
