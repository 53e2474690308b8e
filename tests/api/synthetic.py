"""Synthetic events and documents for the API tests and benchmarks (deterministic for a seed).

Events are invented at real town coordinates, with ACLED types, actor names, 1-4 source sentences and
independent-source counts; documents carry place mentions, removed blocks and comments. Nothing here is
taken from the acceptance inputs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import Document, Event, PlaceMention, RawDocument, RemovedBlock, SourceRef
from frontwatch.store import queries
from frontwatch.store.db import Store


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    admin1: str
    country: str
    latitude: float
    longitude: float


TOWNS: tuple[Town, ...] = (
    Town("Gao", "Gao", "MLI", 16.2717, -0.0447),
    Town("Mopti", "Mopti", "MLI", 14.4843, -4.1830),
    Town("Kidal", "Kidal", "MLI", 18.4411, 1.4078),
    Town("Djibo", "Sahel", "BFA", 14.1022, -1.6306),
    Town("Kaya", "Centre-Nord", "BFA", 13.0917, -1.0844),
    Town("Tillaberi", "Tillaberi", "NER", 14.2117, 1.4531),
    Town("El Fasher", "North Darfur", "SDN", 13.6279, 25.3494),
    Town("Idlib", "Idlib", "SYR", 35.9306, 36.6339),
    Town("Bakhmut", "Donetsk", "UKR", 48.5953, 38.0003),
    Town("Suva", "Central", "FJI", -18.1416, 178.4419),  # east of the antimeridian box tests
    Town("Apia", "Tuamasaga", "WSM", -13.8333, -171.7500),  # west of it
)
TYPES: tuple[tuple[str, str], ...] = (
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Looting/property destruction"),
)
ACTORS: tuple[str, ...] = (
    "Military Forces of Mali (2021-)", "JNIM: Group for Support of Islam and Muslims", "Islamic State (Sahel)",
    "Rapid Support Forces", "Military Forces of Sudan (2019-)", "Hayat Tahrir al-Sham",
    "Military Forces of Russia (2000-)", "Forces Armées Nationales", "Civilians (Mali)", "Protesters (Fiji)",
)
OUTLETS: tuple[str, ...] = ("Sahel Wire", "Desert Courier", "Frontline Daily", "The Observer Post")
START = date(2023, 1, 1)
SPAN_DAYS = 730
UNDATED_SHARE = 0.03
UNLOCATED_SHARE = 0.05


def make_event(i: int, rng: random.Random) -> Event:
    town = rng.choice(TOWNS)
    event_type, sub_type = rng.choice(TYPES)
    actor1, actor2 = rng.sample(ACTORS, 2)
    day = None if rng.random() < UNDATED_SHARE else (START + timedelta(days=rng.randrange(SPAN_DAYS))).isoformat()
    located = rng.random() >= UNLOCATED_SHARE
    fatalities = rng.choice((None, 0, 1, 3, 7, 12, 40))
    n_sources = rng.randint(1, 4)
    sources = tuple(
        SourceRef(doc_id=f"doc-{i}-{k}", outlet=rng.choice(OUTLETS),
                  sentence=f"{actor1} fought {actor2} near {town.name}, killing {fatalities or 'no'} people.",
                  start=0, end=60)
        for k in range(n_sources))
    return Event(
        event_id=f"ev-{i:06d}", event_date=day, time_precision=rng.choice((1, 1, 2, 3)), event_type=event_type,
        sub_event_type=sub_type, actor1=actor1, assoc_actor_1=None, actor2=actor2, assoc_actor_2=None, inter1=1,
        inter2=2, location=town.name, admin1=town.admin1, country=town.country,
        latitude=town.latitude if located else None, longitude=town.longitude if located else None,
        geo_precision=1 if located else None, fatalities=fatalities,
        fatalities_range=(fatalities, fatalities + 2) if fatalities is not None else None, claimed_by=None,
        sources=sources, independent_sources=rng.randint(1, n_sources),
        notes=f"{sub_type} in {town.name} between {actor1} and {actor2}.",
    )


def make_events(n: int, seed: int = 1) -> Iterator[Event]:
    rng = random.Random(seed)
    for i in range(n):
        yield make_event(i, rng)


def store_events(db_path: Path, n: int, seed: int = 1) -> list[Event]:
    events = list(make_events(n, seed))
    with Store(db_path) as store, store.transaction() as db:
        queries.replace_events(db, events)
    return events


def make_document(doc_id: str, *, outlet: str, title: str, text: str, published: str | None,
                  places: tuple[tuple[str, Town], ...] = ()) -> tuple[RawDocument, Document]:
    """A raw document and its processed form, with a place mention for each (surface text, town)."""
    mentions = []
    for surface, town in places:
        start = text.find(surface)
        mentions.append(PlaceMention(doc_id=doc_id, start=start, end=start + len(surface), text=surface,
                                     geonameid=1000 + TOWNS.index(town), name=town.name, latitude=town.latitude,
                                     longitude=town.longitude, country=town.country, admin1=town.admin1,
                                     feature_code="PPL", confidence=0.9))
    raw = RawDocument(doc_id=doc_id, source_path="tests.jsonl", content=text, format="text",
                      content_hash=content_hash(text, doc_id), outlet=outlet, title=title, published=published)
    doc = Document(doc_id=doc_id, content_hash=raw.content_hash, source_path=raw.source_path, format="text",
                   text=text, outlet=outlet, title=title, published=published, language="en",
                   comments=("first!",), removed=(RemovedBlock("donation", "Support us"),), places=tuple(mentions))
    return raw, doc


def store_documents(db_path: Path, pairs: list[tuple[RawDocument, Document]]) -> None:
    with Store(db_path) as store, store.transaction() as db:
        queries.add_raw_documents(db, [raw for raw, _ in pairs])
        queries.save_processed(db, [doc for _, doc in pairs], "tests")
