"""``python -m bench.run [--quick] --out bench``: run the measurements, write results.json and results.md.

Each measurement runs in turn; one that fails or whose stage is not available yet becomes an error or
"not available" row and the others go on. ``--only`` runs a subset and writes
``<work>/results-<names>.{json,md}`` so the committed results are left alone.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import HARNESS_VERSION
from bench.machine import load_average, machine_info, machine_loaded
from bench.measure import Budget, NotAvailable, Section
from bench.plan import PLANS, BenchContext
from bench.report import write
from bench.sources import available
from bench.targets import judge

log = logging.getLogger("bench")

ROOT = Path(__file__).resolve().parents[1]
# Measurements in the order they run: end to end first (the targets depend on it), the yardstick, the
# per-stage ones, then the cheap stages whose largest sizes run only if the budget has room; last, the
# extra end-to-end rounds, budget allowing.
SECTIONS: dict[str, str] = {
    "e2e": "bench.e2e",
    "yardstick": "bench.yardstick",
    "memory": "bench.memory",
    "cleaning": "bench.cleaning",
    "language": "bench.language",
    "geo_events": "bench.geo_events",
    "reading": "bench.reading",
    "syndication": "bench.syndication",
}
NEEDS_GAZETTEER = {"geo_events", "e2e", "memory"}


def default_data_dir() -> Path:
    env = os.environ.get("FRONTWATCH_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="the under-2-minutes plan (make bench-quick)")
    p.add_argument("--plan", choices=sorted(PLANS), help="full (default), quick or smoke (the test suite's)")
    p.add_argument("--out", type=Path, default=Path("bench"), help="where results.json/.md go (default: bench)")
    p.add_argument("--work", type=Path, help="built corpora and run folders (default: OUT/work)")
    p.add_argument("--data", type=Path, help="the public data sets (default: $FRONTWATCH_SHARED_DATA or "
                   "../shared/data)")
    p.add_argument("--budget", type=float, help="time budget in seconds (default: the plan's; full 1140, quick 110)")
    p.add_argument("--only", help=f"comma-separated measurements: {', '.join(SECTIONS)}")
    p.add_argument("--profile", action="store_true", help="also profile the slow stages (cProfile) into the results")
    p.add_argument("--verbose", "-v", action="store_true")
    return p.parse_args(argv)


def ensure_gazetteer(section: Section) -> None:
    """Build the gazetteer now if it is missing, so no timed run pays for it; record how long it took."""
    from frontwatch.config import load_settings
    from frontwatch.geo import Geocoder

    started = time.perf_counter()
    Geocoder.load(load_settings())
    seconds = time.perf_counter() - started
    note = "built on first use (once per machine)" if seconds > 5 else "already built: opened"
    section.add("gazetteer build / open", seconds, "s", note=note)


def run_section(key: str, ctx: BenchContext) -> Section:
    started = time.perf_counter()
    log.info("== %s (%.0f s elapsed)", key, ctx.budget.elapsed)
    try:
        module: Any = importlib.import_module(SECTIONS[key])
        section: Section = module.measure(ctx)
    except NotAvailable as exc:
        section = Section(key, key, status="skipped", note=f"not available: {exc}")
    except Exception as exc:  # one failing measurement never stops the others
        log.exception("measurement %s failed", key)
        section = Section(key, key, status="error", note=f"{type(exc).__name__}: {exc}")
    section.seconds = time.perf_counter() - started
    log.info("   %s done in %.1f s", key, section.seconds)
    return section


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C, so running end-to-end subprocesses are stopped too."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; SIGTERM is turned into SystemExit meanwhile (and restored afterwards)."""
    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    for noisy in ("distributed", "asyncio", "urllib3", "trafilatura", "htmldate"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    plan = PLANS[args.plan or ("quick" if args.quick else "full")]
    data_dir = args.data or default_data_dir()
    work = args.work or args.out / "work"
    keys = [k.strip() for k in args.only.split(",")] if args.only else list(SECTIONS)
    unknown = [k for k in keys if k not in SECTIONS]
    if unknown:
        print(f"unknown measurement(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    found = available(data_dir)
    if not any(found.values()):
        print(f"no benchmark data under {data_dir} (set --data or FRONTWATCH_SHARED_DATA)", file=sys.stderr)
        return 2
    budget = Budget(args.budget or plan.budget_s)
    ctx = BenchContext(plan, data_dir, work, budget)
    command = " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])])
    results: dict[str, Any] = {"harness": HARNESS_VERSION, "plan": plan.as_dict(), "machine": machine_info(),
                               "command": command, "budget_s": budget.total_s, "data_dir": str(data_dir),
                               "data_available": found}
    setup = Section("setup", "Setup (one-time costs, not in any figure below)")
    if NEEDS_GAZETTEER & set(keys) and plan.name != "smoke":
        try:
            ensure_gazetteer(setup)
        except Exception as exc:
            log.warning("gazetteer not available: %s", exc)
            setup.error("gazetteer build / open", f"{type(exc).__name__}: {exc}")
    sections = [setup] + [run_section(k, ctx) for k in keys]
    for work_later in ctx.later:
        try:
            work_later()
        except Exception:
            log.exception("optional follow-up work failed")
    for name, corpus in ctx.corpora.items():
        if corpus.built_s:
            setup.add(f"build corpus {name}", corpus.built_s, "s", size=corpus.documents)
    by_key = {s.key: s for s in sections}
    results["machine"]["load_average_end"] = load_average()
    results["targets"] = [t.as_dict() for t in judge(by_key.get("e2e"), by_key.get("yardstick"),
                                                     loaded=machine_loaded(results["machine"]))]
    results["sections"] = [s.as_dict() for s in sections]
    results["corpora"] = {name: c.as_dict() for name, c in ctx.corpora.items()}
    if args.profile:
        from bench.profiling import profile_all

        results["profiles"] = profile_all(ctx)
    results["duration_s"] = round(budget.elapsed, 1)
    if args.only:
        js, md = write(results, work, "results-" + "-".join(keys))
    else:
        js, md = write(results, args.out)
    log.info("wrote %s and %s in %.1f min", js, md, budget.elapsed / 60)
    for t in results["targets"]:
        if t["figure"] is not None:
            log.info("target %s: %.2f %s (%s) -> %s", t["name"], t["figure"], t["unit"], t["target"],
                     "met" if t["met"] else "not met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
