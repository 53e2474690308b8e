"""``--profile``: cProfile of the slow stages, top functions by own time, for docs/benchmarks.md.

Profiled in this process: ``frontwatch.runner.analyze`` (local executor, 1 worker) on a small
end-to-end corpus, ``CleanStage`` on plain text and on HTML, and ``read_source`` on JSON lines. Each
profile is also written to ``<work>/profiles/<name>.txt`` (and a ``.prof`` file for snakeviz & co).
"""

from __future__ import annotations

import cProfile
import io
import itertools
import logging
import pstats
import re
import shutil
import site
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.cleaning import raw_documents
from bench.plan import BenchContext

log = logging.getLogger(__name__)

TOP = 22  # functions listed per profile
READ_DOCS = 20_000


def _shorten(text: str) -> str:
    prefixes = sorted({*site.getsitepackages(), site.getusersitepackages(), sys.prefix, sys.base_prefix,
                       str(Path(__file__).resolve().parents[1] / "src")}, key=len, reverse=True)
    for p in prefixes:
        text = text.replace(p.rstrip("/") + "/", "")
    return re.sub(r"lib/python3\.\d+/", "", text)


def profile(name: str, fn: Callable[[], Any], folder: Path, sort: str = "tottime") -> str:
    prof = cProfile.Profile()
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    prof.dump_stats(str(folder / f"{slug}.prof"))
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats(sort).print_stats(TOP)
    lines = buf.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "function calls" in line), 0)
    text = _shorten("\n".join(line.rstrip() for line in lines[start:] if line.strip()))
    (folder / f"{slug}.txt").write_text(text + "\n", "utf-8")
    log.info("profiled %s", name)
    return text


def profile_all(ctx: BenchContext) -> dict[str, str]:
    from frontwatch.config import Settings
    from frontwatch.pipeline.base import RunContext, run_stage
    from frontwatch.pipeline.clean import CleanStage
    from frontwatch.pipeline.ingest import Source, read_source

    folder = ctx.work / "profiles"
    out: dict[str, str] = {}
    n = ctx.plan.profile_docs
    if n <= 0:
        return out
    settings = Settings(workers=1)
    corpus = ctx.e2e_corpus(n)
    run_dir = ctx.work / "profile-analyze"

    def analyze() -> None:
        from frontwatch.runner import analyze as run_analyze

        shutil.rmtree(run_dir, ignore_errors=True)
        run_analyze([str(corpus.path)], run_dir, settings)

    try:
        out[f"analyze, local executor, 1 worker, {corpus.documents} documents"] = profile("analyze", analyze, folder)
    except Exception as exc:
        log.warning("profiling analyze failed: %s", exc)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    text = raw_documents(ctx.scale_corpus(min(ctx.plan.scale_sizes)).path, min(200, ctx.plan.clean_text_docs))
    html = raw_documents(ctx.html_corpus(ctx.plan.clean_html_docs).path, min(60, ctx.plan.clean_html_docs))
    for label, raws in (("plain text", text), ("HTML", html)):
        stage = CleanStage()

        def clean(raws: list[Any] = raws, stage: CleanStage = stage) -> None:
            rc = RunContext(settings=settings)
            for i in range(0, len(raws), settings.batch_size):
                run_stage(stage, raws[i: i + settings.batch_size], rc)

        run_stage(stage, raws[:2], RunContext(settings=settings))
        out[f"CleanStage {label}, {len(raws)} documents"] = profile(f"clean-{label}", clean, folder)
    path = ctx.scale_corpus(min(ctx.plan.scale_sizes)).path

    def read() -> None:
        for _ in itertools.islice(read_source(Source(str(path), explicit=True), settings), READ_DOCS):
            pass

    out[f"read_source jsonl, {READ_DOCS:,} records"] = profile("read", read, folder)
    return out
