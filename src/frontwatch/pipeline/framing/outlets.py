"""Framing per outlet: the labels each outlet uses for each actor ("terrorists", "militants",
"rebels", "regime", "proxies", "Western-backed militant groups"), with counts and example sentences,
and its loaded-language terms (``data/framing/loaded.yaml``: dehumanising, delegitimising, glorifying,
euphemism ...) per 1,000 words, with propaganda-technique hints (SemEval-2020 Task 11 names)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from frontwatch.nlp.actors import GENERIC_STATE, LABEL_ONLY
from frontwatch.nlp.lexicon import PhraseIndex
from frontwatch.pipeline.extract.fields import bind_label
from frontwatch.records import Document

# libyaml's safe loader when PyYAML was built with it (~5x faster, the same data), else PyYAML's own.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_EXAMPLES = 3
UNKNOWN_OUTLET = "(unknown outlet)"
# Loaded-language categories that hint at SemEval-2020 Task 11 techniques.
TECHNIQUE_OF_CATEGORY = {
    "name_calling": "Name_Calling,Labeling", "dehumanising": "Name_Calling,Labeling",
    "demonising": "Name_Calling,Labeling", "delegitimising": "Name_Calling,Labeling",
    "loaded_intensifier": "Loaded_Language", "euphemism": "Loaded_Language", "glorifying": "Loaded_Language",
    "atrocity": "Loaded_Language", "exaggeration": "Exaggeration,Minimisation", "minimisation":
        "Exaggeration,Minimisation", "fear_appeal": "Appeal_to_fear-prejudice", "flag_waving": "Flag-Waving",
    "doubt": "Doubt", "slogan": "Slogans", "whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "conspiracy": "Doubt", "victimhood": "Loaded_Language", "sectarian": "Name_Calling,Labeling",
    "contested_naming": "Name_Calling,Labeling", "justification": "Loaded_Language",
    "blame_shifting": "Whataboutism,Straw_Men,Red_Herring",
}


@dataclass(frozen=True, slots=True)
class LoadedTerm:
    term: str
    category: str


@dataclass(frozen=True, slots=True)
class LabelInfo:
    term: str
    stance: str
    category: str


@cache
def loaded_index() -> PhraseIndex[LoadedTerm]:
    raw = yaml.load(resources.files("frontwatch.data").joinpath("framing/loaded.yaml").read_text("utf-8"),
                    Loader=_SafeLoader)
    entries = []
    for e in raw.get("terms", []):
        t = LoadedTerm(str(e["term"]), str(e.get("category", "loaded_intensifier")))
        entries += [(form, t) for form in [e["term"], *(e.get("variants") or [])]]
    return PhraseIndex(entries)


@cache
def label_info() -> dict[str, LabelInfo]:
    raw = yaml.load(resources.files("frontwatch.data").joinpath("framing/labels.yaml").read_text("utf-8"),
                    Loader=_SafeLoader)
    return {str(e["term"]): LabelInfo(str(e["term"]), str(e.get("stance", "neutral")), str(e.get("category", "")))
            for e in raw.get("labels", [])}


@dataclass
class _Bucket:
    count: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, example: dict[str, Any]) -> None:
        self.count += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(example)


def _example(doc: Document, start: int, end: int) -> dict[str, Any]:
    sent = next((s for s in doc.sentences if s.start <= start < s.end), None)
    s0, s1 = (sent.start, sent.end) if sent else (max(0, start - 120), min(len(doc.text), end + 120))
    return {"doc_id": doc.doc_id, "sentence": doc.text[s0:s1], "start": start, "end": end,
            "sentence_start": s0, "text": doc.text[start:end]}


def framing(docs: Iterable[Document], outlet_of: Mapping[str, str | None]) -> dict[str, Any]:
    """framing.json: per outlet, labels per actor and loaded terms; per actor, labels per outlet."""
    outlets: dict[str, dict[str, Any]] = {}
    labels: dict[str, dict[str, dict[str, _Bucket]]] = defaultdict(lambda: defaultdict(dict))
    actor_ids: dict[str, str] = {}
    mentions: dict[str, Counter[str]] = defaultdict(Counter)
    loaded: dict[str, dict[tuple[str, str], _Bucket]] = defaultdict(dict)
    words: Counter[str] = Counter()
    docs_of: dict[str, list[str]] = defaultdict(list)
    info = label_info()
    index = loaded_index()
    for doc in docs:
        if not doc.text or not doc.sentences:
            continue
        outlet = outlet_of.get(doc.doc_id) or doc.outlet or UNKNOWN_OUTLET
        docs_of[outlet].append(doc.doc_id)
        words[outlet] += len(doc.text.split())
        for m in doc.actors:
            target = m
            if m.actor_id.startswith(LABEL_ONLY) or m.actor_id == GENERIC_STATE:
                bound = bind_label(doc, m, 0)
                if bound is None:
                    continue
                target = bound
            actor_ids[target.name] = target.actor_id
            mentions[outlet][target.name] += 1
            if m.label:
                bucket = labels[outlet][target.name].setdefault(m.label, _Bucket())
                bucket.add(_example(doc, m.start, m.end))
        for h in index.find(doc.text):
            bucket = loaded[outlet].setdefault((h.value.term, h.value.category), _Bucket())
            bucket.add(_example(doc, h.start, h.end))
    for outlet, ids in sorted(docs_of.items()):
        actors_out: dict[str, Any] = {}
        for name, n in mentions[outlet].most_common():
            labs = labels[outlet].get(name, {})
            actors_out[name] = {
                "actor_id": actor_ids.get(name), "mentions": n,
                "labels": [{"label": lab, "stance": info[lab].stance if lab in info else "neutral",
                            "category": info[lab].category if lab in info else "", "count": b.count,
                            "examples": b.examples}
                           for lab, b in sorted(labs.items(), key=lambda kv: -kv[1].count)],
            }
        terms = sorted(loaded[outlet].items(), key=lambda kv: -kv[1].count)
        total_loaded = sum(b.count for b in loaded[outlet].values())
        techniques: Counter[str] = Counter()
        for (_, cat), b in terms:
            techniques[TECHNIQUE_OF_CATEGORY.get(cat, "Loaded_Language")] += b.count
        outlets[outlet] = {
            "documents": len(ids), "doc_ids": ids, "words": words[outlet], "actors": actors_out,
            "loaded_terms": [{"term": t, "category": c, "count": b.count, "examples": b.examples}
                             for (t, c), b in terms],
            "loaded_per_1000_words": round(1000 * total_loaded / words[outlet], 2) if words[outlet] else 0.0,
            "techniques": [{"technique": t, "count": n} for t, n in techniques.most_common()],
        }
    return {"outlets": outlets, "actors": labels_by_actor(outlets)}


def labels_by_actor(outlets: Mapping[str, Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The cross view: for each actor, the labels each outlet uses for it."""
    by_actor: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for outlet, data in outlets.items():
        for name, a in data["actors"].items():
            if a["labels"]:
                by_actor[name][outlet] = [{"label": lab["label"], "stance": lab["stance"], "count": lab["count"]}
                                          for lab in a["labels"]]
    return dict(sorted(by_actor.items()))
