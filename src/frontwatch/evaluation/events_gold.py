"""Sentence-level event detection and field accuracy on the team's own annotated articles
(``tests/eval/events_gold``: ``NNN_x.txt`` + ``NNN_x.json``, format in that folder's README).

Every sentence of every article is annotated: an event label (ACLED sub-event type or one of the extra
labels) or ``No event`` (background, analysis, speculation, plans, denials, appeals, reader comments). The
articles go through the real per-document stages (cleaning, language layer, geocoding, extraction), and:

* **detection**: a gold event sentence is found when an extracted event mention overlaps it; an extracted
  mention over a ``No event`` sentence (or over text no gold sentence covers) is a false positive.
  Precision, recall and F1 over sentences.
* **typing**: among found sentences, how often the sub-event type (and the ACLED event type) is the gold one.
* **fields**: among found sentences whose gold gives the field: actor1 (the gold name occurs in the
  predicted actor's surface text or name, or the reverse), place (same, on the place name), date (exact
  ISO day), fatalities (exact).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontwatch.errors import Code, InputError
from frontwatch.pipeline.extract.labels import LABELS, NO_EVENT, SUB_EVENT_TYPES
from frontwatch.pipeline.ingest.readers import content_hash
from frontwatch.records import Document, EventMention, RawDocument, Skip

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class GoldSentence:
    text: str
    label: str
    actor1: str | None = None
    place: str | None = None
    date: str | None = None
    fatalities: int | None = None
    note: str = ""

    @property
    def is_event(self) -> bool:
        return self.label != NO_EVENT


@dataclass(frozen=True, slots=True)
class GoldArticle:
    doc_id: str
    text: str
    published: str | None
    sentences: tuple[GoldSentence, ...]


@dataclass
class Tally:
    """Counts of one evaluation run; ``as_dict`` gives the rates."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_right: int = 0
    event_type_right: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in
                                                                   ("actor1", "place", "date", "fatalities")})
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    false_positives: list[dict[str, str]] = field(default_factory=list)
    missed: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "detection": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
                          "true_positives": self.tp, "false_positives": self.fp, "missed": self.fn},
            "typing": {"sub_event_type_accuracy": round(self.type_right / self.tp, 3) if self.tp else None,
                       "event_type_accuracy": round(self.event_type_right / self.tp, 3) if self.tp else None},
            "fields": {k: {"accuracy": round(v[0] / v[1], 3) if v[1] else None, "n": v[1]}
                       for k, v in self.fields.items()},
            "confusions": [{"gold": g, "predicted": p_, "n": n} for (g, p_), n in self.confusions.most_common(15)],
            "false_positive_examples": self.false_positives[:25],
            "missed_examples": self.missed[:25],
        }


def load_gold(folder: str | Path) -> tuple[list[GoldArticle], list[Skip]]:
    """Articles with their annotations; a bad file is skipped with a reason, the rest are read."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{root}: gold folder not found", Code.NOT_FOUND)
    articles: list[GoldArticle] = []
    skipped: list[Skip] = []
    for txt in sorted(root.glob("*.txt")):
        ann = txt.with_suffix(".json")
        try:
            text = txt.read_text("utf-8")
            data = json.loads(ann.read_text("utf-8"))
            sentences = []
            for i, s in enumerate(data["sentences"]):
                if s["label"] not in LABELS:
                    raise ValueError(f"sentence {i}: unknown label {s['label']!r}")
                if _norm(s["text"]) not in _norm(text):
                    raise ValueError(f"sentence {i} is not in the article text: {s['text'][:60]!r}")
                fat = s.get("fatalities")
                sentences.append(GoldSentence(s["text"], s["label"], s.get("actor1"), s.get("place"), s.get("date"),
                                              int(fat) if fat is not None else None, s.get("note") or ""))
            articles.append(GoldArticle(txt.stem, text, data.get("published"), tuple(sentences)))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            skipped.append(Skip(str(txt), Code.BAD_RECORD.value, f"{type(exc).__name__}: {exc}"))
    return articles, skipped


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _matches(gold: str | None, *predicted: str | None) -> bool:
    """Loose name match: either string contains the other, case- and space-insensitive."""
    if not gold:
        return False
    g = _norm(gold).casefold()
    return any(p and (g in _norm(p).casefold() or _norm(p).casefold() in g) for p in predicted)


def _spans(doc: Document, gold: Sequence[GoldSentence]) -> list[tuple[int, int] | None]:
    """Where each gold sentence lies in the cleaned text (None: cleaning removed it, e.g. a comment)."""
    out: list[tuple[int, int] | None] = []
    cursor = 0
    for s in gold:
        at = doc.text.find(s.text, cursor)
        if at < 0:
            at = doc.text.find(s.text)
        if at < 0:
            out.append(None)
            continue
        out.append((at, at + len(s.text)))
        cursor = at + len(s.text)
    return out


def score_document(doc: Document, article: GoldArticle, tally: Tally) -> None:
    spans = _spans(doc, article.sentences)
    mentions: list[EventMention] = list(doc.event_mentions)
    used: set[int] = set()
    for gold, span in zip(article.sentences, spans, strict=True):
        hits = [] if span is None else [i for i, m in enumerate(mentions) if m.start < span[1] and span[0] < m.end]
        used.update(hits)
        if not gold.is_event:
            if hits:
                tally.fp += 1
                m = mentions[hits[0]]
                tally.false_positives.append({"doc": article.doc_id, "sentence": gold.text[:160],
                                              "predicted": m.sub_event_type, "note": gold.note})
            continue
        if not hits:
            tally.fn += 1
            tally.missed.append({"doc": article.doc_id, "sentence": gold.text[:160], "gold": gold.label,
                                 "why": "removed by cleaning" if span is None else "no event found"})
            continue
        tally.tp += 1
        m = max((mentions[i] for i in hits), key=lambda x: x.score)
        if m.sub_event_type == gold.label:
            tally.type_right += 1
        else:
            tally.confusions[(gold.label, m.sub_event_type)] += 1
        if SUB_EVENT_TYPES.get(m.sub_event_type, m.sub_event_type) == SUB_EVENT_TYPES.get(gold.label, gold.label):
            tally.event_type_right += 1
        if gold.actor1:
            a = m.actor1
            tally.fields["actor1"][1] += 1
            tally.fields["actor1"][0] += _matches(gold.actor1, a.text if a else None, a.name if a else None)
        if gold.place:
            p = m.place
            tally.fields["place"][1] += 1
            tally.fields["place"][0] += _matches(gold.place, p.text if p else None, p.name if p else None,
                                                 p.anchor if p else None)
        if gold.date:
            tally.fields["date"][1] += 1
            tally.fields["date"][0] += m.event_date == gold.date
        if gold.fatalities is not None:
            tally.fields["fatalities"][1] += 1
            tally.fields["fatalities"][0] += m.fatalities == gold.fatalities
    covered = [s for s in spans if s is not None]
    for i, m in enumerate(mentions):
        if i not in used and not any(m.start < e and s < m.end for s, e in covered):
            tally.fp += 1  # an event from text the annotation does not cover (headline, byline)
            tally.false_positives.append({"doc": article.doc_id, "sentence": m.text[:160],
                                          "predicted": m.sub_event_type, "note": "not an annotated sentence"})


def evaluate(folder: str | Path) -> dict[str, Any]:
    """Run the per-document stages over the gold articles and score them."""
    from frontwatch.config import load_settings
    from frontwatch.pipeline.base import RunContext
    from frontwatch.pipeline.chain import build_document_stages, process_raw_batch

    articles, skipped = load_gold(folder)
    settings = load_settings()
    ctx = RunContext(settings=settings)
    stages = build_document_stages(settings)
    for stage in stages:
        stage.setup(ctx)
    raws = [RawDocument(doc_id=a.doc_id, source_path=f"{a.doc_id}.txt", content=a.text, format="text",
                        content_hash=content_hash(a.text), published=a.published) for a in articles]
    docs = {d.doc_id: d for d in process_raw_batch(raws, stages, ctx)}
    tally = Tally()
    for a in articles:
        score_document(docs[a.doc_id], a, tally)
    result = tally.as_dict()
    result.update(articles=len(articles),
                  gold_events=sum(s.is_event for a in articles for s in a.sentences),
                  gold_no_event=sum(not s.is_event for a in articles for s in a.sentences),
                  skipped=[{"path": s.path, "reason": s.reason} for s in skipped])
    return result
