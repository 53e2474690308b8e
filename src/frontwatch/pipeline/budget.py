"""The per-document time budget (``Settings.doc_time_budget_s``) of the expensive per-document stages.

A document's processing time is added up over the stages of the chain (clean, nlp, geo, extract);
once it passes the budget the document is skipped with the reason :data:`TIMEOUT`, keeping what the
earlier stages produced, and the rest of the batch goes on. Two mechanisms stop a document:

- **Cooperative**: a stage runs each document's own work through :meth:`Budget.run`, which sets the
  document's deadline, and polls :meth:`Budget.check` at loop granularity (per block, sentence,
  candidate); past the deadline it raises :class:`DocumentTimeout`. One call of ``time.monotonic``
  per poll. Work shared by several documents (one spaCy or classifier call for a whole batch, each
  bounded by ``max_nlp_chars``) is not interrupted: its time is split over the documents in
  proportion to their share (:meth:`Budget.charge`), and a document already over budget is not
  given to the next shared call.
- **Hard limit**, for a step that polls nothing (one long regular-expression or HTML pass): a watchdog
  thread raises :class:`DocumentTimeout` inside the worker thread ``HARD_GRACE`` after the deadline,
  with ``PyThreadState_SetAsyncExc`` (CPython). Unlike ``signal.setitimer``/``SIGALRM``, which only
  reach the main thread and would replace pytest-timeout's alarm, it works in every thread: the
  in-process executor, ``--workers`` pool processes, Dask worker threads and the API's writer thread.
  It cannot stop C code that never returns to the interpreter; that code is bounded by the text caps.
  The exception is raised at most once per document section and never after the section has closed
  (:class:`_Watchdog`).
"""

from __future__ import annotations

import itertools
import math
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from frontwatch.records import Drop

T = TypeVar("T")

TIMEOUT = "timeout"  # the Drop reason (summary.json: "<stage>: timeout")
# The hard limit fires this long after the cooperative deadline: a share of the budget, at least
# HARD_GRACE_MIN_S, so that a poll normally comes first and the hard limit only catches a step that
# never polls. (A 60 s budget is cut cooperatively at 60 s, or hard at 90 s.)
HARD_GRACE = 0.5
HARD_GRACE_MIN_S = 1.0


class DocumentTimeout(BaseException):
    """A document ran past its time budget. A ``BaseException``, like ``KeyboardInterrupt``, so that
    code catching ``Exception`` does not swallow it; :meth:`Budget.run` turns it into ``Drop(TIMEOUT)``."""


def item_key(item: Any) -> str:
    """The key a document's time is charged to: its content hash (unique in the store), else its id."""
    return str(getattr(item, "content_hash", None) or getattr(item, "doc_id", None) or id(item))


class Budget:
    """Time spent per document in one batch, with the deadline of the document being processed.

    One per :class:`~frontwatch.pipeline.base.RunContext`, used by one thread at a time; the chain
    calls :meth:`reset` at the start of each batch so that the accounting stays as small as a batch.
    ``seconds <= 0`` (or infinite) turns the budget off.
    """

    def __init__(self, seconds: float, grace: float | None = None) -> None:
        self.seconds = seconds if seconds > 0 and math.isfinite(seconds) else math.inf
        if grace is None:
            grace = max(HARD_GRACE_MIN_S, HARD_GRACE * self.seconds) if math.isfinite(self.seconds) else math.inf
        self.grace = grace
        self.spent: dict[str, float] = {}
        self._deadline = math.inf
        self._open: _Section | None = None

    @property
    def enabled(self) -> bool:
        return math.isfinite(self.seconds)

    def reset(self) -> None:
        self.spent.clear()

    def left(self, key: str) -> float:
        return self.seconds - self.spent.get(key, 0.0)

    def exhausted(self, key: str) -> bool:
        return self.left(key) <= 0

    def check(self) -> None:
        """Raise :class:`DocumentTimeout` when the document being processed is past its deadline."""
        if time.monotonic() > self._deadline:
            raise DocumentTimeout

    def charge(self, shares: Mapping[str, float], seconds: float) -> None:
        """Split the time of work shared by several documents over them, in proportion to ``shares``."""
        total = sum(shares.values())
        if total <= 0 or not self.enabled:
            return
        for key, share in shares.items():
            self.spent[key] = self.spent.get(key, 0.0) + seconds * share / total

    def run(self, key: str, fn: Callable[..., T], *args: Any) -> T | Drop:
        """``fn(*args)`` as the work of document ``key``: its time is charged to the document, and
        past the document's budget it is stopped and ``Drop(TIMEOUT)`` returned. Inside another
        document's section (a nested call) it just calls ``fn``, and the outer section decides."""
        if not self.enabled:
            return fn(*args)
        if self._open is not None:
            return fn(*args)
        if self.exhausted(key):
            return Drop(TIMEOUT)
        section = _Section(self, key)
        try:
            try:
                section.open()
                return fn(*args)
            finally:
                section.close()
        except DocumentTimeout:
            section.close()  # idempotent: the hard limit may have landed inside the first close
            return Drop(TIMEOUT)


class _Section:
    """One document's turn: its deadline, its hard limit and the time charged to it."""

    __slots__ = ("budget", "closed", "key", "started", "token")

    def __init__(self, budget: Budget, key: str) -> None:
        self.budget = budget
        self.key = key
        self.started = 0.0
        self.token: int | None = None
        self.closed = False

    def open(self) -> None:
        budget = self.budget
        self.started = time.monotonic()
        deadline = self.started + budget.left(self.key)
        budget._open = self
        budget._deadline = deadline
        if math.isfinite(budget.grace):
            self.token = _watchdog().arm(deadline + budget.grace)

    def close(self) -> None:
        if self.closed:
            return
        if self.token is not None:
            _watchdog().disarm(self.token)
        budget = self.budget
        budget._deadline = math.inf
        budget._open = None
        if self.started:
            budget.spent[self.key] = budget.spent.get(self.key, 0.0) + time.monotonic() - self.started
        self.closed = True


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> bool:
    """Raise ``exc`` in thread ``thread_id`` at its next bytecode boundary (None clears a pending one)."""
    try:
        import ctypes

        api = ctypes.pythonapi
    except (ImportError, AttributeError):  # pragma: no cover - not CPython
        return False
    arg = ctypes.py_object(exc) if exc is not None else None  # None is passed as NULL
    return int(api.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), arg)) == 1


class _Watchdog:
    """One daemon thread per process that raises :class:`DocumentTimeout` in a thread whose document
    section passed its hard limit.

    Safety: every operation holds one lock. A section's entry is removed when it fires, so it fires
    at most once; :meth:`disarm` removes it and, if it had fired, clears the exception should it still
    be pending, so nothing is raised in a thread after its section has closed.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._armed: dict[int, tuple[float, int]] = {}  # token -> (hard deadline, thread id)
        self._fired: set[int] = set()
        self._tokens = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._until = math.inf  # when the watchdog wakes next

    def arm(self, at: float) -> int:
        with self._lock:
            token = next(self._tokens)
            self._armed[token] = (at, threading.get_ident())
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="frontwatch-budget", daemon=True)
                self._thread.start()
            elif at < self._until:
                self._wake.notify()
            return token

    def disarm(self, token: int) -> None:
        with self._lock:
            self._armed.pop(token, None)
            if token in self._fired:
                self._fired.discard(token)
                _set_async_exc(threading.get_ident(), None)

    def _loop(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                for token, (at, thread_id) in list(self._armed.items()):
                    if at <= now:
                        del self._armed[token]
                        if _set_async_exc(thread_id, DocumentTimeout):
                            self._fired.add(token)
                self._until = min((at for at, _ in self._armed.values()), default=math.inf)
                self._wake.wait(None if math.isinf(self._until) else max(0.0, self._until - now))


_WATCHDOG: _Watchdog | None = None
_WATCHDOG_LOCK = threading.Lock()


def _watchdog() -> _Watchdog:
    global _WATCHDOG
    if _WATCHDOG is None:
        with _WATCHDOG_LOCK:
            if _WATCHDOG is None:
                _WATCHDOG = _Watchdog()
    return _WATCHDOG


def _after_fork() -> None:
    """A forked worker (``--workers`` pool) has no watchdog thread, and its locks may be copies of held
    ones: it starts a fresh one when it needs it."""
    global _WATCHDOG, _WATCHDOG_LOCK
    _WATCHDOG = None
    _WATCHDOG_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)
