"""Block-level precision and recall of article text against a cleaning gold set.

Gold format (``tests/eval/clean_gold/*.gold.json``): ``article`` = the article paragraphs, in order;
``comments`` = reader comments; ``title``, ``published``, ``origin``, ``outlet``. A predicted article
block is correct when it matches a gold paragraph (whitespace and quotes normalised), or when one is
contained in the other and they share at least ``CONTAINMENT`` of the longer one's characters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontwatch.config import Settings
from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.clean import CleanStage
from frontwatch.pipeline.ingest import Source, read_source
from frontwatch.records import Document, RawDocument

CONTAINMENT = 0.9


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return bool(short) and short in long_ and len(short) / len(long_) >= CONTAINMENT


@dataclass
class DocScore:
    name: str
    format: str
    predicted: int
    gold: int
    correct_pred: int
    found_gold: int
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    comments_gold: int = 0
    comments_found: int = 0
    checks: dict[str, bool] = field(default_factory=dict)


def score_document(name: str, doc: Document, gold: dict[str, Any]) -> DocScore:
    pred = [norm(p) for p in doc.text.split("\n\n") if p.strip()]
    want = [norm(p) for p in gold["article"] if p.strip()]
    correct_pred = sum(1 for p in pred if any(_match(p, g) for g in want))
    found = [g for g in want if any(_match(p, g) for p in pred)]
    missed = [g for g in want if g not in found]
    extra = [p for p in pred if not any(_match(p, g) for g in want)]
    gold_comments = [norm(c) for c in gold.get("comments", [])]
    pred_comments = norm(" ".join(doc.comments))
    checks = {}
    for key in ("title", "published", "origin", "outlet"):
        if gold.get(key):
            got = getattr(doc, key)
            checks[key] = bool(got) and norm(str(got)).lower() == norm(str(gold[key])).lower()
    return DocScore(name, gold.get("format", doc.format), len(pred), len(want), correct_pred, len(found), missed,
                    extra, len(gold_comments), sum(1 for c in gold_comments if c and c[:60] in pred_comments), checks)


def run_gold(folder: Path, settings: Settings | None = None) -> list[DocScore]:
    settings = settings or Settings()
    stage = CleanStage()
    ctx = RunContext(settings=settings)
    scores = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        candidates = [p for p in folder.glob(stem + ".*") if not p.name.endswith(".gold.json")]
        if not candidates:
            continue
        raws = [r for r in read_source(Source(str(candidates[0]), True), settings) if isinstance(r, RawDocument)]
        if not raws:
            continue
        doc = stage.process(raws[0], ctx)
        assert isinstance(doc, Document)
        scores.append(score_document(stem, doc, json.loads(gold_path.read_text(encoding="utf-8"))))
    return scores


def summarise(scores: list[DocScore]) -> dict[str, Any]:
    def agg(items: list[DocScore]) -> dict[str, Any]:
        pred = sum(s.predicted for s in items)
        gold = sum(s.gold for s in items)
        prec = sum(s.correct_pred for s in items) / pred if pred else 1.0
        rec = sum(s.found_gold for s in items) / gold if gold else 1.0
        cg = sum(s.comments_gold for s in items)
        checks: dict[str, list[bool]] = {}
        for s in items:
            for k, v in s.checks.items():
                checks.setdefault(k, []).append(v)
        return {
            "documents": len(items), "precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
            "comment_recall": round(sum(s.comments_found for s in items) / cg, 4) if cg else None,
            "metadata_accuracy": {k: round(sum(v) / len(v), 3) for k, v in checks.items()},
        }

    return {
        "all": agg(scores),
        "text": agg([s for s in scores if s.format == "text"]),
        "html": agg([s for s in scores if s.format == "html"]),
    }
