"""The language stage: sentences and entities (spaCy NER pipeline, batched with ``nlp.pipe``), then
per sentence the actors, dates, quantities and attributions."""

from __future__ import annotations

import bisect
import dataclasses
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

from frontwatch.nlp.actors import ActorDictionary
from frontwatch.nlp.attribution import attribute
from frontwatch.nlp.dates import find_dates
from frontwatch.nlp.model import ner_pipeline
from frontwatch.nlp.quantities import find_quantities, shift
from frontwatch.pipeline.base import RunContext, Stage
from frontwatch.pipeline.budget import TIMEOUT, item_key
from frontwatch.records import (
    ActorMention,
    Attribution,
    DateMention,
    Document,
    Drop,
    Entity,
    Quantity,
    Sentence,
)

ENGLISH = "en"
PIPE_BATCH = 16


def is_english(doc: Document, languages: Sequence[str]) -> bool:
    return doc.language is None or doc.language in languages


class NlpStage(Stage[Document, Document]):
    name: ClassVar[str] = "nlp.spacy-sm.v1"

    def __init__(self) -> None:
        self._nlp: Any = None
        self._actors: ActorDictionary | None = None

    def setup(self, ctx: RunContext) -> None:
        self._nlp = ner_pipeline()
        extra = (ctx.settings.actors_file,) if ctx.settings.actors_file else ()
        self._actors = ActorDictionary.get(extra)

    def process(self, item: Document, ctx: RunContext) -> Document | Drop:
        return self.process_batch([item], ctx)[0]

    def process_batch(self, items: Sequence[Document], ctx: RunContext) -> list[Document | Drop]:
        if self._nlp is None:
            self.setup(ctx)
        limit = ctx.settings.max_nlp_chars
        out: list[Document | Drop] = []
        todo = [(i, d) for i, d in enumerate(items) if is_english(d, ctx.settings.languages)]
        results: dict[int, Document | Drop] = {
            i: Drop(f"language is {d.language}: English-only stages skipped")
            for i, d in enumerate(items) if not is_english(d, ctx.settings.languages)
        }
        budget = ctx.budget
        for g in range(0, len(todo), PIPE_BATCH):
            # spaCy runs PIPE_BATCH documents at a time (as nlp.pipe would); its time, bounded by
            # max_nlp_chars per document, is shared out by length; a document out of time is left out
            group = []
            for i, d in todo[g: g + PIPE_BATCH]:
                if budget.exhausted(item_key(d)):
                    results[i] = Drop(TIMEOUT)
                else:
                    group.append((i, d))
            texts = [d.text[:limit] for _, d in group]
            started = time.monotonic()
            parsed = list(self._nlp.pipe(texts, batch_size=PIPE_BATCH)) if texts else []
            budget.charge({item_key(d): len(t) + 1 for (_, d), t in zip(group, texts, strict=True)},
                          time.monotonic() - started)
            for (i, doc), sp in zip(group, parsed, strict=True):
                res = budget.run(item_key(doc), self.annotate, doc, sp, len(doc.text) > limit, budget.check)
                results[i] = res
                if not isinstance(res, Drop):
                    ctx.count(self.name, "sentences", len(res.sentences))
        for i in range(len(items)):
            out.append(results[i])
        return out

    def annotate(self, doc: Document, sp: Any, truncated: bool = False,
                 check: Callable[[], None] | None = None) -> Document:
        """Annotations of one document from its spaCy doc (sentences never cross a paragraph break).
        ``check`` is called once per sentence (the time budget's poll)."""
        assert self._actors is not None
        text = doc.text
        para_starts = [p[0] for p in doc.paragraphs]
        sentences: list[Sentence] = []
        for s in sp.sents:
            stripped = s.text.strip()
            if not stripped:
                continue
            start = s.start_char + (len(s.text) - len(s.text.lstrip()))
            end = start + len(stripped)
            para = max(0, bisect.bisect_right(para_starts, start) - 1)
            sentences.append(Sentence(start, end, para))
        spans = [(e.start_char, e.end_char, e.label_, e.text) for e in sp.ents]
        starts = [s.start for s in sentences]

        def sent_of(offset: int) -> int:
            return max(0, bisect.bisect_right(starts, offset) - 1)

        entities = [Entity(a, b, label, t, sent_of(a)) for a, b, label, t in spans]
        published = date.fromisoformat(doc.published) if doc.published else None
        actors: list[ActorMention] = []
        dates: list[DateMention] = []
        quantities: list[Quantity] = []
        attributions: list[Attribution] = []
        for k, s in enumerate(sentences):
            if check is not None:
                check()
            st = text[s.start: s.end]
            for a in self._actors.find(st):
                actors.append(dataclasses.replace(a, start=a.start + s.start, end=a.end + s.start, sentence=k))
            date_spans = [(e.start - s.start, e.end - s.start) for e in entities
                          if e.sentence == k and e.label == "DATE"]
            for d in find_dates(st, published, date_spans):
                dates.append(dataclasses.replace(d, start=d.start + s.start, end=d.end + s.start, sentence=k))
            quantities += [shift(q, s.start, k) for q in find_quantities(st)]
            att = attribute(st, k, s.start)
            if att is not None:
                attributions.append(att)
        focus = self._actors.country_focus(text)
        actors = self._actors.bind_generic(actors, focus)
        errors = doc.errors
        if truncated:
            errors = (*errors, "text longer than the language layer's limit (max_nlp_chars): the rest was not analysed")
        return dataclasses.replace(doc, sentences=tuple(sentences), entities=tuple(entities), actors=tuple(actors),
                                   dates=tuple(dates), quantities=tuple(quantities),
                                   attributions=tuple(attributions), errors=errors, country_focus=focus)


def published_date(doc: Document) -> date | None:
    try:
        return date.fromisoformat(doc.published) if doc.published else None
    except ValueError:
        return None
