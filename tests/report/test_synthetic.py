"""The synthetic payload generator: deterministic, internally consistent, valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

from frontwatch.report.synthetic import main, synthetic_payload


def test_synthetic_payload_is_deterministic() -> None:
    a, b = synthetic_payload(30, seed=5), synthetic_payload(30, seed=5)
    a.pop("generated_at"), b.pop("generated_at")
    assert a == b
    assert synthetic_payload(30, seed=6)["events"] != a["events"]


def test_synthetic_payload_offsets_and_references_hold() -> None:
    payload = synthetic_payload(80, seed=11)
    docs = {d["doc_id"]: d for d in payload["documents"]}
    assert len(payload["events"]) == 80
    for ev in payload["events"]:
        assert ev["sources"] and ev["independent_sources"] <= len(ev["sources"])
        for src in ev["sources"]:
            assert docs[src["doc_id"]]["text"][src["start"]:src["end"]] == src["sentence"]
        if ev["fatalities_range"]:
            low, high = ev["fatalities_range"]
            assert low <= high and (low == high) == (not ev["contradictions"])
    for p in payload["places"]:
        assert docs[p["doc_id"]]["text"][p["start"]:p["end"]] == p["text"]
    for g in payload["syndication"]["groups"]:
        assert len(g["members"]) >= 2 and all(m in docs for m in g["members"])
        texts = {docs[m]["text"] for m in g["members"]}
        assert len(texts) == 1
    for outlet in payload["framing"]["outlets"].values():
        for actor in outlet["actors"].values():
            for label in actor["labels"]:
                for ex in label["examples"]:
                    assert docs[ex["doc_id"]]["text"][ex["start"]:ex["end"]] == ex["sentence"]
    json.dumps(payload, allow_nan=False)


def test_synthetic_payload_zero_events() -> None:
    payload = synthetic_payload(0)
    assert payload["events"] == [] and payload["documents"] == []


def test_synthetic_main_writes_a_report(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main([str(out), "--events", "5"]) == 0
    assert 'id="fw-data"' in out.read_text(encoding="utf-8")
