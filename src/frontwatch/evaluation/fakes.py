"""FA-KES (Salem et al. 2019): 804 Syrian-war articles annotated with civilian and non-civilian death
counts. How often do the extracted death counts match the annotation? (read in place, never copied)

The article's headline figure is the largest per-sentence sum of killed counts (distinct victim groups
of one sentence add up: "15 civilians and 27 fighters were killed" -> 42); civilians count separately.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path
from typing import Any

from frontwatch.nlp.quantities import find_quantities

CIVILIAN = re.compile(r"civilian|people|children|women|residents|villagers|worshippers|passengers|students|farmers",
                      re.I)
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
# Counts within this relative distance of the annotation count as a near match.
NEAR = 0.1


def predicted(text: str) -> tuple[int | None, int | None]:
    """(total killed, civilians killed) stated in an article."""
    best_total: float | None = None
    best_civ: float | None = None
    for sentence in _SENT.split(text):
        killed = [q for q in find_quantities(sentence) if q.category == "killed"]
        if not killed:
            continue
        by_subject: dict[str, float] = {}
        for q in killed:
            key = q.subject or "?"
            by_subject[key] = max(by_subject.get(key, 0.0), q.value)
        if "?" in by_subject and len(by_subject) > 1:  # an unqualified count restates a qualified one
            by_subject.pop("?")
        total = sum(by_subject.values())
        civ = sum(v for k, v in by_subject.items() if CIVILIAN.search(k))
        best_total = total if best_total is None else max(best_total, total)
        if civ:
            best_civ = civ if best_civ is None else max(best_civ, civ)
    return (int(best_total) if best_total is not None else None, int(best_civ) if best_civ is not None else None)


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    csv.field_size_limit(1 << 27)
    rows = []
    with gzip.open(path, "rb") as raw:
        for i, row in enumerate(csv.DictReader(io.TextIOWrapper(raw, encoding="latin-1"))):
            if limit is not None and i >= limit:
                break
            rows.append(row)
    n = exact = near = missed = spurious = 0
    civ_n = civ_exact = 0
    for row in rows:
        try:
            gold_civ = int(float(row["nb_civilians"] or 0))
            gold_total = gold_civ + int(float(row["nb_noncivilians"] or 0))
        except ValueError:
            continue
        text = f"{row['article_title']}. {row['article_content']}"
        total, civ = predicted(text)
        n += 1
        if gold_total == 0:
            spurious += total is not None and total > 0
            exact += total in (None, 0)
            near += total in (None, 0)
            continue
        if total is None:
            missed += 1
            continue
        exact += total == gold_total
        near += abs(total - gold_total) <= NEAR * gold_total
        if gold_civ > 0:
            civ_n += 1
            civ_exact += civ == gold_civ
    return {
        "articles": n,
        "total_deaths_exact_match": round(exact / n, 4) if n else None,
        "total_deaths_within_10pct": round(near / n, 4) if n else None,
        "articles_with_deaths_but_no_count_extracted": missed,
        "articles_without_deaths_but_count_extracted": spurious,
        "civilian_deaths_exact_match": round(civ_exact / civ_n, 4) if civ_n else None,
        "articles_with_civilian_deaths": civ_n,
    }
