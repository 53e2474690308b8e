"""Running the ``frontwatch`` command in a child process: to completion (with its wall time and peak
memory), or until a SIGKILL at a chosen moment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# A command that has not finished after this long has hung: the test fails instead of waiting forever.
RUN_LIMIT_S = 600
POLL_S = 0.05


@dataclass(frozen=True, slots=True)
class Finished:
    returncode: int
    wall_s: float
    peak_rss_mb: float  # the child's own peak resident set size (``wait4`` rusage)
    output: str  # standard output and error, interleaved


@dataclass(frozen=True, slots=True)
class Killed:
    delay_s: float
    killed: bool  # False when the command had already exited
    returncode: int | None


def command(*args: str) -> list[str]:
    """The CLI as an installed user runs it (``python -m frontwatch.cli.main`` is the console script)."""
    return [sys.executable, "-m", "frontwatch.cli.main", *args]


def _popen(args: list[str], sink: IO[bytes]) -> subprocess.Popen[bytes]:
    # A session of its own: a kill reaches the whole process group (a --workers pool included).
    return subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, env=os.environ.copy())


def run(args: list[str], log: Path) -> Finished:
    """Run to completion; the peak RSS is the child's own, from ``os.wait4``."""
    started = time.perf_counter()
    with open(log, "wb") as sink:
        proc = _popen(args, sink)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > RUN_LIMIT_S:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise AssertionError(f"{' '.join(args[3:])} ran longer than {RUN_LIMIT_S} s")
            time.sleep(POLL_S)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    return Finished(proc.returncode, wall, usage.ru_maxrss / 1000, log.read_text(encoding="utf-8", errors="replace"))


def run_and_kill(args: list[str], delay_s: float, log: Path, until: Callable[[], bool] | None = None) -> Killed:
    """Start the command and SIGKILL its process group ``delay_s`` seconds after ``until()`` first holds
    (polled; at once when no condition is given), unless the command has exited by then."""
    with open(log, "wb") as sink:
        proc = _popen(args, sink)
        started = time.perf_counter()
        while until is not None and not until():
            if proc.poll() is not None:
                return Killed(delay_s, False, proc.returncode)
            if time.perf_counter() - started > RUN_LIMIT_S:
                break
            time.sleep(POLL_S / 5)
        try:
            proc.wait(timeout=delay_s)
            return Killed(delay_s, False, proc.returncode)
        except subprocess.TimeoutExpired:
            pass
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return Killed(delay_s, True, None)
