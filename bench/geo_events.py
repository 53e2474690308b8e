"""Measurement 5: geocoding documents/s, event classification sentences/s, the extract stage, and
events/s of the merge stage.

All on the language measurement's annotated documents (or the same sample annotated here). A stage that
cannot be loaded yet (no gazetteer, no trained classifier) gives a "not available" row with the reason;
the others still run. The merge stage is fed the extract stage's event mentions, replicated (see
:func:`replicate`) up to the plan's ``merge_mentions``, and timed through ``cluster_mentions`` +
``build_event`` as the corpus stage runs them.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import time
from datetime import date, timedelta
from typing import Any

from bench.documents import nlp_documents, run_timed
from bench.measure import Section, join_notes, median, rate, repeat
from bench.plan import BenchContext

log = logging.getLogger(__name__)

KEY = "geo_events"
CLASSIFY_MAX_SENTENCES = 1000  # sentences given to the classifier alone
# Replicated mentions move up to this many days and this many degrees (~5 km), so copies of one event
# still merge while the merge stage does its real comparisons ("dense": many reports of the same events;
# run at an eighth and a quarter of the plan's mentions, the two rates show how the cost grows) ...
MERGE_DATE_SHIFT_DAYS = 2
MERGE_PLACE_JITTER_DEG = 0.05
# ... or each copy moves this many weeks (beyond the merge stage's 6-week comparison window), as a corpus
# covering a longer period would have ("spread").
SPREAD_WEEKS = 8


def _unavailable(exc: BaseException) -> str:
    return f"not available: {type(exc).__name__}: {exc}"


def geocode(docs: list[Any], ctx: BenchContext, sec: Section) -> list[Any]:
    from frontwatch.config import load_settings
    from frontwatch.pipeline.base import RunContext
    from frontwatch.records import Document

    try:
        from frontwatch.pipeline.geo.stage import GeoStage

        settings = load_settings()
        stage = GeoStage()
        started = time.perf_counter()
        stage.setup(RunContext(settings=settings))
        opened = time.perf_counter() - started
    except Exception as exc:
        sec.skip("GeoStage (geocoding)", _unavailable(exc))
        return docs
    sec.add("gazetteer open (GeoStage.setup)", opened, "s", note="once per process; first use builds it (setup row)")
    words = sum(len(d.text.split()) for d in docs)
    out: dict[str, Any] = {}

    def once() -> float:
        elapsed, results, rc = run_timed(stage, docs, settings)
        out["docs"] = [d if isinstance(d, Document) else docs[i] for i, d in enumerate(results)]
        out["stats"] = rc.stage_stats(stage.name)
        return elapsed

    runs = repeat(once, ctx.plan.repeats, ctx.budget)
    places = sum(len(d.places) for d in out["docs"])
    st = out["stats"]
    sec.add("GeoStage (geocoding)", rate(len(docs), median(runs)), "docs/s", size=len(docs),
            runs=tuple(len(docs) / r for r in runs),
            note=join_notes(f"{places / max(1, len(docs)):.1f} places/doc",
                            f"{st.errors} errors" if st.errors else "", runs.note()))
    sec.add("GeoStage (geocoding)", rate(words, median(runs)), "words/s", size=len(docs))
    return list(out["docs"])


def classify(docs: list[Any], ctx: BenchContext, sec: Section) -> None:
    try:
        from frontwatch.pipeline.extract.classifier import EventClassifier

        started = time.perf_counter()
        clf = EventClassifier.load()
        clf.predict(["Warm-up sentence about shelling near a town."])
        loaded = time.perf_counter() - started
    except Exception as exc:
        sec.skip("event classifier (EventClassifier.predict)", _unavailable(exc))
        return
    sentences = [d.text[s.start: s.end] for d in docs for s in d.sentences][:CLASSIFY_MAX_SENTENCES]
    if not sentences:
        sec.skip("event classifier (EventClassifier.predict)", "not available: no sentences")
        return
    sec.add("event classifier load (+ encoder, first call)", loaded, "s", note="once per process")

    def once() -> float:
        t = time.perf_counter()
        clf.predict(sentences)
        return time.perf_counter() - t

    runs = repeat(once, ctx.plan.repeats, ctx.budget)
    sec.add("event classifier (EventClassifier.predict)", rate(len(sentences), median(runs)), "sentences/s",
            size=len(docs), runs=tuple(len(sentences) / r for r in runs),
            note=join_notes(f"{len(sentences):,} sentences", runs.note()))


def extract(docs: list[Any], ctx: BenchContext, sec: Section) -> list[Any]:
    """The extract stage over the documents; returns its event mentions."""
    from frontwatch.config import load_settings
    from frontwatch.pipeline.base import RunContext, run_stage
    from frontwatch.records import Document

    try:
        from frontwatch.pipeline.extract.stage import ExtractStage

        settings = load_settings()
        stage = ExtractStage()
        stage.setup(RunContext(settings=settings))
        run_stage(stage, docs[:2], RunContext(settings=settings))
    except Exception as exc:
        sec.skip("ExtractStage (events per sentence)", _unavailable(exc))
        return []
    out: dict[str, Any] = {}

    def once() -> float:
        elapsed, results, rc = run_timed(stage, docs, settings)
        out["mentions"] = [m for d in results if isinstance(d, Document) for m in d.event_mentions]
        out["stats"] = rc.stage_stats(stage.name)
        return elapsed

    runs = repeat(once, ctx.plan.repeats, ctx.budget)
    st = out["stats"]
    n_sent = st.extra.get("sentences", 0) or sum(len(d.sentences) for d in docs)
    cands, parsed = st.extra.get("candidate_sentences", 0), st.extra.get("parsed_sentences", 0)
    sec.add("ExtractStage (events per sentence)", rate(len(docs), median(runs)), "docs/s", size=len(docs),
            runs=tuple(len(docs) / r for r in runs),
            note=join_notes(f"{len(out['mentions']):,} event mentions", runs.note()))
    sec.add("ExtractStage (events per sentence)", rate(n_sent, median(runs)), "sentences/s", size=len(docs))
    if n_sent:
        sec.add("ExtractStage: share of sentences classified (candidates)", 100 * cands / n_sent, "%", size=len(docs),
                note=f"{cands:,} of {n_sent:,}")
        sec.add("ExtractStage: share of sentences parsed", 100 * parsed / n_sent, "%", size=len(docs),
                note=f"{parsed:,} of {n_sent:,}")
    return list(out["mentions"])


def replicate(mentions: list[Any], target: int, spread: bool) -> list[Any]:
    """Copies of the mentions under new document ids, places moved a little, dates moved either by
    ``SPREAD_WEEKS`` weeks per copy (``spread``: a longer stretch of coverage, as a bigger corpus has) or
    by up to ``MERGE_DATE_SHIFT_DAYS`` days (many reports of the same events). Undated mentions stay
    undated (the merge stage compares them with their whole event family)."""
    if not mentions:
        return []
    out: list[Any] = []
    r = 0
    while len(out) < target:
        shift = 7 * SPREAD_WEEKS * r if spread else r % (2 * MERGE_DATE_SHIFT_DAYS + 1) - MERGE_DATE_SHIFT_DAYS
        jitter = MERGE_PLACE_JITTER_DEG * ((r * 7919) % 11 - 5) / 5
        for m in mentions:
            if len(out) >= target:
                break
            new_date = m.event_date
            if m.event_date and r:
                try:
                    new_date = (date.fromisoformat(m.event_date) + timedelta(days=shift)).isoformat()
                except (ValueError, OverflowError):
                    new_date = m.event_date
            place = m.place
            if place is not None and place.latitude is not None and place.longitude is not None and r:
                place = dataclasses.replace(place, doc_id=f"{place.doc_id}#{r}", latitude=place.latitude + jitter,
                                            longitude=place.longitude - jitter)
            out.append(dataclasses.replace(m, doc_id=f"{m.doc_id}#{r}" if r else m.doc_id, event_date=new_date,
                                           place=place))
        r += 1
    return out


def merge_rate(mentions: list[Any], target: int, spread: bool, ctx: BenchContext, sec: Section) -> None:
    from frontwatch.pipeline.events.build import CorpusLinks, build_event
    from frontwatch.pipeline.events.merge import candidate_pairs, cluster_mentions

    fed = replicate(mentions, target, spread)
    doc_ids = {m.doc_id for m in fed}
    links = CorpusLinks({d: d for d in doc_ids}, dict.fromkeys(doc_ids), {d: f"outlet-{len(d) % 50}" for d in doc_ids})
    country: dict[str, str | None] = dict.fromkeys(doc_ids)
    out: dict[str, int] = {}

    def once() -> float:
        t = time.perf_counter()
        clusters = cluster_mentions(fed)
        events = [build_event(c, links, country) for c in clusters]
        out["events"] = len(events)
        return time.perf_counter() - t

    runs = repeat(once, ctx.plan.repeats, ctx.budget)
    how = f"copies {SPREAD_WEEKS} weeks apart" if spread else f"copies within +-{MERGE_DATE_SHIFT_DAYS} days"
    pairs = len(candidate_pairs(fed))
    undated = sum(1 for m in fed if not m.event_date)
    sec.add(f"event merge, {how} (cluster_mentions + build_event)", rate(len(fed), median(runs)), "mentions/s",
            size=len(fed), runs=tuple(len(fed) / r for r in runs),
            note=join_notes(f"{len(mentions):,} extracted mentions replicated; {pairs:,} candidate pairs; "
                            f"{undated:,} undated", runs.note()))
    sec.add(f"event merge, {how} (cluster_mentions + build_event)", rate(out["events"], median(runs)), "events/s",
            size=len(fed), note=f"{out['events']:,} events")


def merge(mentions: list[Any], ctx: BenchContext, sec: Section) -> None:
    name = "event merge (cluster_mentions + build_event)"
    try:
        for module in ("frontwatch.pipeline.events.merge", "frontwatch.pipeline.events.build"):
            importlib.import_module(module)
    except Exception as exc:
        sec.skip(name, _unavailable(exc))
        return
    if not mentions:
        sec.skip(name, "not available: no event mentions (the extract stage is not available or found none)")
        return
    merge_rate(mentions, ctx.plan.merge_mentions, True, ctx, sec)
    for size in (ctx.plan.merge_mentions // 8, ctx.plan.merge_mentions // 4):
        merge_rate(mentions, size, False, ctx, sec)


def measure(ctx: BenchContext) -> Section:
    sec = Section(KEY, "Geocoding and events")
    if ctx.plan.language_docs <= 0:
        sec.skip("GeoStage (geocoding)", "not available: this plan has no annotated sample")
        return sec
    docs = nlp_documents(ctx, ctx.plan.language_docs)
    docs = geocode(docs, ctx, sec)
    classify(docs, ctx, sec)
    mentions = extract(docs, ctx, sec)
    merge(mentions, ctx, sec)
    return sec
