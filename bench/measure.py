"""What every measurement shares: result rows, repeated timing with medians, a time budget, and a
peak-RSS sampler for a process tree."""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

log = logging.getLogger(__name__)

Status = Literal["ok", "skipped", "error"]
# The RSS sampler's period: short enough to catch a model load's peak, long enough to cost nothing.
RSS_PERIOD_S = 0.2


class NotAvailable(Exception):
    """Raised by a measurement whose stage or input is not available yet; becomes a skipped section."""


@dataclass(frozen=True, slots=True)
class Row:
    """One measured figure: the median of ``runs`` (or a single value)."""

    measurement: str  # section key: "e2e", "reading", ...
    name: str  # what was measured: "analyze local, 2 workers"
    value: float | None
    unit: str  # "words/s", "docs/s", "s", "MB", "x", "%"
    size: int | None = None  # documents measured over
    runs: tuple[float, ...] = ()
    status: Status = "ok"
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Section:
    """The outcome of one measurement module."""

    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    tables: dict[str, Any] = field(default_factory=dict)  # extra structured results (stage shares ...)
    seconds: float = 0.0
    status: Status = "ok"
    note: str = ""

    def add(self, name: str, value: float | None, unit: str, *, size: int | None = None,
            runs: tuple[float, ...] = (), note: str = "") -> Row:
        row = Row(self.key, name, value, unit, size, tuple(round(r, 4) for r in runs), "ok", note)
        self.rows.append(row)
        return row

    def skip(self, name: str, reason: str) -> None:
        self.rows.append(Row(self.key, name, None, "", status="skipped", note=reason))

    def error(self, name: str, reason: str) -> None:
        self.rows.append(Row(self.key, name, None, "", status="error", note=reason))

    def value(self, name: str) -> float | None:
        for r in self.rows:
            if r.name == name and r.status == "ok":
                return r.value
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "status": self.status, "note": self.note,
                "seconds": round(self.seconds, 2), "rows": [r.as_dict() for r in self.rows], "tables": self.tables}


@dataclass
class Budget:
    """A soft deadline: required work always runs once; optional repeats stop when time is short."""

    total_s: float
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def left(self) -> float:
        return self.total_s - self.elapsed

    def allows(self, seconds: float) -> bool:
        return self.left >= seconds


def median(values: list[float]) -> float:
    return float(statistics.median(values))


class Runs(list[float]):
    """The values of repeated calls, and the share of a CPU core this process got while they ran
    (process CPU time / wall time): well under 1 means other processes competed for the CPU."""

    cpu_share: float = 1.0

    def note(self) -> str:
        return f"process got {100 * self.cpu_share:.0f} % of a core" if self.cpu_share < CONTENDED_SHARE else ""


# Below this share of a core, a single-process measurement is flagged as disturbed by other processes.
CONTENDED_SHARE = 0.85


def repeat(fn: Callable[[], float], times: int, budget: Budget | None = None) -> Runs:
    """Call ``fn`` (it returns seconds, or any figure) up to ``times`` times; the first call always runs,
    a later one only when the budget has room for another call as long as the slowest so far."""
    values = Runs()
    spent: list[float] = []
    cpu = 0.0
    for _ in range(max(1, times)):
        if values and budget is not None and not budget.allows(max(spent) * 1.2):
            log.info("time budget: stopping after %d of %d runs", len(values), times)
            break
        t, c = time.perf_counter(), time.process_time()
        values.append(fn())
        spent.append(time.perf_counter() - t)
        cpu += time.process_time() - c
    values.cpu_share = cpu / sum(spent) if sum(spent) > 0 else 1.0
    return values


class Stopwatch:
    """Wall and process CPU time of a ``with`` block."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0
        self._t = self._c = 0.0

    def __enter__(self) -> Stopwatch:
        self._t, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._t
        self.cpu += time.process_time() - self._c

    def note(self) -> str:
        share = self.cpu / self.wall if self.wall > 0 else 1.0
        return f"process got {100 * share:.0f} % of a core" if share < CONTENDED_SHARE else ""


def join_notes(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def rate(count: float, seconds: float) -> float | None:
    return count / seconds if seconds > 0 else None


class RssSampler:
    """Peak resident memory of a process and all its descendants, sampled in a thread.

    The sum of RSS counts pages shared between a parent and its forked workers more than once, so it
    over-states the tree's footprint a little: a conservative figure for the 1.5 GB target.
    """

    def __init__(self, pid: int, period: float = RSS_PERIOD_S) -> None:
        self.pid = pid
        self.period = period
        self.peak_total = 0
        self.peak_single = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"rss-{pid}", daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def sample(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0
        for p in procs:
            try:
                rss = int(p.memory_info().rss)
            except psutil.Error:
                continue
            total += rss
            self.peak_single = max(self.peak_single, rss)
        self.peak_total = max(self.peak_total, total)
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.period)


def current_rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


MB = 1024 * 1024
