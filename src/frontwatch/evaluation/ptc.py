"""SemEval-2020 Task 11 (Propaganda Techniques Corpus, read in place from the tar.xz): span detection
of "Loaded_Language" and "Name_Calling,Labeling" by the framing lexicons, scored with the task's
span-identification metric (partial overlap credit: precision = mean over predicted spans of the share
covered by gold spans of that technique; recall = mean over gold spans of the share covered by
predictions)."""

from __future__ import annotations

import tarfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from frontwatch.nlp.actors import ActorDictionary
from frontwatch.pipeline.framing.outlets import TECHNIQUE_OF_CATEGORY, label_info, loaded_index

TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")
Span = tuple[int, int]


def predict(text: str) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = defaultdict(list)
    for h in loaded_index().find(text):
        technique = TECHNIQUE_OF_CATEGORY.get(h.value.category, "Loaded_Language")
        if technique in TECHNIQUES:
            out[technique].append((h.start, h.end))
    info = label_info()
    for lh in ActorDictionary.get().label_index.find(text):
        lab = info.get(lh.value.term)
        if lab is not None and lab.stance == "pejorative":
            out["Name_Calling,Labeling"].append((lh.start, lh.end))
    return out


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(pred: list[Span], gold: list[Span]) -> tuple[float, float]:
    """Summed partial credits (precision numerator over predictions, recall numerator over gold)."""
    p = sum(min(1.0, sum(_overlap(s, g) for g in gold) / max(1, s[1] - s[0])) for s in pred)
    r = sum(min(1.0, sum(_overlap(s, g) for s in pred) / max(1, g[1] - g[0])) for g in gold)
    return p, r


def evaluate(path: Path) -> dict[str, Any]:
    articles: dict[str, str] = {}
    labels: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    with tarfile.open(path, "r:xz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            name = member.name
            f = tar.extractfile(member)
            if f is None:
                continue
            if "/train-articles/" in name and name.endswith(".txt"):
                articles[Path(name).stem.replace("article", "")] = f.read().decode("utf-8")
            elif name.endswith("train-task2-TC.labels"):
                for line in f.read().decode("utf-8").splitlines():
                    parts = line.split("\t")
                    if len(parts) == 4 and parts[1] in TECHNIQUES:
                        labels[parts[0]][parts[1]].append((int(parts[2]), int(parts[3])))
    result: dict[str, Any] = {"articles": len(articles)}
    for technique in TECHNIQUES:
        p_num = r_num = 0.0
        n_pred = n_gold = 0
        for aid, text in articles.items():
            pred = predict(text).get(technique, [])
            gold = labels.get(aid, {}).get(technique, [])
            p, r = score(pred, gold)
            p_num += p
            r_num += r
            n_pred += len(pred)
            n_gold += len(gold)
        precision = p_num / n_pred if n_pred else 0.0
        recall = r_num / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[technique] = {"predicted_spans": n_pred, "gold_spans": n_gold, "precision": round(precision, 4),
                             "recall": round(recall, 4), "f1": round(f1, 4)}
    return result
