"""Where a worker's memory goes: resident memory after each per-document stage is set up, then after
each stage has run over the same documents (models some stages load on first use, caches and buffers
show there), measured in a fresh subprocess (``python -m bench.memory CORPUS N``) so nothing else is
loaded. Explains the end-to-end peak RSS: every worker process holds all of this.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure import MB, NotAvailable, Section
from bench.plan import BenchContext

KEY = "memory"
DOCS = 200  # documents processed after the set-ups (buffers, caches and arenas grow with use)


def _rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def profile_worker(corpus: Path, n: int) -> list[dict[str, Any]]:
    """Set up the stages one by one in this process, then run ``n`` documents through them."""
    import itertools

    steps: list[dict[str, Any]] = [{"step": "python + frontwatch imported", "rss": 0, "seconds": 0.0}]
    import frontwatch.pipeline.chain as chain
    from frontwatch.config import load_settings
    from frontwatch.pipeline.base import RunContext, run_stage
    from frontwatch.pipeline.ingest import Source, read_source
    from frontwatch.records import Document, RawDocument

    steps[0]["rss"] = _rss()
    settings = load_settings()
    ctx = RunContext(settings=settings)
    stages = chain.build_document_stages(settings)
    for stage in stages:
        started = time.perf_counter()
        stage.setup(ctx)
        steps.append({"step": f"{stage.name} set up", "rss": _rss(), "seconds": time.perf_counter() - started})
    raws = [r for r in itertools.islice(read_source(Source(str(corpus), explicit=True), settings), n)
            if isinstance(r, RawDocument)]
    items: list[Any] = raws
    size = settings.batch_size
    for stage in stages:  # stage by stage over all documents, so each one's growth shows
        started = time.perf_counter()
        out: list[Any] = []
        for i in range(0, len(items), size):
            batch = items[i: i + size]
            results = run_stage(stage, batch, ctx)
            out += [r if isinstance(r, Document) else b for r, b in zip(results, batch, strict=True)]
        items = [d for d in out if isinstance(d, Document)]
        steps.append({"step": f"{stage.name} ran on {len(raws)} documents", "rss": _rss(),
                      "seconds": time.perf_counter() - started})
    return steps


def measure(ctx: BenchContext) -> Section:
    if ctx.plan.e2e_docs <= 0:
        raise NotAvailable("this plan has no end-to-end corpus")
    sec = Section(KEY, "Memory of one worker process, by stage")
    corpus = ctx.e2e_corpus()
    n = min(DOCS, corpus.documents)
    proc = subprocess.run([sys.executable, "-m", "bench.memory", str(corpus.path), str(n)], capture_output=True,
                          text=True, timeout=600, cwd=Path(__file__).resolve().parents[1])
    if proc.returncode != 0:
        raise RuntimeError(f"bench.memory exited with {proc.returncode}: {proc.stderr.strip()[-300:]}")
    steps = json.loads(proc.stdout.strip().splitlines()[-1])
    previous = 0
    for step in steps:
        grew = step["rss"] - previous
        sec.add(step["step"], step["rss"] / MB, "MB", note=f"+{grew / MB:,.0f} MB"
                + (f"; {step['seconds']:.1f} s" if step["seconds"] else ""))
        previous = step["rss"]
    return sec


if __name__ == "__main__":
    print(json.dumps(profile_worker(Path(sys.argv[1]), int(sys.argv[2]))))
