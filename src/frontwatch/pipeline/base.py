"""The stage contract.

A per-document :class:`Stage` has one hook, ``process(item, ctx) -> item | Drop`` (plus an optional
batched form); a :class:`GlobalStage` sees the whole corpus. Stages never know where they run: the
executor (``frontwatch.execution``) decides. :func:`run_stage` wraps a stage call with counting, timing
and error capture, so a bad record never kills a batch, and the per-document time budget
(:mod:`frontwatch.pipeline.budget`, ``ctx.budget``) turns a document that takes too long into
``Drop("timeout")``.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from frontwatch.config import Settings
from frontwatch.pipeline.budget import TIMEOUT, Budget, item_key
from frontwatch.records import Drop

log = logging.getLogger(__name__)

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass
class StageStats:
    """Counts and time of one stage in one run (mergeable across workers and partitions)."""

    name: str
    items_in: int = 0
    items_out: int = 0
    dropped: int = 0
    errors: int = 0
    seconds: float = 0.0
    words: int = 0
    drop_reasons: Counter[str] = field(default_factory=Counter)
    extra: Counter[str] = field(default_factory=Counter)

    def merge(self, other: StageStats) -> None:
        self.items_in += other.items_in
        self.items_out += other.items_out
        self.dropped += other.dropped
        self.errors += other.errors
        self.seconds += other.seconds
        self.words += other.words
        self.drop_reasons.update(other.drop_reasons)
        self.extra.update(other.extra)

    def as_dict(self) -> dict[str, Any]:
        rate = self.items_in / self.seconds if self.seconds > 0 else None
        return {
            "name": self.name,
            "items_in": self.items_in,
            "items_out": self.items_out,
            "dropped": self.dropped,
            "errors": self.errors,
            "seconds": round(self.seconds, 4),
            "docs_per_s": round(rate, 2) if rate else None,
            "words": self.words,
            "words_per_s": round(self.words / self.seconds, 1) if self.seconds > 0 and self.words else None,
            "drop_reasons": dict(self.drop_reasons),
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StageStats:
        return cls(
            name=data["name"],
            items_in=data["items_in"],
            items_out=data["items_out"],
            dropped=data["dropped"],
            errors=data["errors"],
            seconds=data["seconds"],
            words=data.get("words", 0),
            drop_reasons=Counter(data.get("drop_reasons", {})),
            extra=Counter(data.get("extra", {})),
        )


@dataclass
class RunContext:
    """What a stage may know about the run: settings and a place to count things."""

    settings: Settings = field(default_factory=Settings)
    stats: dict[str, StageStats] = field(default_factory=dict)
    work_dir: str | None = None  # the run's work folder (dask shards and completion markers)
    budget: Budget = field(init=False, repr=False)  # per-document time budget (settings.doc_time_budget_s)

    def __post_init__(self) -> None:
        self.budget = Budget(self.settings.doc_time_budget_s)

    def stage_stats(self, name: str) -> StageStats:
        if name not in self.stats:
            self.stats[name] = StageStats(name)
        return self.stats[name]

    def count(self, stage: str, key: str, n: int = 1) -> None:
        self.stage_stats(stage).extra[key] += n


class Stage(ABC, Generic[In, Out]):
    """A per-document stage: pure with respect to its input record."""

    name: ClassVar[str]

    def setup(self, ctx: RunContext) -> None:
        """Load models or data; called once per process before the first item."""

    @abstractmethod
    def process(self, item: In, ctx: RunContext) -> Out | Drop: ...

    def process_batch(self, items: Sequence[In], ctx: RunContext) -> list[Out | Drop]:
        """Each item under its time budget (a stage that overrides this runs each document's own work
        through ``ctx.budget.run`` itself)."""
        return [ctx.budget.run(item_key(i), self.process, i, ctx) for i in items]


class GlobalStage(ABC, Generic[In]):
    """A stage that sees the whole corpus (syndication, event merging, cross-checking)."""

    name: ClassVar[str]

    @abstractmethod
    def run(self, items: Iterable[In], ctx: RunContext) -> Iterable[In]: ...


def run_stage(
    stage: Stage[In, Out],
    items: Sequence[In],
    ctx: RunContext,
    words: Callable[[In], int] | None = None,
    on_error: Callable[[In, BaseException], Out | Drop] | None = None,
) -> list[Out | Drop]:
    """Run one stage over a batch with counting, timing and per-item error capture.

    When the batched call raises, items are retried one at a time; an item that still raises becomes
    ``on_error(item, exc)`` (default: ``Drop``) and is counted, and the rest of the batch goes on. An item
    whose time budget is spent (in earlier stages) is not given to the stage: it becomes
    ``Drop("timeout")``, as does an item the stage stops for its budget.
    """
    stats = ctx.stage_stats(stage.name)
    started = time.perf_counter()
    budget = ctx.budget
    over = [budget.enabled and budget.exhausted(item_key(i)) for i in items]
    todo = [i for i, o in zip(items, over, strict=True) if not o] if any(over) else list(items)
    try:
        done = stage.process_batch(todo, ctx) if todo else []
    except Exception:
        log.debug("stage %s: batch failed, retrying items one by one", stage.name, exc_info=True)
        done = []
        for item in todo:
            try:
                done.append(budget.run(item_key(item), stage.process, item, ctx))
            except Exception as exc:
                stats.errors += 1
                log.warning("stage %s failed on an item: %s", stage.name, exc)
                if on_error is not None:
                    done.append(on_error(item, exc))
                else:
                    done.append(Drop(f"{stage.name} failed: {type(exc).__name__}: {exc}"))
    it = iter(done)
    results: list[Out | Drop] = [Drop(TIMEOUT) if o else next(it) for o in over]
    stats.seconds += time.perf_counter() - started
    stats.items_in += len(items)
    if words is not None:
        stats.words += sum(words(i) for i in items)
    for r in results:
        if isinstance(r, Drop):
            stats.dropped += 1
            stats.drop_reasons[r.reason] += 1
        else:
            stats.items_out += 1
    return results
