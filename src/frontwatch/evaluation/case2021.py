"""CASE-2021 Task 2 benchmark for the event-type classifier.

The data (``test_with_labels.tsv``: id, EventSnippet, SubType; 1,019 news snippets, 30 codes) is read in
place from the shared data folder and never copied. Rows with **odd** ids are the development half (used to
choose models and thresholds); rows with **even** ids are held out (reported, never tuned on).

Scores, on each half:

* ``all30`` — every row; the prediction is the best of the 30 CASE labels (``No event`` is not a CASE
  label: every snippet reports an event, so the argmax is taken over the 30 labels only).
* ``acled25`` — rows whose gold code is one of ACLED's 25 sub-event types, predicted among those 25
  (CASE-2021 subtask 1's setting).

For each: weighted F1 (sklearn's ``average="weighted"``: per-class F1 weighted by gold support), macro F1
over the classes with gold support, accuracy, and a per-class table. Speed is sentences per second
through embedding + head.
"""

from __future__ import annotations

import csv
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from frontwatch.errors import Code, InputError
from frontwatch.pipeline.extract.classifier import EventClassifier
from frontwatch.pipeline.extract.labels import ACLED_CASE_CODES, CASE_CODES, LABEL_TO_CASE
from frontwatch.records import Skip

log = logging.getLogger(__name__)

CASE_FILE = "test_with_labels.tsv"


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    text: str
    code: str  # CASE code (ARMED_CLASH ...)

    @property
    def held_out(self) -> bool:
        return self.id % 2 == 0


@dataclass(frozen=True, slots=True)
class ClassScore:
    code: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


@dataclass(frozen=True, slots=True)
class Scores:
    n: int
    weighted_f1: float
    macro_f1: float
    accuracy: float
    per_class: tuple[ClassScore, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "weighted_f1": round(self.weighted_f1, 4),
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "per_class": {
                c.code: {"precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
                         "support": c.support, "predicted": c.predicted}
                for c in self.per_class
            },
        }


@dataclass(frozen=True, slots=True)
class CaseReport:
    dev: dict[str, Scores]  # "all30", "acled25"
    held_out: dict[str, Scores]
    sentences_per_s: float
    skipped: tuple[Skip, ...] = ()
    model: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dev": {k: v.as_dict() for k, v in self.dev.items()},
            "held_out": {k: v.as_dict() for k, v in self.held_out.items()},
            "sentences_per_s": round(self.sentences_per_s, 1),
            "skipped": [s.describe() for s in self.skipped],
            "model": self.model,
        }


def load_case(path: str | Path) -> tuple[list[CaseRow], list[Skip]]:
    """Rows of the CASE-2021 Task 2 TSV (a file, or the folder holding ``test_with_labels.tsv``).
    A bad row (wrong column count, non-integer id, unknown code, empty text) is skipped with a reason."""
    p = Path(path)
    if p.is_dir():
        p = p / CASE_FILE
    if not p.is_file():
        raise InputError(f"CASE-2021 file not found: {p}", Code.NOT_FOUND)
    rows: list[CaseRow] = []
    skipped: list[Skip] = []
    with p.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["id", "EventSnippet", "SubType"]:
            raise InputError(f"{p}: expected the header 'id, EventSnippet, SubType', got {header}", Code.BAD_CSV)
        for n, rec in enumerate(reader, start=2):
            if not any(cell.strip() for cell in rec):
                continue
            if len(rec) != 3:
                skipped.append(Skip(str(p), Code.BAD_CSV.value, f"expected 3 columns, got {len(rec)}", n))
                continue
            rid, text, code = (cell.strip() for cell in rec)
            if not rid.isdigit():
                skipped.append(Skip(str(p), Code.BAD_CSV.value, f"id {rid!r} is not an integer", n))
            elif code not in CASE_CODES:
                skipped.append(Skip(str(p), Code.BAD_RECORD.value, f"unknown code {code!r}", n))
            elif not text:
                skipped.append(Skip(str(p), Code.NO_TEXT.value, "empty snippet", n))
            else:
                rows.append(CaseRow(int(rid), text, code))
    for s in skipped:
        log.warning("CASE-2021: skipped %s", s.describe())
    return rows, skipped


def split(rows: Sequence[CaseRow]) -> tuple[list[CaseRow], list[CaseRow]]:
    """(development half: odd ids, held-out half: even ids)."""
    return [r for r in rows if not r.held_out], [r for r in rows if r.held_out]


def score(gold: Sequence[str], pred: Sequence[str]) -> Scores:
    """Weighted F1 (by gold support), macro F1 (over classes with gold support), accuracy, per-class table."""
    if len(gold) != len(pred):
        raise ValueError("gold and predictions differ in length")
    n = len(gold)
    support, predicted = Counter(gold), Counter(pred)
    hits = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    table: list[ClassScore] = []
    for code in sorted(set(gold) | set(pred)):
        tp, sup, prd = hits[code], support[code], predicted[code]
        prec = tp / prd if prd else 0.0
        rec = tp / sup if sup else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table.append(ClassScore(code, prec, rec, f1, sup, prd))
    with_support = [c for c in table if c.support]
    weighted = sum(c.f1 * c.support for c in with_support) / n if n else 0.0
    macro = sum(c.f1 for c in with_support) / len(with_support) if with_support else 0.0
    accuracy = sum(hits.values()) / n if n else 0.0
    return Scores(n, weighted, macro, accuracy, tuple(table))


def restricted_argmax(probs: np.ndarray[Any, Any], labels: Sequence[str], codes: Sequence[str]) -> list[str]:
    """For each row, the CASE code among ``codes`` with the highest probability."""
    cols = [i for i, lab in enumerate(labels) if LABEL_TO_CASE.get(lab) in set(codes)]
    if not cols:
        raise ValueError("the classifier has none of the requested CASE labels")
    best = np.asarray(probs)[:, cols].argmax(axis=1)
    return [LABEL_TO_CASE[labels[cols[int(b)]]] for b in best]


def by_actor(codes: Sequence[str], texts: Sequence[str]) -> list[str]:
    """The typing the classifier's users get (``EventClassifier.predict_typed``): who took the ground
    decides between the two territory codes."""
    from frontwatch.pipeline.extract.territory import by_acting_side

    return [LABEL_TO_CASE[by_acting_side(CASE_CODES[c], t)] for c, t in zip(codes, texts, strict=True)]


def _half_scores(rows: Sequence[CaseRow], probs: np.ndarray[Any, Any], labels: Sequence[str]) -> dict[str, Scores]:
    texts = [r.text for r in rows]
    out = {"all30": score([r.code for r in rows], by_actor(restricted_argmax(probs, labels, list(CASE_CODES)), texts))}
    keep = [i for i, r in enumerate(rows) if r.code in ACLED_CASE_CODES]
    out["acled25"] = score([rows[i].code for i in keep],
                           by_actor(restricted_argmax(probs[keep], labels, ACLED_CASE_CODES), [texts[i] for i in keep]))
    return out


def evaluate(path: str | Path, classifier: EventClassifier | None = None) -> CaseReport:
    """Run the classifier on every CASE row and score both halves."""
    from frontwatch.nlp.embeddings import Encoder

    rows, skipped = load_case(path)
    clf = classifier or EventClassifier.load()
    texts = [r.text for r in rows]
    enc = Encoder.get()
    enc.encode(texts[:8])  # warm-up: session start-up is not part of the throughput
    t0 = time.perf_counter()
    probs = clf.probabilities(enc.encode(texts), texts)
    rate = len(texts) / max(time.perf_counter() - t0, 1e-9)
    dev_idx = [i for i, r in enumerate(rows) if not r.held_out]
    held_idx = [i for i, r in enumerate(rows) if r.held_out]
    return CaseReport(
        dev=_half_scores([rows[i] for i in dev_idx], probs[dev_idx], clf.labels),
        held_out=_half_scores([rows[i] for i in held_idx], probs[held_idx], clf.labels),
        sentences_per_s=rate,
        skipped=tuple(skipped),
        model={k: clf.meta.get(k) for k in ("name", "head", "trained", "training_sha256", "training_rows")},
    )


def markdown(report: CaseReport) -> str:
    """The F1 summary and the per-class table (held-out half) as Markdown."""
    lines = ["| half | codes | n | weighted F1 | macro F1 | accuracy |", "|---|---|---:|---:|---:|---:|"]
    for half, scores in (("development (odd ids)", report.dev), ("held-out (even ids)", report.held_out)):
        for key, s in scores.items():
            lines.append(f"| {half} | {key} | {s.n} | {s.weighted_f1:.3f} | {s.macro_f1:.3f} | {s.accuracy:.3f} |")
    lines += ["", f"Throughput: {report.sentences_per_s:.0f} snippets/s (embedding + head).", "",
              "| code | dev F1 | held-out P | held-out R | held-out F1 | held-out support |",
              "|---|---:|---:|---:|---:|---:|"]
    dev = {c.code: c for c in report.dev["all30"].per_class}
    for c in sorted(report.held_out["all30"].per_class, key=lambda c: -c.support):
        d = dev.get(c.code)
        dev_f1 = d.f1 if d else 0.0
        lines.append(f"| {c.code} | {dev_f1:.2f} | {c.precision:.2f} | {c.recall:.2f} | {c.f1:.2f} | {c.support} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m frontwatch.evaluation.case2021 [PATH]``: print the Markdown tables."""
    import json

    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    shared = Path(os.environ.get("FRONTWATCH_SHARED_DATA", Path(__file__).resolve().parents[4] / "shared" / "data"))
    path = args[0] if args else str(shared / "case2021-task2")
    logging.basicConfig(level=logging.WARNING)
    report = evaluate(path)
    sys.stdout.write((json.dumps(report.as_dict(), indent=1) if as_json else markdown(report)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
