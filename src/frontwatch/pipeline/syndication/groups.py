"""Copy relations, syndication groups, origin and lineage, and independent-source counting.

A pair of documents is a copy relation when they share a substantial passage (``COPY_MIN_RUN`` words
in one run) or when most of the shorter one is found in the other; a shared quotation of an official
sentence is shorter than that and does not join two reports. Groups are the connected components of
copy relations. The origin of a group is the outlet its members say the text came from, else the
earliest-published member's outlet; the lineage says who copied whom and why.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from frontwatch.outlets import outlet_key
from frontwatch.pipeline.syndication.align import Alignment

# A copy shares one run of at least this many words (two or three sentences: longer than the quoted
# official statements independent reports share; tuned on tests/fixtures/syndication, where quotes
# run 20-30 words and the shortest real copy relation shares a 74-word paragraph).
COPY_MIN_RUN = 40
# ... or at least this many paragraphs shared (80 % of their words in shared runs): an edited copy
# breaks runs at every changed word but keeps whole paragraphs; a quote is one paragraph at most.
COPY_MIN_PARAGRAPHS = 2
# ... or this share of the shorter text, made of runs of at least MIN_RUN_WORDS (short items such as
# a two-sentence brief wholly contained in a longer page).
COPY_MIN_CONTAINMENT = 0.5
COPY_MIN_WORDS = 20
# Pairs at least this similar (larger containment) are listed as near-duplicates even when they are
# not copies (e.g. a long shared statement), so analysts can inspect them.
NEAR_DUPLICATE_MIN = 0.2


def is_copy(al: Alignment) -> bool:
    if al.len_a and al.covered_a == al.len_a == al.len_b:
        return True  # the same words (however short: wire briefs, tables)
    if al.longest >= COPY_MIN_RUN:
        return True
    if min(al.shared_paragraphs_a, al.shared_paragraphs_b) >= COPY_MIN_PARAGRAPHS:
        return True
    return al.covered_a >= COPY_MIN_WORDS and min(al.len_a, al.len_b) > 0 and al.similarity >= COPY_MIN_CONTAINMENT


@dataclass(frozen=True, slots=True)
class DocInfo:
    doc_id: str
    content_hash: str
    outlet: str | None
    origin: str | None  # stated origin (cleaning: "first appeared on X")
    published: str | None


@dataclass(frozen=True, slots=True)
class Link:
    a: str
    b: str
    alignment: Alignment
    copy: bool


@dataclass(frozen=True, slots=True)
class LineageEdge:
    doc_id: str
    copy_of: str
    reason: str


@dataclass(frozen=True, slots=True)
class GroupResult:
    group_of: dict[str, str]  # doc_id -> syndication_group
    origin_of: dict[str, str | None]  # doc_id -> origin outlet
    near: dict[str, list[tuple[str, float]]]
    lineage: dict[str, list[LineageEdge]]
    groups: dict[str, list[str]]  # group -> members (ingest order)


class UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {x: x for x in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def group_id(members: Sequence[DocInfo]) -> str:
    """Stable id from the members' content hashes (same inputs -> same id on every run)."""
    h = hashlib.sha1("|".join(sorted(m.content_hash for m in members)).encode()).hexdigest()[:12]
    return f"g-{h}"


def build_groups(docs: Sequence[DocInfo], links: Iterable[Link]) -> GroupResult:
    info = {d.doc_id: d for d in docs}
    uf = UnionFind(info)
    near: dict[str, list[tuple[str, float]]] = defaultdict(list)
    copies: list[Link] = []
    for lk in links:
        sim = round(lk.alignment.similarity, 4)
        if lk.copy or sim >= NEAR_DUPLICATE_MIN:
            near[lk.a].append((lk.b, sim))
            near[lk.b].append((lk.a, sim))
        if lk.copy:
            uf.union(lk.a, lk.b)
            copies.append(lk)
    members: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        members[uf.find(d.doc_id)].append(d.doc_id)
    group_of: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    origin_of: dict[str, str | None] = {}
    for ids in members.values():
        gid = group_id([info[i] for i in ids])
        groups[gid] = ids
        origin = group_origin([info[i] for i in ids])
        for i in ids:
            group_of[i] = gid
            origin_of[i] = info[i].origin or origin
    lineage: dict[str, list[LineageEdge]] = defaultdict(list)
    for lk in copies:
        edge = direction(info[lk.a], info[lk.b], lk.alignment, origin_of.get(lk.a))
        lineage[edge.doc_id].append(edge)
    return GroupResult(group_of, origin_of, {k: sorted(v, key=lambda x: (-x[1], x[0])) for k, v in near.items()},
                       {k: sorted(v, key=lambda e: e.copy_of) for k, v in lineage.items()}, groups)


def group_origin(members: Sequence[DocInfo]) -> str | None:
    """The outlet the group's text came from: the origin most members state, else the outlet of the
    earliest-published member, else the outlet of the only member."""
    stated = Counter(m.origin for m in members if m.origin)
    if stated:
        return stated.most_common(1)[0][0]
    dated = sorted((m.published, m.outlet) for m in members if m.published and m.outlet)
    if dated:
        return dated[0][1]
    outlets = [m.outlet for m in members if m.outlet]
    return outlets[0] if len(set(outlets)) == 1 and outlets else (outlets[0] if len(members) == 1 and outlets
                                                                   else None)


def direction(a: DocInfo, b: DocInfo, al: Alignment, origin: str | None) -> LineageEdge:
    """Which member copied the other, with the reason in words."""
    def is_origin(d: DocInfo) -> bool:
        return bool(origin and d.outlet and outlet_key(d.outlet) == outlet_key(origin) and not d.origin)

    if is_origin(a) and not is_origin(b):
        copy, orig, why = b, a, f"{b.outlet or b.doc_id} states {origin} as its source"
    elif is_origin(b) and not is_origin(a):
        copy, orig, why = a, b, f"{a.outlet or a.doc_id} states {origin} as its source"
    elif a.published and b.published and a.published != b.published:
        copy, orig = (a, b) if a.published > b.published else (b, a)
        why = f"published later ({copy.published} after {orig.published})"
    elif bool(a.origin) != bool(b.origin):
        copy, orig = (a, b) if a.origin else (b, a)
        why = f"{copy.doc_id} attributes its text to {copy.origin}"
    else:
        copy, orig = (a, b) if (a.doc_id > b.doc_id) else (b, a)
        why = "order unknown (no dates or attributions)"
    shared = al.shared_paragraphs_a if copy is a else al.shared_paragraphs_b
    share = al.containment_a if copy is a else al.containment_b
    what = f"{shared} shared paragraph{'s' if shared != 1 else ''}" if shared else f"{al.longest}-word shared passage"
    return LineageEdge(copy.doc_id, orig.doc_id,
                       f"{copy.outlet or copy.doc_id} is a copy of {orig.outlet or orig.doc_id}: {what} "
                       f"({share:.0%} of it); {why}")


@dataclass(frozen=True, slots=True)
class Independence:
    reports: int
    independent: int
    explanation: str
    origins: tuple[str, ...]


def count_independent(doc_ids: Iterable[str], group_of: Mapping[str, str], origin_of: Mapping[str, str | None],
                      outlet_of: Mapping[str, str | None]) -> Independence:
    """Independent sources behind a set of documents: distinct syndication groups, merged when they
    state the same origin outlet. The explanation names who republished whom."""
    ids = list(dict.fromkeys(doc_ids))
    clusters: dict[str, list[str]] = defaultdict(list)
    for d in ids:
        origin = origin_of.get(d)
        key = f"origin:{outlet_key(origin)}" if origin else f"group:{group_of.get(d, d)}"
        clusters[key].append(d)
    parts: list[str] = []
    origins: list[str] = []
    for members in clusters.values():
        origin = origin_of.get(members[0]) or outlet_of.get(members[0]) or members[0]
        origins.append(origin)
        copiers = sorted({outlet_of.get(m) or m for m in members
                          if (outlet_of.get(m) or m) and outlet_key(outlet_of.get(m) or m) != outlet_key(origin)})
        if copiers:
            parts.append(f"{', '.join(copiers)} republished {origin}")
        elif len(members) > 1:
            parts.append(f"{len(members)} reports from {origin}")
    n = len(ids)
    k = len(clusters)
    head = f"{n} report{'s' if n != 1 else ''}, {k} independent"
    return Independence(n, k, head + (": " + "; ".join(parts) if parts else ""), tuple(origins))
