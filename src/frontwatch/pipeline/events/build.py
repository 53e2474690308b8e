"""Event records from merged mentions: each field from the majority of *independent* sources, with
corroboration, contradictions, confirmations and the reasons for every merge."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from frontwatch.pipeline.crosscheck.contradictions import confirmations, describe_place, find_contradictions
from frontwatch.pipeline.events.merge import Cluster
from frontwatch.pipeline.syndication import count_independent
from frontwatch.records import ActorRole, Event, EventMention, PlaceMention, SourceRef

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True, slots=True)
class CorpusLinks:
    """What the event stage needs to know about documents: syndication and outlets."""

    group_of: Mapping[str, str]
    origin_of: Mapping[str, str | None]
    outlet_of: Mapping[str, str | None]

    def independent_key(self, doc_id: str) -> str:
        from frontwatch.outlets import outlet_key

        origin = self.origin_of.get(doc_id)
        return f"origin:{outlet_key(origin)}" if origin else f"group:{self.group_of.get(doc_id, doc_id)}"


def majority(mentions: Sequence[EventMention], key_of: Callable[[str], str], value: Callable[[EventMention], T | None],
             prefer: Callable[[T], object] | None = None) -> T | None:
    """The value most independent sources give (each source votes once per value); ties by ``prefer``."""
    votes: dict[T, set[str]] = defaultdict(set)
    for m in mentions:
        v = value(m)
        if v is not None:
            votes[v].add(key_of(m.doc_id))
    if not votes:
        return None
    return max(votes, key=lambda v: (len(votes[v]), prefer(v) if prefer else 0))


def _best_place(mentions: Sequence[EventMention], key_of: Callable[[str], str]) -> PlaceMention | None:
    places = [m.place for m in mentions if m.place is not None and m.place.latitude is not None]
    if not places:
        return None
    # one vote per independent source for each place it names (copies of one text vote once)
    voters: dict[tuple[str | None, int], set[str]] = {}
    for m in mentions:
        if m.place is not None and m.place.latitude is not None:
            voters.setdefault((m.place.name, m.place.geo_precision), set()).add(key_of(m.doc_id))
    votes = Counter({k: len(v) for k, v in voters.items()})
    # the most precise place, then the most reported
    return min(places, key=lambda p: (p.geo_precision, -votes[(p.name, p.geo_precision)], -p.confidence))


def _role_name(r: ActorRole | None) -> str | None:
    return r.name if r is not None else None


def build_event(cluster: Cluster, links: CorpusLinks, country_of_doc: Mapping[str, str | None]) -> Event:
    ms = sorted(cluster.mentions, key=lambda m: (m.doc_id, m.sentence))
    key_of = links.independent_key
    sub = majority(ms, key_of, lambda m: m.sub_event_type, prefer=lambda s: -_specificity(s)) or ms[0].sub_event_type
    event_type = next(m.event_type for m in ms if m.sub_event_type == sub)
    # ties: the more precise date, then the one the text states (not the publication date), then the earliest
    date = majority(ms, key_of, lambda m: (m.event_date, m.time_precision, m.date_text is not None)
                    if m.event_date else None,
                    prefer=lambda dp: (-dp[1], dp[2], -_ordinal(dp[0])))
    a1 = majority(ms, key_of, lambda m: m.actor1, prefer=lambda r: r.inter is not None)
    a2 = majority(ms, key_of, lambda m: m.actor2 if m.actor2 and (a1 is None or m.actor2.actor_id != a1.actor_id)
                  else None, prefer=lambda r: r.inter is not None)
    assoc1 = sorted({r.name for m in ms for r in m.assoc_actor_1} - {_role_name(a1), _role_name(a2)} - {None})
    assoc2 = sorted({r.name for m in ms for r in m.assoc_actor_2} - {_role_name(a1), _role_name(a2)} - {None})
    place = _best_place(ms, key_of)
    fats = [m for m in ms if m.fatalities is not None]
    fatalities: int | None = None
    frange: tuple[int, int] | None = None
    if fats:
        per_source: dict[str, int] = {}
        for m in fats:
            k = key_of(m.doc_id)
            per_source[k] = max(per_source.get(k, 0), m.fatalities or 0)
        fatalities = min(per_source.values())  # ACLED: the most conservative estimate
        frange = (min(m.fatalities_low if m.fatalities_low is not None else m.fatalities or 0 for m in fats),
                  max(m.fatalities_high if m.fatalities_high is not None else m.fatalities or 0 for m in fats))
    claimed = majority(ms, key_of, lambda m: m.claimed_by)
    country = place.country if place is not None and place.country else None
    if country is None:
        counts = Counter(c for c in (country_of_doc.get(m.doc_id) for m in ms) if c)
        country = counts.most_common(1)[0][0] if counts else None
    ind = count_independent([m.doc_id for m in ms], links.group_of, links.origin_of, links.outlet_of)
    independent_of = {m.doc_id: key_of(m.doc_id) for m in ms}
    contradictions = tuple(find_contradictions(ms, independent_of))
    sources = tuple(SourceRef(m.doc_id, links.outlet_of.get(m.doc_id), m.text, m.start, m.end) for m in ms)
    location = describe_place_value(place)
    event = Event(
        event_id=cluster.key, event_date=date[0] if date else None, time_precision=date[1] if date else 3,
        event_type=event_type, sub_event_type=sub, actor1=_role_name(a1), assoc_actor_1="; ".join(assoc1) or None,
        actor2=_role_name(a2), assoc_actor_2="; ".join(assoc2) or None, inter1=a1.inter if a1 else None,
        inter2=a2.inter if a2 else None, location=location, admin1=place.admin1 if place else None,
        country=country, latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geo_precision=place.geo_precision if place else None, fatalities=fatalities, fatalities_range=frange,
        claimed_by=claimed, sources=sources, independent_sources=ind.independent,
        contradictions=contradictions, corroboration=ind.explanation,
        confirmations=tuple(confirmations(ms, independent_of)), merge_reasons=cluster.reasons,
    )
    from dataclasses import replace

    return replace(event, notes=note(event))


def _ordinal(iso: str | None) -> int:
    from datetime import date

    try:
        return date.fromisoformat(iso).toordinal() if iso else 0
    except ValueError:
        return 0


def describe_place_value(place: PlaceMention | None) -> str | None:
    if place is None:
        return None
    if place.anchor and (place.distance_km is not None or place.bearing):
        dist = f"{place.distance_km:g} km " if place.distance_km is not None else ""
        return f"{dist}{place.bearing or 'near'} of {place.anchor}".replace("near of", "near")
    if place.fallback is not None and place.name and place.text and place.text != place.name:
        return f"{place.text} ({place.name})"  # a village or building placed in its town: "Nkoe (Macomia)"
    return place.name or place.text


_SPECIFIC = ("Government regains territory", "Non-state actor overtakes territory", "Air/drone strike",
             "Suicide bomb", "Remote explosive/landmine/IED", "Shelling/artillery/missile attack")


def _specificity(sub: str) -> int:
    return 0 if sub in _SPECIFIC else 1


def note(ev: Event) -> str:
    """One line: what, who, where, when, toll, sources."""
    who = ev.actor1 or "unidentified actors"
    if ev.actor2:
        who += f" vs {ev.actor2}"
    where = f" at {ev.location}" if ev.location else ""
    when = f" on {ev.event_date}" if ev.event_date and ev.time_precision == 1 else (
        f" around {ev.event_date}" if ev.event_date else "")
    toll = f"; {ev.fatalities} fatalities" if ev.fatalities else ""
    flags = f"; {len(ev.contradictions)} contradiction(s)" if ev.contradictions else ""
    return f"{ev.sub_event_type}: {who}{where}{when}{toll}; {ev.corroboration}{flags}"


__all__ = ["CorpusLinks", "build_event", "describe_place", "majority", "note"]
