"""Typed contradictions and confirmations between the sources of one event.

Values are compared across *independent* sources only (copies of one text never contradict or
confirm each other). Differences within the stated precision are not contradictions: a date given to
the week does not contradict a day inside that week; "at least 12 killed" does not contradict 31; two
places a few kilometres apart are the same place.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from frontwatch.nlp.quantities import victim_groups
from frontwatch.pipeline.events.merge import haversine_km
from frontwatch.records import Contradiction, ContradictionValue, EventMention, Quantity

# Half-width in days of what a date of each ACLED precision asserts (no slack here: 9 June and
# 10 June, both to the day, contradict each other).
DATE_HALF_WIDTH = {1: 0, 2: 3, 3: 15}
# Two event places farther apart than this (km) are a location contradiction, by the coarser precision.
LOCATION_TOLERANCE_KM = {1: 12.0, 2: 15.0, 3: 100.0}
# Quantity categories compared between sources, besides fatalities.
COMPARED = ("wounded", "captured", "abducted", "arrested", "displaced", "distance", "area", "repetitions", "destroyed")


def _interval_date(m: EventMention) -> tuple[int, int] | None:
    if not m.event_date or m.date_text is None:
        return None  # no date stated in the text (publication date used): nothing asserted
    try:
        d = date.fromisoformat(m.event_date).toordinal()
    except ValueError:
        return None
    w = DATE_HALF_WIDTH.get(m.time_precision, 15)
    return d - w, d + w


def _disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]


def _values(groups: Mapping[str, list[tuple[str, object]]]) -> tuple[ContradictionValue, ...]:
    by_value: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        for doc_id, value in members:
            by_value[str(value)].add(doc_id)
    return tuple(ContradictionValue(v, tuple(sorted(d))) for v, d in sorted(by_value.items()))


def _collect(mentions: Sequence[EventMention], independent_of: Mapping[str, str],
             get: Callable[[EventMention], tuple[object, tuple[float, float]] | None]
             ) -> dict[str, list[tuple[str, object, tuple[float, float]]]]:
    out: dict[str, list[tuple[str, object, tuple[float, float]]]] = defaultdict(list)
    for m in mentions:
        got = get(m)
        if got is not None:
            out[independent_of.get(m.doc_id, m.doc_id)].append((m.doc_id, got[0], got[1]))
    return out


def _conflict(per_source: Mapping[str, list[tuple[str, object, tuple[float, float]]]]) -> bool:
    keys = list(per_source)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if all(_disjoint(x[2], y[2]) for x in per_source[a] for y in per_source[b]):
                return True
    return False


def _most_precise(per_source: dict[str, list[tuple[str, object, tuple[float, float]]]]
                  ) -> dict[str, list[tuple[str, object, tuple[float, float]]]]:
    """Each source's bounded figures when it gives any: "more than 50" in a headline does not hide the
    "15 civilians and 27 fighters" the same report counts in its body."""
    out = {}
    for key, items in per_source.items():
        bounded = [x for x in items if x[2][1] != math.inf]
        out[key] = bounded or items
    return out


def _as_values(per_source: Mapping[str, list[tuple[str, object, tuple[float, float]]]]) -> tuple[ContradictionValue,
                                                                                                     ...]:
    return _values({k: [(d, v) for d, v, _ in items] for k, items in per_source.items()})


def find_contradictions(mentions: Sequence[EventMention], independent_of: Mapping[str, str]) -> list[Contradiction]:
    out: list[Contradiction] = []

    def date_of(m: EventMention) -> tuple[object, tuple[float, float]] | None:
        iv = _interval_date(m)
        return (m.event_date, (float(iv[0]), float(iv[1]))) if iv else None

    dates = _collect(mentions, independent_of, date_of)
    if len(dates) > 1 and _conflict(dates):
        out.append(Contradiction("event_date", _as_values(dates), "sources give different dates"))

    def fatalities_of(m: EventMention) -> tuple[object, tuple[float, float]] | None:
        if m.fatalities is None:
            return None
        low = float(m.fatalities_low if m.fatalities_low is not None else m.fatalities)
        high = float(m.fatalities_high) if m.fatalities_high is not None else math.inf
        return describe_fatalities(m), (low, high)

    fat = _most_precise(_collect(mentions, independent_of, fatalities_of))
    if len(fat) > 1 and _conflict(fat):
        out.append(Contradiction("fatalities", _as_values(fat), "sources report different death tolls"))

    places = [(independent_of.get(m.doc_id, m.doc_id), m) for m in mentions
              if m.place is not None and m.place.latitude is not None and m.place.longitude is not None
              and not (m.place.feature_code or "").startswith("PCL")]  # "in Syria" contradicts no point in Syria
    far: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for i, (ka, a) in enumerate(places):
        for kb, b in places[i + 1:]:
            if ka == kb:
                continue
            assert a.place is not None and b.place is not None
            km = haversine_km(a.place.latitude or 0, a.place.longitude or 0, b.place.latitude or 0,
                              b.place.longitude or 0)
            tol = LOCATION_TOLERANCE_KM.get(max(a.place.geo_precision, b.place.geo_precision), 100.0)
            if km > tol:
                far[ka].append((a.doc_id, describe_place(a)))
                far[kb].append((b.doc_id, describe_place(b)))
    if far:
        out.append(Contradiction("location", _values(far), "sources place it at different points"))

    from frontwatch.nlp.actors import ActorDictionary

    sides = ActorDictionary.get().side
    actors: dict[str, list[tuple[str, object, tuple[float, float]]]] = defaultdict(list)
    side_of: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.actor1 is not None and not m.actor1.actor_id.startswith(("label:", "generic:")):
            key = independent_of.get(m.doc_id, m.doc_id)
            actors[key].append((m.doc_id, m.actor1.name, (0.0, 0.0)))
            side_of[key].add(sides(m.actor1.actor_id))
    # different names of one side (the US and the US-led coalition) are no contradiction
    if len(side_of) > 1 and not set.intersection(*side_of.values()):
        out.append(Contradiction("actor1", _as_values(actors), "sources name different perpetrators"))

    for category in COMPARED:
        qty: dict[str, list[tuple[str, object, tuple[float, float]]]] = defaultdict(list)
        for m in mentions:
            for q in m.quantities:
                if q.category == category and (category != "destroyed" or q.subject):
                    key = independent_of.get(m.doc_id, m.doc_id)
                    qty[key].append((m.doc_id, _qty_text(q), (q.low, q.high if q.high is not None else math.inf)))
        if len(qty) > 1 and _conflict(qty):
            out.append(Contradiction(category, _as_values(qty), f"sources give different {category} figures"))
    return out


def _overlapping_actor_sets(actors: Mapping[str, list[tuple[str, object, tuple[float, float]]]]) -> bool:
    sets = [{v for _, v, _ in items} for items in actors.values()]
    common = set.intersection(*sets) if sets else set()
    return bool(common)


def _qty_text(q: Quantity) -> str:
    unit = f" {q.unit}" if q.unit and q.unit != "times" else ""
    value = int(q.value) if float(q.value).is_integer() else q.value
    prefix = f"{q.qualifier} " if q.qualifier and q.qualifier not in ("range",) else ""
    subject = f" {q.subject}" if q.subject else ""
    suffix = " times" if q.unit == "times" else ""
    return f"{prefix}{value}{unit}{subject}{suffix}".strip()


def describe_fatalities(m: EventMention) -> str:
    """"52 (15 civilians, 27 fighters, 10 others)": the total with the victim groups it adds up."""
    groups = victim_groups([q for q in m.quantities if q.category == "killed"])
    total = str(m.fatalities)
    if m.fatalities_low is not None and m.fatalities_high is None:
        total = f"{total}+"
    named = [f"{q.value:g} {q.subject}" for q in groups.values() if q.subject]
    return f"{total} ({', '.join(named)})" if len(named) > 1 else total


def describe_place(m: EventMention) -> str:
    p = m.place
    if p is None:
        return ""
    if p.distance_km is not None and p.anchor:
        return f"{p.distance_km:g} km {p.bearing or 'from'} of {p.anchor}".replace("from of", "from")
    if p.bearing and p.anchor:
        return f"{p.bearing} of {p.anchor}"
    return p.name or p.text


def confirmations(mentions: Sequence[EventMention], independent_of: Mapping[str, str]) -> list[str]:
    """Figures stated alike by two or more independent sources ("three times", "12 killed")."""
    seen: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        key = independent_of.get(m.doc_id, m.doc_id)
        if m.fatalities is not None:
            seen[f"{m.fatalities} killed"].add(key)
        for q in m.quantities:
            if q.category in COMPARED or q.category == "killed":
                seen[_qty_text(q)].add(key)
    return sorted(f"{v} (confirmed by {len(k)} independent sources)" for v, k in seen.items() if len(k) >= 2)
