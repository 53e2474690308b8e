"""Per-document cost of reading and the per-document stages, measured one input at a time.

``python -m tests.reliability.measure FILE...`` builds the per-document stages once, then for every
input forks a child that reads it and runs the stages on what it read. The parent collects, per
input, the wall time and the child's peak resident memory (``wait4`` rusage), minus the memory the
child started with (the loaded models), and prints one JSON object per input. Forking isolates each
input: one that exhausts time or memory shows up on its own line and never skews the others.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any

# Child processes are given this much time per input before the parent kills them; the tests assert
# far smaller bounds, this only keeps a runaway input from hanging the harness.
HARD_LIMIT_S = 300


@dataclass
class Measure:
    path: str
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    growth_mb: float = 0.0  # peak RSS of the child minus the RSS it started with
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    stage_s: dict[str, float] = field(default_factory=dict)
    doc_errors: list[str] = field(default_factory=list)
    skipped_stages: list[str] = field(default_factory=list)
    failure: str | None = None  # the child died or raised


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _child(path: str, stages: list[Any], settings: Any, out_fd: int) -> None:
    from frontwatch.pipeline.base import RunContext
    from frontwatch.pipeline.chain import process_raw_batch
    from frontwatch.pipeline.ingest import Source, read_source
    from frontwatch.records import RawDocument, Skip

    m = Measure(path)
    ctx = RunContext(settings=settings)
    started = time.perf_counter()
    try:
        for rec in read_source(Source(path, True), settings):
            if isinstance(rec, Skip):
                m.skipped.append(f"{rec.code}: {rec.reason}")
                continue
            assert isinstance(rec, RawDocument)
            for doc in process_raw_batch([rec], stages, ctx):
                m.documents += 1
                m.doc_errors.extend(e[:200] for e in doc.errors)
                m.skipped_stages.extend(s[:200] for s in doc.skipped_stages)
    except BaseException as exc:  # reported, never raised: the parent owns the process
        m.failure = f"{type(exc).__name__}: {str(exc)[:300]}"
    m.wall_s = time.perf_counter() - started
    m.stage_s = {name: round(st.seconds, 3) for name, st in ctx.stats.items()}
    os.write(out_fd, json.dumps(asdict(m)).encode("utf-8"))


def _warm_up(stages: list[Any], ctx: Any) -> None:
    """Run one ordinary article through the stages so lazily loaded data (cue lists, gazetteer, language
    model) is in the parent before it forks: each child then pays only for its own input."""
    from frontwatch.pipeline.chain import process_raw_batch
    from frontwatch.pipeline.ingest.readers import content_hash
    from frontwatch.records import RawDocument

    text = ("KALMA, March 12 (Test Wire) - Government troops retook the town of Kalma on Tuesday after two days of "
            "fighting with rebels, a military spokesman said. At least 12 people were killed.")
    for fmt, body in (("text", text), ("html", f"<html><body><article><p>{text}</p></article></body></html>")):
        raw = RawDocument(doc_id="warm-up", source_path="warm-up", content=body, format=fmt,  # type: ignore[arg-type]
                          content_hash=content_hash(body, "warm-up"), published="2024-03-12")
        process_raw_batch([raw], stages, ctx)


def measure(paths: list[str]) -> list[Measure]:
    """Measure each input in its own forked child (Linux only)."""
    from frontwatch.config import Settings
    from frontwatch.pipeline.base import RunContext
    from frontwatch.pipeline.chain import build_document_stages

    settings = Settings()
    stages = build_document_stages(settings)
    ctx = RunContext(settings=settings)
    for stage in stages:
        stage.setup(ctx)
    _warm_up(stages, ctx)
    results = []
    for path in paths:
        read_fd, write_fd = os.pipe()
        base = _current_rss_mb()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            code = 0
            try:
                resource.setrlimit(resource.RLIMIT_CPU, (HARD_LIMIT_S, HARD_LIMIT_S))
                _child(path, stages, settings, write_fd)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        chunks = []
        while chunk := os.read(read_fd, 1 << 16):
            chunks.append(chunk)
        os.close(read_fd)
        _, status, usage = os.wait4(pid, 0)
        if chunks:
            m = Measure(**json.loads(b"".join(chunks)))
        else:
            m = Measure(path, failure=f"child died (wait status {status})")
        m.peak_rss_mb = round(usage.ru_maxrss / 1000, 1)  # ru_maxrss is in KiB on Linux
        m.growth_mb = round(max(0.0, m.peak_rss_mb - base), 1)
        m.wall_s = round(m.wall_s, 3)
        results.append(m)
    return results


def main(argv: list[str]) -> int:
    for m in measure(argv):
        sys.stdout.write(json.dumps(asdict(m), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
