"""Syndication evaluation: gold families (tests/fixtures/syndication) and Reuters-21578's natural
exact-duplicate groups (../shared/data/reuters21578, read in place)."""

from __future__ import annotations

import json
import lzma
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from frontwatch.pipeline.syndication import detect
from frontwatch.pipeline.syndication.groups import DocInfo, GroupResult


def groups_of(result: GroupResult) -> set[frozenset[str]]:
    return {frozenset(m) for m in result.groups.values() if len(m) > 1}


def run_texts(items: Iterable[tuple[str, str]]) -> tuple[GroupResult, Any]:
    texts = dict(items)
    docs = [DocInfo(i, i, None, None, None) for i in texts]
    return detect(docs, lambda: iter(texts.items()), lambda ids: {i: texts[i] for i in ids})


def score_families(result: GroupResult, families: dict[str, Any]) -> dict[str, Any]:
    got = groups_of(result)
    want = {frozenset(g) for g in families["groups"]}
    wrong_singletons = [s for s in families.get("singletons", []) if any(s in g for g in got)]
    return {"groups_expected": len(want), "groups_found_exactly": len(got & want),
            "missing": sorted(map(sorted, want - got)), "extra": sorted(map(sorted, got - want)),
            "singletons_wrongly_grouped": wrong_singletons}


def reuters(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Recall of Reuters' byte-identical body groups, and the groups found beyond them."""
    bodies: dict[str, str] = {}
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            body = (rec.get("body") or "").strip()
            if body:
                bodies[str(rec["newid"])] = body
            if limit and len(bodies) >= limit:
                break
    exact: dict[str, list[str]] = defaultdict(list)
    for doc_id, body in bodies.items():
        exact[body].append(doc_id)
    gold = [frozenset(v) for v in exact.values() if len(v) > 1]
    started = time.perf_counter()
    result, stats = run_texts(bodies.items())
    seconds = time.perf_counter() - started
    group_of = result.group_of
    recalled = sum(1 for g in gold if len({group_of[d] for d in g}) == 1)
    gold_members = {d for g in gold for d in g}
    found = groups_of(result)
    beyond = [g for g in found if not g <= gold_members or not any(g == x for x in gold)]
    return {
        "documents": len(bodies), "exact_duplicate_groups": len(gold), "recall": round(recalled / len(gold), 4)
        if gold else None, "groups_found": len(found), "groups_beyond_exact": len(beyond),
        "examples_beyond_exact": [sorted(g)[:5] for g in beyond[:10]], "seconds": round(seconds, 2),
        "candidate_pairs": stats.candidate_pairs, "index_bytes_per_document": round(stats.bytes_per_document, 1),
    }
