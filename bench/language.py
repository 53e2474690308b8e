"""Measurement 4: the language layer, words/s with and without the parser prefilter.

* ``NlpStage`` (spaCy sentencizer + NER, then actors, dates, quantities, attributions) over a
  sample of cleaned documents, through ``run_stage``; the median of repeated runs.
* The dependency parser (``nlp.model.parser_pipeline``) on **every** sentence of those documents,
  versus only the **candidate** sentences of the extract stage's cheap prefilter (trigger lexicon
  ``extract.rules.triggers``, or a casualty count in the sentence), each sentence cut at the extract
  stage's ``MAX_PARSE_CHARS``. Language-layer words/s = words / (NlpStage time + parse time [+ prefilter
  time]); the share of sentences parsed is candidates / sentences. (The extract stage parses fewer still:
  only candidates its classifier keeps; ``geo_events`` reports that share.)
* The NER pipeline with and without its ``tok2vec`` component: in ``ner_pipeline()`` nothing listened to
  it (the NER model embeds its own), so it was dropped; while a ``tok2vec`` is there the two are
  alternated and compared in CPU seconds, and the run checks that entities and sentences come out
  identical (now the row says "not applicable").
"""

from __future__ import annotations

import logging
import time
from typing import Any

from bench.documents import NLP_DOCS, clean_documents, run_timed
from bench.measure import NotAvailable, Section, median, rate, repeat
from bench.plan import BenchContext

log = logging.getLogger(__name__)

KEY = "language"
PARSE_BATCH = 32  # as the extract stage pipes them
DEFAULT_MAX_PARSE_CHARS = 600  # used when the extract stage cannot be imported
CASUALTY_CATEGORIES = ("killed", "wounded", "abducted")  # counts that make a sentence a candidate


def _max_parse_chars() -> int:
    try:
        from frontwatch.pipeline.extract.stage import MAX_PARSE_CHARS
    except Exception:
        return DEFAULT_MAX_PARSE_CHARS
    return int(MAX_PARSE_CHARS)


def sentence_texts(docs: list[Any]) -> list[tuple[Any, int, str]]:
    return [(d, k, d.text[s.start: s.end]) for d in docs for k, s in enumerate(d.sentences)]


def prefilter(sentences: list[tuple[Any, int, str]]) -> list[str]:
    """The extract stage's candidate test: a trigger phrase, or a casualty count in the sentence."""
    from frontwatch.pipeline.extract.rules import triggers

    killed = {(id(d), q.sentence) for d, _, _ in sentences for q in d.quantities if q.category in CASUALTY_CATEGORIES}
    return [t for d, k, t in sentences if (id(d), k) in killed or triggers(t).candidate]


def _time_pipe(nlp: Any, texts: list[str], **kw: Any) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, **kw))
    return time.perf_counter() - started, docs


def _cpu_pipe(nlp: Any, texts: list[str], batch_size: int) -> tuple[float, list[Any]]:
    """Process CPU seconds of one pass (robust to other processes competing for the CPU)."""
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    return time.process_time() - started, docs


def tok2vec_experiment(texts: list[str], words: int, rounds: int, sec: Section) -> None:
    """``ner_pipeline()`` with and without its tok2vec, alternated ``rounds`` times, in CPU seconds."""
    from frontwatch.nlp.model import ner_pipeline
    from frontwatch.pipeline.nlp.stage import PIPE_BATCH

    nlp = ner_pipeline()
    if "tok2vec" not in nlp.pipe_names:
        sec.skip("NER pipeline without its idle tok2vec", "not applicable: ner_pipeline() has no tok2vec component")
        return
    listeners = getattr(nlp.get_pipe("tok2vec"), "listening_components", [])
    _cpu_pipe(nlp, texts[:4], PIPE_BATCH)  # warm-up, untimed
    with_cpu: list[float] = []
    without_cpu: list[float] = []
    same = True
    for _ in range(max(1, rounds)):
        t_with, with_docs = _cpu_pipe(nlp, texts, PIPE_BATCH)
        with nlp.select_pipes(disable=["tok2vec"]):
            t_without, without_docs = _cpu_pipe(nlp, texts, PIPE_BATCH)
        with_cpu.append(t_with)
        without_cpu.append(t_without)
        same = same and all(
            [(e.start_char, e.end_char, e.label_) for e in a.ents] == [(e.start_char, e.end_char, e.label_)
                                                                       for e in b.ents]
            and [s.start_char for s in a.sents] == [s.start_char for s in b.sents]
            for a, b in zip(with_docs, without_docs, strict=True))
    sec.add("spaCy ner_pipeline() as shipped (tok2vec + senter + ner)", words / median(with_cpu),
            "words per CPU s", size=len(texts), runs=tuple(words / t for t in with_cpu),
            note="alternated with the row below; CPU time, so other processes do not skew the comparison")
    sec.add("spaCy ner_pipeline() without tok2vec", words / median(without_cpu), "words per CPU s",
            size=len(texts), runs=tuple(words / t for t in without_cpu),
            note=f"tok2vec listeners: {listeners or 'none'}; entities and sentences "
                 f"{'identical' if same else 'DIFFER'}")


def measure(ctx: BenchContext) -> Section:
    from frontwatch.config import Settings
    from frontwatch.pipeline.base import RunContext, run_stage
    from frontwatch.pipeline.nlp import NlpStage
    from frontwatch.records import Document

    if ctx.plan.language_docs <= 0:
        raise NotAvailable("this plan has no language sample")
    sec = Section(KEY, "Language layer (NlpStage, parser prefilter)")
    docs = clean_documents(ctx, ctx.plan.language_docs)
    settings = Settings()
    stage = NlpStage()
    started = time.perf_counter()
    stage.setup(RunContext(settings=settings))
    sec.add("spaCy model load (NlpStage.setup)", time.perf_counter() - started, "s", note="once per process")
    run_stage(stage, docs[:2], RunContext(settings=settings))
    words = sum(len(d.text.split()) for d in docs)
    out: dict[str, list[Any]] = {}

    def once() -> float:
        elapsed, results, _ = run_timed(stage, docs, settings)
        out["docs"] = [d for d in results if isinstance(d, Document)]
        return elapsed

    runs = repeat(once, ctx.plan.repeats, ctx.budget)
    t_nlp = median(runs)
    annotated = out["docs"]
    ctx.shared[NLP_DOCS] = annotated
    sec.add("NlpStage", rate(len(docs), t_nlp), "docs/s", size=len(docs), runs=tuple(len(docs) / r for r in runs),
            note=runs.note())
    sec.add("NlpStage", rate(words, t_nlp), "words/s", size=len(docs), runs=tuple(words / r for r in runs))

    from frontwatch.nlp.model import parser_pipeline

    cut = _max_parse_chars()
    sentences = sentence_texts(annotated)
    all_texts = [t[:cut] for _, _, t in sentences]
    started = time.perf_counter()
    parser = parser_pipeline()
    sec.add("spaCy parser load (parser_pipeline)", time.perf_counter() - started, "s", note="once per process")
    _time_pipe(parser, all_texts[:4], batch_size=PARSE_BATCH)
    t_all, _ = _time_pipe(parser, all_texts, batch_size=PARSE_BATCH)
    sec.add("parser, every sentence", rate(len(all_texts), t_all), "sentences/s", size=len(annotated))
    sec.add("language layer, parser on every sentence", rate(words, t_nlp + t_all), "words/s", size=len(annotated),
            note=f"{len(all_texts):,} sentences parsed")
    try:
        started = time.perf_counter()
        candidates = [t[:cut] for t in prefilter(sentences)]
        t_filter = time.perf_counter() - started
    except Exception as exc:
        sec.skip("language layer, parser on prefiltered sentences", f"not available: prefilter failed: {exc}")
    else:
        t_cand, _ = _time_pipe(parser, candidates, batch_size=PARSE_BATCH)
        share = len(candidates) / len(all_texts) if all_texts else 0.0
        sec.add("language layer, parser on prefiltered sentences", rate(words, t_nlp + t_filter + t_cand), "words/s",
                size=len(annotated), note=f"prefilter {t_filter:.2f} s for {len(all_texts):,} sentences")
        sec.add("share of sentences parsed (trigger prefilter)", 100 * share, "%", size=len(annotated),
                note=f"{len(candidates):,} of {len(all_texts):,} sentences")
    tok2vec_experiment([d.text[: settings.max_nlp_chars] for d in docs], words, ctx.plan.repeats, sec)
    return sec
