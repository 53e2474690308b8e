from __future__ import annotations

from typing import Any

from frontwatch.pipeline.events.merge import cluster_mentions, compatible
from tests.pipeline.conftest import IS, USA, place


def test_merge_same_event_across_reports(mk: Any) -> None:
    a = mk("a", date="2017-06-09")
    b = mk("b", "Change to group/activity", date="2017-06-10", where=place("N of Tanf", 33.6, 38.7, 2))
    c = mk("c", date=None, date_text=None)
    clusters = cluster_mentions([a, b, c])
    assert len(clusters) == 1 and len(clusters[0].mentions) == 3
    assert any("1 day apart" in r for r in clusters[0].reasons)


def test_merge_keeps_apart_distant_places_dates_families(mk: Any) -> None:
    base = mk("a")
    assert not compatible(base, mk("b", where=place("Raqqa", 35.95, 39.0))).same
    assert not compatible(base, mk("b", date="2017-06-20")).same
    assert not compatible(base, mk("b", "Air/drone strike", actor1=USA)).same
    assert compatible(base, mk("b", date="2017-06-20", precision=3, date_text="this month")).same


def test_merge_needs_shared_actor_when_both_named(mk: Any) -> None:
    assert not compatible(mk("a", actor1=USA, actor2=None), mk("b", actor2=None)).same
    assert compatible(mk("a", actor2=IS), mk("b", actor1=IS, actor2=None)).same
