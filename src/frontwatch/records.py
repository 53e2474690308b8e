"""Typed records passed between pipeline stages.

Every record is a frozen, slotted dataclass. Stages never mutate a record: they return a new one
(``dataclasses.replace``). ``to_dict``/``from_dict`` turn any record into plain JSON-able data and back,
driven by the type hints, so the store, Parquet shards and worker processes share one codec.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

Format = Literal["text", "html"]
PublishedFrom = Literal["metadata", "html", "text"]

# Kinds of removed blocks (output contract, DESIGN.md section 3).
REMOVED_KINDS: tuple[str, ...] = (
    "navigation",
    "boilerplate",
    "donation",
    "disclaimer",
    "caption",
    "comments",
    "advert",
    "related",
)


@dataclass(frozen=True, slots=True)
class Skip:
    """An input (file, line or record) that could not be read, with a coded reason."""

    path: str
    code: str
    reason: str
    line: int | None = None

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: [{self.code}] {self.reason}"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read, before cleaning."""

    doc_id: str
    source_path: str
    content: str
    format: Format
    content_hash: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    line: int | None = None
    extra: str = "{}"  # JSON object of the record's unknown fields, kept verbatim
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    doc_id: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity span from the language layer (spaCy labels: GPE, LOC, FAC, ORG, NORP, PERSON...)."""

    start: int
    end: int
    label: str
    text: str
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A mention of an armed actor or side, with the surface form kept for framing."""

    start: int
    end: int
    text: str  # surface form as written ("terrorists of al-Soud al-Sharqiyeh")
    actor_id: str  # canonical id ("islamic-state", "state:SYR", "prov:desert-hawks-brigade")
    name: str  # canonical display name
    inter: int | None  # ACLED inter code
    label: str | None = None  # framing label head noun when the mention carries one ("terrorists")
    sentence: int = -1
    provisional: bool = False


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date: str | None  # ISO date, None when it cannot be resolved (no publication date)
    precision: int  # ACLED time_precision: 1 day, 2 week, 3 month or wider
    relative: bool
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    low: float
    high: float | None  # None: no upper bound ("at least 12", "more than 100")
    qualifier: str | None  # "at least", "some", "more than", "about", "up to" ...
    unit: str | None  # "km", "sq km", "m2", ...
    category: str  # killed | wounded | captured | destroyed | displaced | distance | area | count
    subject: str | None = None  # "civilians", "terrorists", "tank" ...
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class Attribution:
    sentence: int
    source: str  # who asserts it ("a military source", "ISIS", "pro-government sources")
    start: int
    end: int
    hedged: bool = False  # hedged / future / speculative statement


@dataclass(frozen=True, slots=True)
class PlaceMention:
    doc_id: str
    start: int
    end: int
    text: str
    geonameid: int | None
    name: str | None
    latitude: float | None
    longitude: float | None
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None
    feature_code: str | None
    confidence: float
    geo_precision: int = 1  # ACLED: 1 named place, 2 near / part of, 3 region only
    bearing: str | None = None  # relative location: compass bearing from the anchor ("NW")
    distance_km: float | None = None  # relative location: distance from the anchor
    anchor: str | None = None  # name of the anchor place of a relative location
    sentence: int = -1
    is_location: bool = True  # False for demonyms and other non-locational uses
    modifier: bool = False  # "Britain-based", "Iran-backed": qualifies an actor, says nothing of where
    # ACLED fallback: a street, building or neighbourhood the gazetteer lacks, placed at its containing
    # locality ("stated", "name", "sentence", "paragraph" or "document": which rule found it)
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class ActorRole:
    actor_id: str
    name: str
    inter: int | None
    text: str  # surface form in the sentence


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event stated in one sentence of one document."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    event_type: str
    sub_event_type: str
    score: float
    actor1: ActorRole | None = None
    assoc_actor_1: tuple[ActorRole, ...] = ()
    actor2: ActorRole | None = None
    assoc_actor_2: tuple[ActorRole, ...] = ()
    place: PlaceMention | None = None
    event_date: str | None = None
    time_precision: int = 3
    date_text: str | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    claimed_by: str | None = None
    quantities: tuple[Quantity, ...] = ()
    method: str = "rules"  # "rules" | "model" | "rules+model"


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned document with everything the per-document stages found in it."""

    doc_id: str
    content_hash: str
    source_path: str
    format: Format
    text: str
    outlet: str | None = None
    origin: str | None = None
    origin_cue: str | None = None  # the sentence that names the origin ("first appeared on X")
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_from: PublishedFrom | None = None
    language: str | None = None
    comments: tuple[str, ...] = ()
    removed: tuple[RemovedBlock, ...] = ()
    syndication_group: str | None = None
    near_duplicates: tuple[NearDuplicate, ...] = ()
    errors: tuple[str, ...] = ()
    skipped_stages: tuple[str, ...] = ()  # "nlp: language is fr" ...
    extra: str = "{}"
    paragraphs: tuple[tuple[int, int], ...] = ()  # (start, end) offsets of paragraphs in text
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    event_mentions: tuple[EventMention, ...] = ()
    country_focus: str | None = None  # ISO3 of the country most of the document is about


@dataclass(frozen=True, slots=True)
class SourceRef:
    doc_id: str
    outlet: str | None
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ContradictionValue:
    value: Any
    doc_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Contradiction:
    field: str
    values: tuple[ContradictionValue, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """A merged event: one happening reported by one or more documents (output contract)."""

    event_id: str
    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    actor2: str | None
    assoc_actor_2: str | None
    inter1: int | None
    inter2: int | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int | None
    fatalities_range: tuple[int, int] | None
    claimed_by: str | None
    sources: tuple[SourceRef, ...]
    independent_sources: int
    contradictions: tuple[Contradiction, ...] = ()
    notes: str = ""
    corroboration: str = ""  # "3 reports, 2 independent: B republished A"
    confirmations: tuple[str, ...] = ()
    merge_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Drop:
    """A stage's decision to stop processing an item; counted in the run's stats."""

    reason: str


# ----------------------------------------------------------------------------------------------
# Codec: records <-> plain data

T = TypeVar("T")


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}  # per type: its dataclass fields, None if not a dataclass


def to_dict(record: Any) -> Any:
    """Plain JSON-able data for a record (recursively), tuples as lists."""
    cls = type(record)
    if cls in _SCALARS:
        return record
    names = _FIELD_NAMES.get(cls, ())
    if names == ():
        names = _FIELD_NAMES[cls] = (
            tuple(f.name for f in _fields(cls)) if dataclasses.is_dataclass(cls) else None)
    if names is not None:
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, (tuple, list)):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from ``to_dict`` output. Unknown keys are ignored."""
    decode: Decoder = _decoder(typing.cast(Any, cls))
    return typing.cast(T, decode(data))


Decoder = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _to_float(value: Any) -> Any:
    return float(value) if isinstance(value, int) else value


@cache
def _decoder(tp: Any) -> Decoder:
    """A function that rebuilds a value of type ``tp`` from plain data, built once per type from the type
    hints (the rules of :func:`_decode`, resolved ahead instead of per value: the store reads every
    document back several times per run, and the per-value dispatch was most of that cost)."""
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        members = [a for a in get_args(tp) if a is not type(None)]
        return _decoder(members[0]) if len(members) == 1 else _identity
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            if item is _identity:
                return lambda v: None if v is None else tuple(v)
            return lambda v: None if v is None else tuple([None if x is None else item(x) for x in v])
        parts = tuple(_decoder(a) for a in args)
        return lambda v: None if v is None else tuple(
            [None if x is None else d(x) for d, x in zip(parts, v, strict=False)])
    if origin is Literal or tp is Any:
        return _identity
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _record_decoder(tp)
    if tp is float:
        return _to_float
    return _identity


def _record_decoder(cls: type) -> Decoder:
    # (field, decoder or None when the value is kept as is), resolved on first use (the field types may
    # be records declared later in the module); built aside and published in one step (threads).
    state: list[tuple[tuple[str, Decoder | None], ...]] = []

    def decode(value: Any) -> Any:
        if value is None:
            return None
        if not state:
            hints = _hints(cls)
            resolved = [(f.name, _decoder(hints[f.name])) for f in _fields(cls)]
            state[:] = [tuple((name, None if d is _identity else d) for name, d in resolved)]
        plan = state[0]
        kwargs = {}
        for name, d in plan:
            if name in value:
                v = value[name]
                kwargs[name] = v if d is None or v is None else d(v)
        return cls(**kwargs)

    return decode


def _decode(tp: Any, value: Any) -> Any:
    """The reference decoder, one value at a time (``_decoder`` compiles the same rules per type)."""
    if value is None:
        return None
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        members = [a for a in get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return _decode(members[0], value)
        return value
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=False))
    if origin is Literal or tp is Any:
        return value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {f.name: _decode(hints[f.name], value[f.name]) for f in _fields(tp) if f.name in value}
        return tp(**kwargs)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


__all__ = [
    "REMOVED_KINDS",
    "ActorMention",
    "ActorRole",
    "Attribution",
    "Contradiction",
    "ContradictionValue",
    "DateMention",
    "Document",
    "Drop",
    "Entity",
    "Event",
    "EventMention",
    "Format",
    "NearDuplicate",
    "PlaceMention",
    "Quantity",
    "RawDocument",
    "RemovedBlock",
    "Sentence",
    "Skip",
    "SourceRef",
    "from_dict",
    "to_dict",
]
