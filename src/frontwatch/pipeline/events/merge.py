"""Merge event mentions into events, within and across documents.

Two mentions are the same event when their types belong to one family, their dates fall within a
window that depends on the dates' precision, their places lie within a distance that depends on the
places' precision, and their actors are compatible. Mentions are blocked by family and week so the
comparison stays near-linear. Every merge keeps its reason.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from frontwatch.records import EventMention

FAMILIES: dict[str, str] = {
    # ground fighting and control of territory (sources describe one advance as a clash, a capture or a move)
    "Armed clash": "ground", "Government regains territory": "ground", "Non-state actor overtakes territory": "ground",
    "Non-violent transfer of territory": "ground", "Change to group/activity": "ground",
    "Headquarters or base established": "ground",
    # remote violence
    "Air/drone strike": "remote", "Shelling/artillery/missile attack": "remote", "Suicide bomb": "remote",
    "Remote explosive/landmine/IED": "remote", "Grenade": "remote", "Chemical weapon": "remote",
    # violence against civilians
    "Attack": "civilians", "Abduction/forced disappearance": "civilians", "Sexual violence": "civilians",
    # demonstrations
    "Peaceful protest": "demo", "Protest with intervention": "demo", "Excessive force against protesters": "demo",
    "Violent demonstration": "demo", "Mob violence": "demo",
}
# Half-width in days of the date interval a mention stands for, by ACLED time precision; two dated
# mentions can be one event when their intervals, widened by DATE_SLACK_DAYS, overlap (sources put the
# same night on consecutive days).
DATE_HALF_WIDTH = {1: 0, 2: 3, 3: 15}
DATE_SLACK_DAYS = 2
# Two places can be one event within this distance (km), by the coarser geo_precision of the two
# (1 named place: neighbouring villages; 2 near/part of: "north of At Tanf"; 3 region only).
PLACE_RADIUS_KM = {1: 30.0, 2: 60.0, 3: 250.0}
BLOCK_DAYS = 7


def family(sub_event_type: str) -> str:
    return FAMILIES.get(sub_event_type, sub_event_type)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _date(m: EventMention) -> date | None:
    try:
        return date.fromisoformat(m.event_date) if m.event_date else None
    except ValueError:
        return None


def _actors(m: EventMention) -> set[str]:
    ids = {r.actor_id for r in (m.actor1, m.actor2, *m.assoc_actor_1, *m.assoc_actor_2) if r is not None}
    return {i for i in ids if not i.startswith(("civilians:", "protesters:", "rioters:"))}


@dataclass(frozen=True, slots=True)
class Verdict:
    same: bool
    reason: str
    score: float = 0.0  # how strongly the pair agrees: merges are tried strongest first


def _useful_place(m: EventMention) -> bool:
    """A place that can locate an event for merging: not a whole country."""
    p = m.place
    return (p is not None and p.latitude is not None and p.longitude is not None
            and not (p.feature_code or "").startswith("PCL"))


def compatible(a: EventMention, b: EventMention) -> Verdict:
    if family(a.sub_event_type) != family(b.sub_event_type):
        return Verdict(False, "different event families")
    if a.doc_id == b.doc_id and a.sub_event_type != b.sub_event_type:
        return Verdict(False, "one report, two kinds of event")
    parts = [f"same family ({family(a.sub_event_type)})"]
    da, db = _date(a), _date(b)
    if da and db:
        gap = abs((da - db).days)
        allowed = (DATE_HALF_WIDTH.get(a.time_precision, 15) + DATE_HALF_WIDTH.get(b.time_precision, 15)
                   + DATE_SLACK_DAYS)
        if gap > allowed:
            return Verdict(False, f"dates {gap} days apart")
        parts.append("same day" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} apart")
    pa, pb = a.place, b.place
    have_places = _useful_place(a) and _useful_place(b)
    km = 0.0
    if have_places:
        assert pa is not None and pb is not None and pa.latitude is not None and pb.latitude is not None
        assert pa.longitude is not None and pb.longitude is not None
        km = haversine_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude)
        radius = PLACE_RADIUS_KM.get(max(pa.geo_precision, pb.geo_precision), 250.0)
        if km > radius:
            return Verdict(False, f"places {km:.0f} km apart")
        parts.append(f"{km:.0f} km apart")
    actors_a, actors_b = _actors(a), _actors(b)
    shared = actors_a & actors_b
    if actors_a and actors_b and not shared:
        return Verdict(False, "no actor in common")
    if shared:
        parts.append("shared actor " + ", ".join(sorted(shared)))
    # a date missing on either side: the places must agree and an actor must be shared; a place missing:
    # the same kind of event and a shared actor are needed
    if not have_places and not (shared and a.sub_event_type == b.sub_event_type):
        return Verdict(False, "no places to compare: needs the same kind of event and a shared actor")
    if not (da and db) and not shared:
        return Verdict(False, "no dates to compare: needs a shared actor")
    score = 2.0 * (a.sub_event_type == b.sub_event_type) + len(shared)
    if have_places and km <= 10:
        score += 1
    if da and db and da == db:
        score += 1
    figures = {(q.category, q.value) for q in a.quantities} & {(q.category, q.value) for q in b.quantities}
    if figures:
        score += len(figures)
        parts.append("same figures " + ", ".join(f"{c} {v:g}" for c, v in sorted(figures)))
    return Verdict(True, "; ".join(parts), score)


@dataclass(frozen=True, slots=True)
class Cluster:
    mentions: tuple[EventMention, ...]
    reasons: tuple[str, ...]

    @property
    def key(self) -> str:
        ids = sorted(f"{m.doc_id}#{m.sentence}" for m in self.mentions)
        return "ev-" + hashlib.sha1("|".join(ids).encode()).hexdigest()[:12]


def candidate_pairs(mentions: Sequence[EventMention]) -> list[tuple[int, int]]:
    """Pairs of mentions worth comparing: same family, dates within six weeks (undated mentions are
    compared with all of their family). Sorted, so every executor walks them in the same order."""
    blocks: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        d = _date(m)
        blocks[(family(m.sub_event_type), d.toordinal() // BLOCK_DAYS if d else None)].append(i)
    pairs: set[tuple[int, int]] = set()
    for (fam, week), members in blocks.items():
        neighbours = list(members)
        if week is not None:
            for w in range(week - 6, week):
                neighbours += blocks.get((fam, w), [])
            neighbours += blocks.get((fam, None), [])
        for i in members:
            for j in neighbours:
                if i != j:
                    pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def verdicts(mentions: Sequence[EventMention], pairs: Sequence[tuple[int, int]]
             ) -> list[tuple[int, int, str, float]]:
    """The compatible pairs among ``pairs``, with the reason and strength (a pure function: runs anywhere)."""
    out = []
    for i, j in pairs:
        v = compatible(mentions[i], mentions[j])
        if v.same:
            out.append((i, j, v.reason, v.score))
    return out


def cluster_mentions(mentions: Sequence[EventMention],
                     compare: Callable[[Sequence[EventMention], list[tuple[int, int]]],
                                       list[tuple[int, int, str, float]]] | None = None) -> list[Cluster]:
    """Group mentions into events: the union of compatible pairs. ``compare`` runs the comparisons
    (default: here; the dask executor passes a distributed one with the same result)."""
    pairs = candidate_pairs(mentions)
    same = sorted((compare or verdicts)(mentions, pairs), key=lambda v: (-v[3], v[0], v[1]))
    ok = {(i, j) for i, j, _, _ in same}
    # complete linkage: two groups join only when every cross pair is compatible, so a chain of
    # pairwise-similar mentions (A~B, B~C, A!~C) never becomes one event
    member: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
    root = list(range(len(mentions)))
    reasons: dict[str, list[str]] = defaultdict(list)
    for i, j, why, _score in same:
        ri, rj = root[i], root[j]
        if ri == rj:
            continue
        if not all((min(x, y), max(x, y)) in ok for x in member[ri] for y in member[rj]):
            continue
        for x in member[rj]:
            root[x] = ri
        member[ri] += member.pop(rj)
        reasons[str(i)].append(f"{_label(mentions[i])} + {_label(mentions[j])}: {why}")
    groups: dict[int, list[int]] = {r: sorted(ms) for r, ms in member.items()}
    out = []
    for members in groups.values():
        out.append(Cluster(tuple(mentions[i] for i in members),
                           tuple(r for i in members for r in reasons.get(str(i), []))))
    return out


def _label(m: EventMention) -> str:
    return f"{m.doc_id}#{m.sentence}"

