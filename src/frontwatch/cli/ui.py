"""Console helpers shared by the commands: progress bars, skipped-input lines, one-line errors."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from frontwatch.records import Skip

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class RateColumn(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Any) -> Any:
        from rich.text import Text

        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "", style="progress.data.speed")


class RichProgress:
    """Implements ``frontwatch.runner.Progress`` with rich progress bars on stderr."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self._progress = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
            RateColumn(), TimeElapsedColumn(), console=err, transient=False, disable=quiet or not err.is_terminal,
        )
        self._tasks: dict[str, TaskID] = {}
        self.skips: list[Skip] = []

    def __enter__(self) -> RichProgress:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def start(self, task: str, total: int | None) -> None:
        self._tasks[task] = self._progress.add_task(task, total=total)

    def advance(self, task: str, n: int = 1) -> None:
        if task in self._tasks:
            self._progress.advance(self._tasks[task], n)

    def finish(self, task: str) -> None:
        if task in self._tasks:
            t = self._tasks[task]
            tk = self._progress.tasks[t] if t < len(self._progress.tasks) else None
            if tk is not None and tk.total is None:
                self._progress.update(t, total=tk.completed)

    def skipped(self, skip: Skip) -> None:
        self.skips.append(skip)
        if not self.quiet:
            self._progress.console.print(f"[yellow]skipped[/] {escape(skip.describe())}")


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]frontwatch: error:[/] {escape(message)}")
    sys.exit(code)
