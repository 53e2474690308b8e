"""Event records from merged mentions: fields by the majority of independent sources."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from frontwatch.pipeline.events.build import CorpusLinks, build_event, describe_place_value, majority, note
from frontwatch.pipeline.events.merge import Cluster
from frontwatch.records import ActorRole, EventMention, SourceRef
from tests.pipeline.conftest import IS, SYR, USA, place

# a, b, c: one syndication group (Wire A's text republished by B and C); d, e: independent reports
LINKS = CorpusLinks(group_of={"a": "g1", "b": "g1", "c": "g1", "d": "g2", "e": "g3"}, origin_of={},
                    outlet_of={"a": "Wire A", "b": "Site B", "c": "Site C", "d": "Desk D", "e": "Echo E"})
TANF = place("Tanf", 33.5, 38.66)
TIYAS = place("Tiyas", 34.52, 37.63)


def build(*mentions: EventMention, links: CorpusLinks = LINKS, reasons: tuple[str, ...] = (),
          country_of_doc: dict[str, str | None] | None = None) -> Any:
    return build_event(Cluster(tuple(mentions), reasons), links, country_of_doc or {})


# ------------------------------------------------------------------------------------------ majority


def test_majority_counts_each_independent_source_once(mk: Any) -> None:
    ms = [mk("a", date="2017-06-09"), mk("b", date="2017-06-09"), mk("c", date="2017-06-09"),
          mk("d", date="2017-06-10"), mk("e", date="2017-06-10")]
    assert majority(ms, LINKS.independent_key, lambda m: m.event_date) == "2017-06-10"
    # counting mentions instead would have given the copies' date
    assert majority(ms, lambda doc_id: doc_id, lambda m: m.event_date) == "2017-06-09"


def test_majority_ties_and_missing_values(mk: Any) -> None:
    ms = [mk("a", fatalities=3), mk("d", fatalities=5), mk("e")]
    assert majority(ms, LINKS.independent_key, lambda m: m.fatalities, prefer=lambda v: v) == 5
    assert majority(ms, LINKS.independent_key, lambda m: m.fatalities, prefer=lambda v: -v) == 3
    assert majority([mk("a")], LINKS.independent_key, lambda m: m.fatalities) is None


def test_independent_key_origin_before_group() -> None:
    links = CorpusLinks(group_of={"x": "g9"}, origin_of={"x": "Wire-A.com", "y": None}, outlet_of={})
    assert links.independent_key("x") == "origin:wirea"
    assert links.independent_key("y") == "group:y"  # a document of its own when in no group


# ------------------------------------------------------------------------------------- build_event


def test_event_fields_follow_the_independent_majority(mk: Any) -> None:
    ms = [mk("a", date="2017-06-09", actor1=USA), mk("b", date="2017-06-09", actor1=USA),
          mk("c", date="2017-06-09", actor1=USA), mk("d", date="2017-06-10"), mk("e", date="2017-06-10")]
    ev = build(*ms, reasons=("a#0 + d#0: same family (ground)",))
    assert ev.event_date == "2017-06-10" and ev.time_precision == 1
    assert ev.actor1 == "Military Forces of Syria" and ev.inter1 == 1
    assert ev.actor2 == "Islamic State" and ev.inter2 == 2
    assert ev.sub_event_type == "Government regains territory" and ev.event_type == "Battles"
    assert ev.location == "Tanf" and ev.country == "SYR" and ev.admin1 == "Homs"
    assert (ev.latitude, ev.longitude, ev.geo_precision) == (33.5, 38.66, 1)
    assert ev.event_id == Cluster(tuple(ms), ()).key
    assert ev.merge_reasons == ("a#0 + d#0: same family (ground)",)
    assert ev.sources == tuple(SourceRef(m.doc_id, LINKS.outlet_of[m.doc_id], m.text, m.start, m.end) for m in ms)
    [contradiction] = [c for c in ev.contradictions if c.field == "event_date"]
    assert [(v.value, v.doc_ids) for v in contradiction.values] == [("2017-06-09", ("a", "b", "c")),
                                                                     ("2017-06-10", ("d", "e"))]


def test_independent_sources_and_explanation(mk: Any) -> None:
    ev = build(mk("a"), mk("b"), mk("c"), mk("d"))
    assert ev.independent_sources == 2
    assert ev.corroboration == "4 reports, 2 independent: Site B, Site C republished Wire A"
    single = build(mk("d"))
    assert single.independent_sources == 1 and single.corroboration == "1 report, 1 independent"


def test_stated_origin_merges_groups(mk: Any) -> None:
    # d and e are not near-duplicates of a (other groups) but state Wire A as their origin: one source
    links = CorpusLinks(group_of={"a": "g1", "d": "g2", "e": "g3"},
                        origin_of={"a": "Wire A", "d": "Wire A", "e": "wire-a"},
                        outlet_of={"a": "Wire A", "d": "Desk D", "e": "Echo E"})
    ev = build(mk("a", date="2017-06-09"), mk("d", date="2017-06-10"), mk("e", date="2017-06-10"), links=links)
    assert ev.independent_sources == 1
    assert ev.corroboration == "3 reports, 1 independent: Desk D, Echo E republished Wire A"
    # one source cannot contradict itself
    assert [c for c in ev.contradictions if c.field == "event_date"] == []


def test_date_tie_prefers_precision_then_stated_then_earliest(mk: Any) -> None:
    # one source each: the day-precise date wins over a week-precise one
    assert build(mk("a", date="2017-06-09", precision=2), mk("d", date="2017-06-10")).event_date == "2017-06-10"
    # same precision: the date the text states wins over the publication date
    assert build(mk("a", date="2017-06-09", date_text=None), mk("d", date="2017-06-10")).event_date == "2017-06-10"
    # all alike: the earliest
    assert build(mk("a", date="2017-06-10"), mk("d", date="2017-06-09")).event_date == "2017-06-09"
    # no date at all
    undated = build(mk("a", date=None, date_text=None))
    assert undated.event_date is None and undated.time_precision == 3


def test_sub_event_type_tie_prefers_the_specific_type(mk: Any) -> None:
    ev = build(mk("a", "Armed clash"), mk("d", "Government regains territory"))
    assert ev.sub_event_type == "Government regains territory"
    ev = build(mk("a", "Armed clash"), mk("d", "Armed clash"), mk("e", "Government regains territory"))
    assert ev.sub_event_type == "Armed clash" and ev.event_type == "Battles"


def test_actor2_never_repeats_actor1_and_associates_exclude_both(mk: Any) -> None:
    ally = ActorRole("prov:desert-hawks", "Desert Hawks", 3, "the Desert Hawks")
    a = mk("a", actor1=SYR, actor2=SYR)
    d = mk("d", actor1=SYR, actor2=IS)
    d = replace(d, assoc_actor_1=(ally, IS), assoc_actor_2=(SYR,))
    ev = build(a, d)
    assert (ev.actor1, ev.actor2) == ("Military Forces of Syria", "Islamic State")
    assert ev.assoc_actor_1 == "Desert Hawks" and ev.assoc_actor_2 is None


def test_place_most_precise_then_most_reported(mk: Any) -> None:
    near = place("N of Tanf", 33.6, 38.7, 2, anchor="Tanf", bearing="N", distance_km=12.0)
    ev = build(mk("a", where=near), mk("d", where=near), mk("e", where=TIYAS))
    assert ev.location == "Tiyas" and ev.geo_precision == 1
    ev = build(mk("a", where=near), mk("d", where=near))
    assert ev.location == "12 km N of Tanf" and ev.geo_precision == 2


def test_country_from_documents_when_no_place(mk: Any) -> None:
    nowhere = place("Somewhere", 0.0, 0.0)
    ms = [replace(mk("a"), place=None), replace(mk("d"), place=None), replace(mk("e", where=nowhere), place=None)]
    ev = build(*ms, country_of_doc={"a": "IRQ", "d": "SYR", "e": "SYR"})
    assert ev.country == "SYR" and ev.location is None and ev.latitude is None and ev.geo_precision is None


def test_fatalities_most_conservative_source_and_range(mk: Any) -> None:
    # source g1 says 12 (a, at least) and 20 (b): its figure is 20; source g2 (d) says 10-15, best 15
    ev = build(mk("a", fatalities=12, low=12, high=None), mk("b", fatalities=20), mk("d", fatalities=15, low=10,
                                                                                      high=15))
    assert ev.fatalities == 15
    assert ev.fatalities_range == (10, 20)
    assert "; 15 fatalities;" in ev.notes
    assert build(mk("a"), mk("d")).fatalities is None and build(mk("a")).fatalities_range is None


def test_claimed_by_majority(mk: Any) -> None:
    ev = build(replace(mk("a"), claimed_by="ISIS"), replace(mk("d"), claimed_by="Amaq"),
               replace(mk("e"), claimed_by="Amaq"))
    assert ev.claimed_by == "Amaq"


def test_note_line(mk: Any) -> None:
    ev = build(mk("a", fatalities=3), mk("d", fatalities=3))
    assert ev.notes == ("Government regains territory: Military Forces of Syria vs Islamic State at Tanf on "
                        "2017-06-09; 3 fatalities; 2 reports, 2 independent")
    vague = build(mk("a", actor1=None, actor2=None, date="2017-06-09", precision=2, where=TANF))
    assert note(vague) == "Government regains territory: unidentified actors at Tanf around 2017-06-09; " \
                          "1 report, 1 independent"


def test_describe_place_value() -> None:
    assert describe_place_value(None) is None
    assert describe_place_value(TANF) == "Tanf"
    # a village the gazetteer lacks, placed at its town: both names
    nkoe = replace(place("Nkoe", 33.5, 38.66, 2), name="Macomia", fallback="stated")
    assert describe_place_value(nkoe) == "Nkoe (Macomia)"
    assert describe_place_value(place("Tanf", 33.5, 38.66, 2, anchor="Tanf")) == "Tanf"  # neither distance nor bearing
    assert describe_place_value(place("x", 33.5, 38.66, 2, anchor="Tanf", bearing="NW")) == "NW of Tanf"
    assert describe_place_value(place("x", 33.5, 38.66, 2, anchor="Tanf", bearing="NW", distance_km=20.0)) == \
        "20 km NW of Tanf"


def test_place_vote_counts_independent_sources(mk: Any) -> None:
    # same precision: Tiyas is reported by two independent sources, Tanf by three copies of one text
    ev = build(mk("a", where=TANF), mk("b", where=TANF), mk("c", where=TANF), mk("d", where=TIYAS),
               mk("e", where=TIYAS))
    assert ev.location == "Tiyas"
