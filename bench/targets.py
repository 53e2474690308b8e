"""The scale targets of issue 10 (part 4), judged from the measured sections."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bench.measure import Section

# Issue 10, part 4 (2 cores, English news).
TARGET_WORDS_PER_S = 6000.0  # end to end, start-up included, on 2 cores
TARGET_SPACY_RATIO = 0.6  # our end-to-end words/s over spaCy-sm NER-only words/s (one process)
TARGET_PEAK_RSS_MB = 1536.0  # 1.5 GB, independent of corpus size
TARGET_SPEEDUP = 1.7  # 1 -> 2 workers
# "Independent of corpus size": peak RSS at the full e2e corpus at most this much above the small one's.
RSS_GROWTH_TOLERANCE = 0.2


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    target: str
    figure: float | None
    unit: str
    met: bool | None  # None: not measured
    basis: str  # which measurement the figure comes from

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def verdict(self) -> str:
        return "not measured" if self.met is None else ("met" if self.met else "not met")


def _at_least(value: float | None, floor: float) -> bool | None:
    return None if value is None else value >= floor


def judge(e2e: Section | None, yardstick: Section | None, loaded: bool = False) -> list[Target]:
    """The four targets, judged on the default executor (local) with 2 workers; ``loaded`` (other
    processes kept the cores busy) is said next to the wall-clock ones."""
    def e2e_value(name: str) -> float | None:
        return e2e.value(name) if e2e is not None else None

    caveat = "; MACHINE LOADED by other processes: wall-clock figure understated" if loaded else ""
    words = e2e_value("analyze local, 2 workers: words/s")
    per_cpu_ratio = e2e_value("analyze local, 2 workers: ratio to spaCy NER-only per CPU second")
    spacy = yardstick.value("spaCy en_core_web_sm NER only") if yardstick is not None else None
    ratio = words / spacy if words is not None and spacy else None
    rss = e2e_value("analyze local, 2 workers: peak RSS")
    dask_rss = e2e_value("analyze dask, 2 workers: peak RSS")
    growth = e2e_value("peak RSS growth, small -> full corpus")
    rss_ok: bool | None = None
    if rss is not None:
        rss_ok = rss <= TARGET_PEAK_RSS_MB and (growth is None or growth <= 100 * RSS_GROWTH_TOLERANCE)
    speedup = e2e_value("speed-up 1 -> 2 workers, local")
    rss_basis = "analyze, local executor, 2 workers, process tree"
    if growth is not None:
        rss_basis += f"; growth small -> full corpus {growth:.0f} % (tolerance {100 * RSS_GROWTH_TOLERANCE:.0f} %)"
    else:
        rss_basis += "; growth with corpus size not measured"
    if dask_rss is not None:
        rss_basis += f"; dask executor, 2 workers: {dask_rss:,.0f} MB"
    return [
        Target("end-to-end words/s incl. start-up, 2 cores", f">= {TARGET_WORDS_PER_S:,.0f}", words, "words/s",
               _at_least(words, TARGET_WORDS_PER_S), "analyze, local executor, 2 workers, median wall time" + caveat),
        Target("ratio to spaCy-sm NER-only", f">= {TARGET_SPACY_RATIO}", ratio, "x",
               _at_least(ratio, TARGET_SPACY_RATIO),
               "local 2-worker words/s / one-process NER-only words/s, same texts, same run" + caveat
               + (f"; per CPU second {per_cpu_ratio:.2f} (2 workers on an idle 2-core machine: at most "
                  f"{2 * per_cpu_ratio:.2f})" if per_cpu_ratio is not None else "")),
        Target("peak RSS, independent of corpus size", f"<= {TARGET_PEAK_RSS_MB:,.0f} MB", rss, "MB", rss_ok,
               rss_basis),
        Target("speed-up 1 -> 2 workers", f">= {TARGET_SPEEDUP}", speedup, "x", _at_least(speedup, TARGET_SPEEDUP),
               "analyze, local executor, median wall times" + caveat),
    ]
