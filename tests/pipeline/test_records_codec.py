"""The record codec: ``from_dict`` (per-type decoders compiled from the type hints) rebuilds exactly what
the reference per-value decoder ``_decode`` does, and ``to_dict`` round-trips every record type."""

from __future__ import annotations

import json

from frontwatch.records import (
    ActorMention,
    ActorRole,
    Attribution,
    Contradiction,
    ContradictionValue,
    DateMention,
    Document,
    Entity,
    Event,
    EventMention,
    NearDuplicate,
    PlaceMention,
    Quantity,
    RawDocument,
    RemovedBlock,
    Sentence,
    SourceRef,
    _decode,
    from_dict,
    to_dict,
)

PLACE = PlaceMention("d1", 10, 16, "Palmyra", 170592, "Palmyra", 34.56, 38.28, "SYR", "Homs", "PPL", 0.9,
                     bearing="NW", distance_km=20.0, anchor="Homs", sentence=0)
QTY = Quantity(0, 5, "12 killed", 12.0, 12.0, None, "at least", None, "killed", "civilians", 0)
ROLE = ActorRole("state:SYR", "Military Forces of Syria", 1, "the army")
DOC = Document(
    doc_id="d1", content_hash="h", source_path="a.txt", format="text", text="Palmyra. More text.", outlet="SANA",
    published="2017-03-02", published_from="metadata", language="en", comments=("c1",),
    removed=(RemovedBlock("navigation", "Home"),), near_duplicates=(NearDuplicate("d2", 0.93),), errors=("e",),
    paragraphs=((0, 8), (9, 19)), sentences=(Sentence(0, 8, 0), Sentence(9, 19, 1)),
    entities=(Entity(0, 7, "GPE", "Palmyra", 0),),
    actors=(ActorMention(0, 4, "army", "state:SYR", "Military Forces of Syria", 1, "army", 0, False),),
    dates=(DateMention(0, 6, "Sunday", "2017-02-26", 1, True, 0),), quantities=(QTY,),
    attributions=(Attribution(0, "SANA", 0, 4, True),), places=(PLACE,),
    event_mentions=(EventMention("d1", 0, 0, 8, "Palmyra.", "Battles", "Armed clash", 0.9, actor1=ROLE,
                                 assoc_actor_1=(ROLE,), place=PLACE, quantities=(QTY,), fatalities=12),),
    country_focus="SYR",
)
EVENT = Event("ev-1", "2017-03-02", 1, "Battles", "Armed clash", "A", None, "B", None, 1, 2, "Palmyra", "Homs", "SYR",
              34.5, 38.2, 1, 12, (10, 12), None, (SourceRef("d1", "SANA", "s", 0, 8),), 1,
              contradictions=(Contradiction("fatalities", (ContradictionValue(12, ("d1",)),
                                                           ContradictionValue([10, 11], ("d2",)))),))


def _via_json(record: object) -> object:
    return json.loads(json.dumps(to_dict(record)))


def test_round_trip_every_record_type() -> None:
    raw = RawDocument("r1", "a.txt", "text", "text", "h", line=3, errors=("x",))
    for record in (DOC, raw, PLACE, QTY):
        assert from_dict(type(record), _via_json(record)) == record


def test_compiled_decoder_equals_the_reference() -> None:
    for record in (DOC, EVENT):
        data = _via_json(record)
        assert from_dict(type(record), data) == _decode(type(record), data)


def test_ints_become_floats_where_the_type_says_float() -> None:
    data = _via_json(QTY)
    assert isinstance(data, dict)
    data.update(value=12, low=12)
    rebuilt = from_dict(Quantity, data)
    assert type(rebuilt.value) is float and type(rebuilt.low) is float
    assert rebuilt == _decode(Quantity, data)


def test_missing_and_unknown_keys() -> None:
    data = {"doc_id": "d", "content_hash": "h", "source_path": "p", "format": "text", "text": "t", "nope": 1,
            "sentences": None}
    assert from_dict(Document, data) == _decode(Document, data)
    assert from_dict(Document, data).comments == ()


def test_to_dict_plain_values() -> None:
    assert to_dict((1, "a", None, 2.5, True)) == [1, "a", None, 2.5, True]
    assert to_dict({"k": (NearDuplicate("d", 0.5),)}) == {"k": [{"doc_id": "d", "similarity": 0.5}]}
    assert to_dict(Document) is Document  # a record class is not a record
