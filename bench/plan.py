"""Sizes and repeats of each benchmark mode, and the context every measurement receives.

``full`` (``make bench``) must finish in under 20 minutes on the 2-core reference machine, ``quick``
(``make bench-quick``) in under 2; ``smoke`` is the seconds-long run the test suite makes. The figures
below were set by timing each measurement on that machine (docs/benchmarks.md has the timings).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import CorpusFile, e2e_corpus, html_corpus, scale_corpus
from bench.measure import Budget

# (executor, workers) of the end-to-end runs, in the order they run.
E2E_CONFIGS: tuple[tuple[str, int], ...] = (("local", 1), ("local", 2), ("dask", 1), ("dask", 2))


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    e2e_docs: int  # documents of the end-to-end corpus
    e2e_small_docs: int  # a smaller end-to-end corpus, run once, to see whether peak RSS grows with size
    e2e_configs: tuple[tuple[str, int], ...]
    e2e_rounds: int  # rounds over all configurations; rounds after the first only while the budget allows
    scale_sizes: tuple[int, ...]  # documents of the cheap-stage corpora (reading, syndication index)
    detect_docs: int  # documents of the corpus the whole syndication analysis (with alignment) runs on
    clean_text_docs: int
    clean_html_docs: int
    datasketch_docs: int  # sample for datasketch's per-shingle MinHash.update
    language_docs: int  # cleaned documents for the language, geocoding and extract measurements
    merge_mentions: int  # event mentions fed to the merge stage
    repeats: int  # runs of the short measurements (the median is reported)
    budget_s: float  # time budget: optional repeats and the largest sizes run only while it allows
    profile_docs: int  # documents of the profiled analyze run (--profile)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Timed on the 2-core reference machine (CPU seconds, i.e. as if idle): the end-to-end runs take ~8 min,
# the 1 M-document reading and indexing ~5 min, everything else ~3 min; building the 1 M corpus the first
# time ~1 min. The budget keeps a loaded machine under the 20-minute limit by dropping what does not fit.
PLANS: dict[str, Plan] = {
    "full": Plan(
        name="full", e2e_docs=2000, e2e_small_docs=300, e2e_configs=E2E_CONFIGS, e2e_rounds=3,
        scale_sizes=(100_000, 1_000_000), detect_docs=10_000, clean_text_docs=1000, clean_html_docs=300,
        datasketch_docs=1000, language_docs=80, merge_mentions=20_000, repeats=3, budget_s=19 * 60,
        profile_docs=200,
    ),
    "quick": Plan(
        name="quick", e2e_docs=60, e2e_small_docs=0, e2e_configs=(("local", 1), ("local", 2), ("dask", 2)),
        e2e_rounds=1, scale_sizes=(10_000,), detect_docs=3_000, clean_text_docs=150, clean_html_docs=40,
        datasketch_docs=200, language_docs=30, merge_mentions=2_000, repeats=3, budget_s=110, profile_docs=50,
    ),
    "smoke": Plan(
        name="smoke", e2e_docs=0, e2e_small_docs=0, e2e_configs=(), e2e_rounds=0, scale_sizes=(200,),
        detect_docs=200, clean_text_docs=10, clean_html_docs=3, datasketch_docs=10, language_docs=0,
        merge_mentions=200, repeats=2, budget_s=60, profile_docs=0,
    ),
}


@dataclass
class BenchContext:
    plan: Plan
    data_dir: Path
    work: Path
    budget: Budget
    corpora: dict[str, CorpusFile] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)  # results one measurement leaves for another
    later: list[Callable[[], None]] = field(default_factory=list)  # optional work run last, budget allowing

    def e2e_corpus(self, documents: int | None = None) -> CorpusFile:
        n = documents or self.plan.e2e_docs
        return self._corpus(f"e2e-{n}", lambda: e2e_corpus(self.data_dir, self.work, n))

    def scale_corpus(self, documents: int) -> CorpusFile:
        return self._corpus(f"scale-{documents}", lambda: scale_corpus(self.data_dir, self.work, documents))

    def html_corpus(self, documents: int) -> CorpusFile:
        return self._corpus(f"html-{documents}", lambda: html_corpus(self.data_dir, self.work, documents))

    def _corpus(self, name: str, build: Any) -> CorpusFile:
        if name not in self.corpora:
            self.corpora[name] = build()
        return self.corpora[name]
