from __future__ import annotations

from typing import Any

import pytest

from frontwatch.records import ActorRole, EventMention, PlaceMention, Quantity

SYR = ActorRole("state:SYR", "Military Forces of Syria", 1, "the army")
IS = ActorRole("islamic-state", "Islamic State", 2, "ISIS")
USA = ActorRole("state:USA", "Military Forces of United States", 1, "US jets")


def place(name: str, lat: float, lon: float, precision: int = 1, **kw: Any) -> PlaceMention:
    return PlaceMention(doc_id="x", start=0, end=1, text=name, geonameid=None, name=name, latitude=lat, longitude=lon,
                        country="SYR", admin1="Homs", feature_code="PPL", confidence=0.9, geo_precision=precision,
                        **kw)


def mention(doc_id: str, sub: str = "Government regains territory", *, date: str | None = "2017-06-09",
            precision: int = 1, date_text: str | None = "on June 9", where: PlaceMention | None = None,
            actor1: ActorRole | None = SYR, actor2: ActorRole | None = IS, fatalities: int | None = None,
            low: int | None = None, high: int | None = None, sentence: int = 0,
            quantities: tuple[Quantity, ...] = ()) -> EventMention:
    from frontwatch.pipeline.extract.labels import SUB_EVENT_TYPES

    return EventMention(doc_id=doc_id, sentence=sentence, start=0, end=10, text=f"sentence of {doc_id}",
                        event_type=SUB_EVENT_TYPES.get(sub, sub), sub_event_type=sub, score=0.9, actor1=actor1,
                        actor2=actor2, place=where or place("Tanf", 33.5, 38.66), event_date=date,
                        time_precision=precision, date_text=date_text, fatalities=fatalities,
                        fatalities_low=low if low is not None else fatalities,
                        fatalities_high=high if high is not None else fatalities, quantities=quantities)


@pytest.fixture
def mk() -> Any:
    return mention
