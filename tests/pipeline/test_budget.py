"""The per-document time budget (``frontwatch.pipeline.budget``): cooperative deadlines, the watchdog's
hard limit in the main thread, in other threads (Dask workers, the API's writer) and in forked pool
workers, and its use by ``run_stage`` and the chain (a slow document is skipped with ``timeout``, the
rest of the batch is processed). Fake stages keep these tests fast and deterministic; the real stages
are covered by ``tests/reliability/test_stage_budgets.py``.

Time bounds are generous upper bounds that prove a document was cut (a document that would run
forever ends near its budget), never speed targets."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import pytest

from frontwatch.config import Settings
from frontwatch.pipeline.base import RunContext, Stage, run_stage
from frontwatch.pipeline.budget import TIMEOUT, Budget, DocumentTimeout
from frontwatch.pipeline.chain import process_raw_batch
from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import Document, Drop, RawDocument

SLACK = 3.0  # seconds a loaded machine may add to a bound


def _forever(check: Callable[[], None] | None = None) -> None:
    while True:  # pure Python work, as a stage's loop would be
        if check is not None:
            check()


def _busy(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_budget_run_returns_the_result_and_charges_the_time() -> None:
    budget = Budget(10.0)
    assert budget.run("a", _busy, 0.05) == "done"
    assert 0.04 < budget.spent["a"] < 10.0
    budget.charge({"a": 1, "b": 3}, 0.4)
    assert budget.spent["b"] == pytest.approx(0.3)
    budget.reset()
    assert budget.spent == {}


def test_budget_cooperative_check_stops_a_document_at_its_deadline() -> None:
    budget = Budget(0.2, grace=60.0)  # no hard limit in reach: the poll must stop it
    started = time.monotonic()
    assert budget.run("a", _forever, budget.check) == Drop(TIMEOUT)
    assert time.monotonic() - started < 0.2 + SLACK
    assert budget.exhausted("a")
    assert budget.run("a", _busy, 0.0) == Drop(TIMEOUT)  # out of time: not run again
    assert budget.run("b", _busy, 0.0) == "done"  # another document has its own budget


def test_budget_hard_limit_stops_a_document_that_never_polls() -> None:
    budget = Budget(0.1, grace=0.2)
    started = time.monotonic()
    assert budget.run("a", _forever) == Drop(TIMEOUT)
    assert time.monotonic() - started < 0.3 + SLACK


def test_budget_hard_limit_works_outside_the_main_thread() -> None:
    """Dask runs tasks in worker threads and the API's writer is a thread: SIGALRM would not reach them."""
    result: list[Any] = []
    budget = Budget(0.1, grace=0.2)
    worker = threading.Thread(target=lambda: result.append(budget.run("a", _forever)))
    worker.start()
    worker.join(timeout=0.3 + 2 * SLACK)
    assert not worker.is_alive()
    assert result == [Drop(TIMEOUT)]


@pytest.mark.slow
def test_budget_hard_limit_works_in_a_dask_worker() -> None:
    """The Dask executor runs the chain in a worker's task thread (here an in-process worker)."""
    from dask.distributed import Client, LocalCluster

    def task() -> tuple[Any, bool]:
        return Budget(0.1, grace=0.2).run("a", _forever), threading.current_thread() is threading.main_thread()

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False,  # type: ignore[no-untyped-call]
                           dashboard_address=None)
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        result, in_main_thread = client.submit(task, pure=False).result(timeout=0.3 + 10 * SLACK)
    assert result == Drop(TIMEOUT) and not in_main_thread


def _in_child(queue: Any) -> None:
    queue.put(Budget(0.1, grace=0.2).run("a", _forever))


def test_budget_hard_limit_works_in_a_forked_worker() -> None:
    """A ``--workers`` pool process is forked from a parent whose watchdog thread does not survive the fork."""
    Budget(0.05, grace=0.05).run("warm", _forever)  # the parent's watchdog is running
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_in_child, args=(queue,))
    child.start()
    try:
        assert queue.get(timeout=0.3 + 2 * SLACK) == Drop(TIMEOUT)
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()


def test_budget_never_raises_after_a_section_closed() -> None:
    """Sections that end right around their hard limit: the watchdog fires at most once per section and
    never into code after it (a stray DocumentTimeout would escape this test)."""
    budget = Budget(0.002, grace=0.001)
    outcomes = set()
    for i in range(300):
        # most end right around the limit (the race); every 50th runs far past it, so some must be cut
        seconds = 0.05 if i % 50 == 49 else 0.001 + (i % 5) * 0.0005
        outcomes.add(type(budget.run(f"d{i}", _busy, seconds)).__name__)
    _busy(0.05)  # any late injection would land here
    assert outcomes <= {"str", "Drop"}
    assert "Drop" in outcomes


def test_budget_off_when_zero() -> None:
    budget = Budget(0)
    assert not budget.enabled
    assert budget.run("a", _busy, 0.01) == "done"
    budget.check()


def test_budget_nested_section_is_decided_by_the_outer_one() -> None:
    budget = Budget(0.1, grace=60.0)

    def inner() -> Any:
        return budget.run("a", _forever, budget.check)  # nested: the timeout goes to the outer section

    assert budget.run("a", inner) == Drop(TIMEOUT)


def test_budget_timeout_is_not_caught_by_except_exception() -> None:
    def swallowing(check: Callable[[], None]) -> str:
        while True:
            try:
                check()
            except Exception:  # a stage's own error handling must not eat the timeout
                return "swallowed"

    budget = Budget(0.05, grace=60.0)
    assert budget.run("a", swallowing, budget.check) == Drop(TIMEOUT)
    assert issubclass(DocumentTimeout, BaseException) and not issubclass(DocumentTimeout, Exception)


# -- run_stage and the chain ----------------------------------------------------------------------


def _raw(doc_id: str, text: str) -> RawDocument:
    return RawDocument(doc_id=doc_id, source_path=f"{doc_id}.txt", content=text, format="text",
                       content_hash=content_hash(text, doc_id))


class ToDocument(Stage[RawDocument, Document]):
    """Per-item stage (the base process_batch): never polls, so only the hard limit can stop it."""

    name: ClassVar[str] = "test.clean.v1"

    def process(self, item: RawDocument, ctx: RunContext) -> Document | Drop:
        if "HANG" in item.content:
            _forever()
        return Document(doc_id=item.doc_id, content_hash=item.content_hash, source_path=item.source_path,
                        format=item.format, text=item.content)


class Annotate(Stage[Document, Document]):
    """Batched stage that runs each document's loop under its budget, polling per step."""

    name: ClassVar[str] = "test.annotate.v1"
    calls: ClassVar[list[str]] = []

    def process(self, item: Document, ctx: RunContext) -> Document | Drop:
        return self.process_batch([item], ctx)[0]

    def process_batch(self, items: Sequence[Document], ctx: RunContext) -> list[Document | Drop]:
        out: list[Document | Drop] = []
        for doc in items:
            Annotate.calls.append(doc.doc_id)
            res = ctx.budget.run(doc.content_hash, self._one, doc, ctx.budget.check)
            out.append(res)
        return out

    @staticmethod
    def _one(doc: Document, check: Callable[[], None]) -> Document:
        if "SLOW" in doc.text:
            _forever(check)
        return Document(doc_id=doc.doc_id, content_hash=doc.content_hash, source_path=doc.source_path,
                        format=doc.format, text=doc.text, title="annotated")


class Last(Stage[Document, Document]):
    name: ClassVar[str] = "test.last.v1"
    seen: ClassVar[list[str]] = []

    def process(self, item: Document, ctx: RunContext) -> Document | Drop:
        Last.seen.append(item.doc_id)
        return item


def test_budget_chain_skips_slow_documents_and_processes_the_rest() -> None:
    Annotate.calls.clear()
    Last.seen.clear()
    budget = 0.3
    raws = [_raw("a", "fine"), _raw("slow", "SLOW text"), _raw("b", "fine too"), _raw("hang", "HANG"),
            _raw("c", "last one")]
    ctx = RunContext(settings=Settings(doc_time_budget_s=budget))
    started = time.monotonic()
    docs = process_raw_batch(raws, [ToDocument(), Annotate(), Last()], ctx)
    wall = time.monotonic() - started
    by_id = {d.doc_id: d for d in docs}
    assert [d.doc_id for d in docs] == ["a", "slow", "b", "hang", "c"]  # one document per input, in order
    for ok in ("a", "b", "c"):
        assert by_id[ok].title == "annotated" and not by_id[ok].skipped_stages and not by_id[ok].errors
    assert by_id["slow"].skipped_stages == ("test.annotate.v1: timeout",)
    assert by_id["slow"].text == "SLOW text"  # what the stages before produced is kept
    assert by_id["slow"].errors[0].startswith("[FW302] test.annotate.v1: timeout")
    assert by_id["hang"].skipped_stages == ("test.clean.v1: timeout",)  # cut by the hard limit
    assert "hang" not in Annotate.calls and Last.seen == ["a", "b", "c"]  # a timed-out document goes no further
    assert ctx.stats["test.annotate.v1"].drop_reasons[TIMEOUT] == 1
    assert ctx.stats["test.clean.v1"].drop_reasons[TIMEOUT] == 1
    # the slow one is cut at its budget, the hanging one at budget + the hard limit's grace (1 s minimum)
    assert wall < budget + (budget + 1.0) + 2 * SLACK


def test_budget_run_stage_does_not_give_an_exhausted_document_to_the_stage() -> None:
    Last.seen.clear()
    ctx = RunContext(settings=Settings(doc_time_budget_s=0.5))
    docs = [Document(doc_id=i, content_hash=i, source_path="", format="text", text="x") for i in ("a", "b")]
    ctx.budget.charge({"a": 1}, 0.6)
    results = run_stage(Last(), docs, ctx)
    assert results[0] == Drop(TIMEOUT) and results[1] is docs[1]
    assert Last.seen == ["b"]


def test_budget_setting_reaches_the_run_context() -> None:
    assert RunContext(settings=Settings(doc_time_budget_s=7.0)).budget.seconds == 7.0
    assert RunContext().budget.seconds == Settings().doc_time_budget_s
    assert not RunContext(settings=Settings(doc_time_budget_s=0)).budget.enabled
