"""Measurement 1: ``frontwatch analyze`` end to end, as a user runs it: the CLI in a subprocess on the
~2 k-document corpus, each run into a fresh output folder (a new database, so every document is
processed), start-up included.

Configurations: the local and the dask executor, 1 and 2 workers. The first round runs them first
thing (a configuration whose foreseen time would leave too little of the budget for the other
measurements is skipped and reported); more rounds run at the end of the benchmark while the budget
allows, and figures are medians over rounds. Per run: wall time,
documents/s and words/s (input words), peak RSS of the whole process tree (``psutil``, sampled every
0.2 s), CPU seconds of the tree, start-up (wall time minus the run's own ``timings_s.total``), and the
share of time per stage from ``summary.json``. Then the 1 -> 2 worker speed-up, the ratio to the spaCy
yardstick, and one run on a smaller corpus to see whether peak RSS grows with the corpus.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import CorpusFile
from bench.measure import MB, RssSampler, Section, median, rate
from bench.plan import BenchContext

log = logging.getLogger(__name__)

KEY = "e2e"
# A run that takes longer than this is killed (its process group) and reported as an error.
RUN_TIMEOUT_S = 15 * 60
# Round-one runs leave this share of the plan's budget to the measurements after them; a configuration
# whose foreseen time does not fit is skipped (reported), so a loaded machine still ends in time.
RESERVE_SHARE = 0.3
# A dask run takes about this many times the local run with the same workers (LocalCluster start,
# scheduler and serialisation; measured 1.55-1.6x on the reference machine).
DASK_FACTOR = 1.6
PHASES = ("ingest", "documents", "global", "outputs", "total")


@dataclass(frozen=True, slots=True)
class E2ERun:
    executor: str
    workers: int
    documents: int
    wall_s: float
    cpu_s: float
    peak_rss: int  # bytes, sum over the process tree
    peak_single_rss: int  # bytes, the largest single process
    summary: dict[str, Any]

    @property
    def startup_s(self) -> float:
        total = float(self.summary.get("timings_s", {}).get("total", 0.0))
        return max(0.0, self.wall_s - total)


def label(executor: str, workers: int) -> str:
    return f"analyze {executor}, {workers} worker{'s' if workers > 1 else ''}"


def command(corpus: Path, out: Path, executor: str, workers: int) -> list[str]:
    return [sys.executable, "-m", "frontwatch.cli.main", "analyze", str(corpus), "--out", str(out), "--quiet",
            "--executor", executor, "--workers", str(workers)]


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill the run's process group (the CLI and its workers), which it got from ``start_new_session``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def run_once(corpus: Path, documents: int, executor: str, workers: int, folder: Path) -> E2ERun:
    """One ``frontwatch analyze`` subprocess into a fresh folder; raises RuntimeError when it fails."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    out = folder / "out"
    cpu_before = _children_cpu()
    with (folder / "run.log").open("wb") as logf:
        started = time.perf_counter()
        proc = subprocess.Popen(command(corpus, out, executor, workers), stdout=logf, stderr=subprocess.STDOUT,
                                start_new_session=True)
        with RssSampler(proc.pid) as rss:
            try:
                code = proc.wait(timeout=RUN_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                _stop(proc)
                raise RuntimeError(f"{label(executor, workers)} ran past {RUN_TIMEOUT_S} s and was stopped") from None
            except BaseException:  # interrupted: do not leave the run (its own process group) behind
                _stop(proc)
                raise
        wall = time.perf_counter() - started
    if code != 0:
        tail = (folder / "run.log").read_text("utf-8", errors="replace")[-400:]
        raise RuntimeError(f"{label(executor, workers)} exited with {code}: {tail.strip()}")
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    shutil.rmtree(out, ignore_errors=True)  # the database and report are not needed any more
    return E2ERun(executor, workers, documents, wall, _children_cpu() - cpu_before, rss.peak_total, rss.peak_single,
                  summary)


def stage_shares(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Seconds and share of each stage in ``summary['stages']`` (shares of the stages' total)."""
    stages = summary.get("stages", {})
    total = sum(float(s.get("seconds") or 0.0) for s in stages.values())
    return {name: {"seconds": float(s.get("seconds") or 0.0),
                   "share": float(s.get("seconds") or 0.0) / total if total > 0 else 0.0,
                   "docs_per_s": s.get("docs_per_s"), "words_per_s": s.get("words_per_s")}
            for name, s in stages.items()}


def phases(run: E2ERun) -> dict[str, float]:
    t = run.summary.get("timings_s", {})
    out = {p: float(t.get(p, 0.0)) for p in PHASES}
    out["start-up"] = run.startup_s
    out["wall"] = run.wall_s
    return out


def median_run(runs: list[E2ERun]) -> E2ERun:
    ordered = sorted(runs, key=lambda r: r.wall_s)
    return ordered[(len(ordered) - 1) // 2]


def report_config(runs: list[E2ERun], words: int, sec: Section, yardstick: float | None,
                  yardstick_cpu: float | None = None) -> None:
    first = runs[0]
    name = label(first.executor, first.workers)
    walls = [r.wall_s for r in runs]
    wall = median(walls)
    n = first.documents
    analysed = first.summary.get("documents_analysed")
    sec.add(f"{name}: wall time", wall, "s", size=n, runs=tuple(walls),
            note=f"{analysed} documents analysed" if analysed is not None else "")
    sec.add(f"{name}: docs/s", rate(n, wall), "docs/s", size=n, runs=tuple(n / w for w in walls))
    sec.add(f"{name}: words/s", rate(words, wall), "words/s", size=n, runs=tuple(words / w for w in walls),
            note="start-up included")
    sec.add(f"{name}: peak RSS", max(r.peak_rss for r in runs) / MB, "MB", size=n,
            runs=tuple(r.peak_rss / MB for r in runs),
            note=f"process tree (max shown); largest process {max(r.peak_single_rss for r in runs) / MB:,.0f} MB")
    startups = [r.startup_s for r in runs]
    sec.add(f"{name}: start-up", median(startups), "s", size=n, runs=tuple(startups),
            note="wall time minus the run's timings_s.total")
    use = [r.cpu_s / r.wall_s for r in runs]
    sec.add(f"{name}: CPU use", median(use), "x", size=n, runs=tuple(use),
            note="CPU seconds of the process tree / wall seconds")
    per_cpu = [words / r.cpu_s for r in runs if r.cpu_s > 0]
    if per_cpu:
        sec.add(f"{name}: words per CPU second", median(per_cpu), "words/s", size=n, runs=tuple(per_cpu),
                note="the cost whatever the load: CPU seconds of the whole tree, start-up included")
    if yardstick:
        sec.add(f"{name}: ratio to spaCy NER-only", words / wall / yardstick, "x", size=n)
    if yardstick_cpu and per_cpu:
        sec.add(f"{name}: ratio to spaCy NER-only per CPU second", median(per_cpu) / yardstick_cpu, "x", size=n,
                note="words per CPU second over the yardstick's: load-independent efficiency")


@dataclass
class _State:
    corpus: CorpusFile
    runs: dict[tuple[str, int], list[E2ERun]] = field(default_factory=dict)
    errors: dict[tuple[str, int], str] = field(default_factory=dict)
    skipped: dict[tuple[str, int], str] = field(default_factory=dict)
    small: E2ERun | None = None
    small_error: str | None = None


def foresee(runs: dict[tuple[str, int], list[E2ERun]], cfg: tuple[str, int]) -> float | None:
    """The expected wall time of a configuration from the runs so far (None: nothing to go by)."""
    executor, workers = cfg

    def wall(c: tuple[str, int]) -> float | None:
        return max(r.wall_s for r in runs[c]) if runs.get(c) else None

    if (known := wall(cfg)) is not None:
        return known
    # the same executor with other workers, scaled as the local executor scaled
    for other in {w for e, w in runs if e == executor and w != workers}:
        same, local_here, local_there = wall((executor, other)), wall(("local", workers)), wall(("local", other))
        if same is not None and local_here is not None and local_there:
            return same * local_here / local_there
    factor = DASK_FACTOR if executor == "dask" else 1.0
    for base in (("local", workers), ("local", 1)):
        if (known := wall(base)) is not None:
            return factor * known
    return None


def _run(state: _State, cfg: tuple[str, int], ctx: BenchContext, rnd: int) -> None:
    executor, workers = cfg
    log.info("%s, round %d", label(executor, workers), rnd + 1)
    try:
        run = run_once(state.corpus.path, state.corpus.documents, executor, workers,
                       ctx.work / "e2e" / f"{executor}-{workers}")
    except Exception as exc:
        log.warning("%s failed: %s", label(executor, workers), exc)
        state.errors[cfg] = f"{type(exc).__name__}: {exc}"
        return
    state.runs.setdefault(cfg, []).append(run)
    log.info("  %.1f s, %.0f words/s, peak RSS %.0f MB", run.wall_s, state.corpus.words / run.wall_s,
             run.peak_rss / MB)


def _small(state: _State, ctx: BenchContext) -> None:
    """The local 2-worker run on a smaller corpus: does peak RSS grow with the corpus?"""
    full = state.runs.get(("local", 2))
    if not full or ctx.plan.e2e_small_docs <= 0:
        return
    small_corpus = ctx.e2e_corpus(ctx.plan.e2e_small_docs)
    try:
        state.small = run_once(small_corpus.path, small_corpus.documents, "local", 2,
                               ctx.work / "e2e" / "local-2-small")
    except Exception as exc:
        state.small_error = f"{type(exc).__name__}: {exc}"


def _first_round(state: _State, ctx: BenchContext) -> None:
    reserve = RESERVE_SHARE * ctx.plan.budget_s
    for cfg in ctx.plan.e2e_configs:
        foreseen = foresee(state.runs, cfg)
        if foreseen is not None and not ctx.budget.allows(foreseen + reserve):
            state.skipped[cfg] = (f"skipped: ~{foreseen:.0f} s foreseen would overrun the time budget "
                                  f"({ctx.budget.left:.0f} s left, {reserve:.0f} s kept for the other measurements; "
                                  "raise it with --budget)")
            log.info("%s %s", label(*cfg), state.skipped[cfg])
            continue
        _run(state, cfg, ctx, 0)
        if cfg == ("local", 2):
            _small(state, ctx)


def _more(state: _State, ctx: BenchContext) -> None:
    """Rounds after the first, each run only while the budget allows."""
    for rnd in range(1, ctx.plan.e2e_rounds):
        for cfg in ctx.plan.e2e_configs:
            done = state.runs.get(cfg)
            if cfg in state.errors or not done:
                continue
            if not ctx.budget.allows(1.2 * max(r.wall_s for r in done)):
                log.info("time budget: no round %d of %s", rnd + 1, label(*cfg))
                continue
            _run(state, cfg, ctx, rnd)


def build_rows(state: _State, ctx: BenchContext, sec: Section) -> None:
    """(Re)compute the section's rows and tables from the runs so far."""
    sec.rows.clear()
    corpus = state.corpus
    yardstick = ctx.shared.get("yardstick_words_per_s")
    shares: dict[str, Any] = {}
    phase_table: dict[str, Any] = {}
    for executor, workers in ctx.plan.e2e_configs:
        cfg = (executor, workers)
        if cfg not in state.runs:
            if cfg in state.errors:
                sec.error(label(executor, workers), state.errors[cfg])
            elif cfg in state.skipped:
                sec.skip(label(executor, workers), state.skipped[cfg])
            continue
        report_config(state.runs[cfg], corpus.words, sec, yardstick, ctx.shared.get("yardstick_words_per_cpu_s"))
        mid = median_run(state.runs[cfg])
        shares[label(executor, workers)] = stage_shares(mid.summary)
        phase_table[label(executor, workers)] = phases(mid)
    for executor in dict.fromkeys(e for e, _ in ctx.plan.e2e_configs):
        one, two = state.runs.get((executor, 1)), state.runs.get((executor, 2))
        if one and two:
            sec.add(f"speed-up 1 -> 2 workers, {executor}", median([r.wall_s for r in one]) /
                    median([r.wall_s for r in two]), "x", size=corpus.documents, note="median wall times")
    all_runs = [r for rs in state.runs.values() for r in rs]
    if all_runs:
        worst = max(all_runs, key=lambda r: r.peak_rss)
        sec.add("peak RSS, all runs", worst.peak_rss / MB, "MB", size=corpus.documents,
                note=f"process tree, highest: {label(worst.executor, worst.workers)}")
    full = state.runs.get(("local", 2))
    if state.small is not None and full:
        big = max(r.peak_rss for r in full)
        sec.add(f"{label('local', 2)}: peak RSS, small corpus", state.small.peak_rss / MB, "MB",
                size=state.small.documents)
        sec.add("peak RSS growth, small -> full corpus", 100 * (big - state.small.peak_rss) / state.small.peak_rss,
                "%", size=corpus.documents, note=f"{state.small.documents:,} -> {corpus.documents:,} documents")
    elif state.small_error:
        sec.skip("peak RSS growth, small -> full corpus", state.small_error)
    sec.tables["stage_shares"] = shares
    sec.tables["phases"] = phase_table
    sec.tables["corpus"] = {"documents": corpus.documents, "words": corpus.words}


def measure(ctx: BenchContext) -> Section:
    sec = Section(KEY, "End to end (frontwatch analyze, CLI subprocess)")
    if not ctx.plan.e2e_configs:
        sec.skip("analyze", "not available: this plan has no end-to-end runs")
        return sec
    state = _State(ctx.e2e_corpus())
    _first_round(state, ctx)
    build_rows(state, ctx, sec)

    def later() -> None:
        _more(state, ctx)
        build_rows(state, ctx, sec)

    ctx.later.append(later)
    return sec
