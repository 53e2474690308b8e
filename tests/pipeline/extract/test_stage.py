"""The extract stage: the decision order, type corrections by actors, and an end-to-end run of the
per-document chain (clean -> nlp -> geo -> extract) over small reports written for these tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontwatch.geo import Geocoder
from frontwatch.geo.build import write_entries
from frontwatch.pipeline.base import RunContext, Stage
from frontwatch.pipeline.chain import process_raw_batch
from frontwatch.pipeline.clean import CleanStage
from frontwatch.pipeline.extract.labels import NO_EVENT
from frontwatch.pipeline.extract.stage import (
    ACCEPT,
    RULE_SUPPORT,
    WEAK_ACCEPT,
    Decision,
    ExtractStage,
    correct_type,
    decide,
)
from frontwatch.pipeline.geo import GeoStage
from frontwatch.pipeline.ingest import content_hash
from frontwatch.pipeline.nlp import NlpStage
from frontwatch.records import ActorRole, Document, Drop, EventMention, RawDocument
from tests.geo.conftest import _e

CLASH = "Armed clash"
SHELLING = "Shelling/artillery/missile attack"
AIR = "Air/drone strike"

# ------------------------------------------------------------------------------------------- decide


def test_decide_confident_classifier_without_strong_trigger() -> None:
    assert decide((), (), CLASH, 0.9, {CLASH: 0.9}) == Decision(CLASH, 0.9, "model")


def test_decide_confident_classifier_supported_by_lexicon() -> None:
    assert decide((), (CLASH,), CLASH, 0.7, {CLASH: 0.7}) == Decision(CLASH, 0.7, "rules+model")
    assert decide((CLASH,), (), CLASH, ACCEPT, {CLASH: ACCEPT}) == Decision(CLASH, ACCEPT, "rules+model")


def test_decide_strong_trigger_overrides_contradicted_classifier() -> None:
    scores = {CLASH: 0.8, AIR: 0.1}
    assert decide((AIR,), (), CLASH, 0.8, scores) == Decision(AIR, 0.1, "rules")


def test_decide_strong_trigger_ranked_highest_by_classifier() -> None:
    scores = {SHELLING: 0.3, AIR: 0.2, NO_EVENT: 0.5}
    assert decide((AIR, SHELLING), (), NO_EVENT, 0.5, scores) == Decision(SHELLING, 0.3, "rules")
    scores = {SHELLING: 0.45, AIR: 0.2, NO_EVENT: 0.35}
    assert decide((AIR, SHELLING), (), SHELLING, 0.45, scores) == Decision(SHELLING, 0.45, "rules+model")


def test_decide_strong_trigger_needs_rule_support() -> None:
    low = RULE_SUPPORT - 0.01
    scores = {AIR: low, NO_EVENT: 0.95}
    assert decide((AIR,), (), NO_EVENT, 0.95, scores) == Decision(NO_EVENT, 0.95, "none")
    assert decide((AIR,), (), NO_EVENT, 0.9, {AIR: RULE_SUPPORT, NO_EVENT: 0.9}).label == AIR


def test_decide_weak_trigger_with_classifier_agreeing() -> None:
    scores = {CLASH: WEAK_ACCEPT, NO_EVENT: 0.35}
    assert decide((), (CLASH,), CLASH, WEAK_ACCEPT, scores) == Decision(CLASH, WEAK_ACCEPT, "rules+model")


def test_decide_weak_trigger_with_evidence_and_unsure_no_event() -> None:
    scores = {CLASH: 0.2, SHELLING: 0.1, NO_EVENT: 0.6}
    assert decide((), (SHELLING, CLASH), NO_EVENT, 0.6, scores) == Decision(CLASH, 0.2, "rules")
    # no evidence in the sentence (no actor, place or casualty count): no event
    assert decide((), (SHELLING, CLASH), NO_EVENT, 0.6, scores, evidence=False) == Decision(NO_EVENT, 0.6, "none")
    # the classifier is sure it is no event
    sure = {CLASH: 0.2, NO_EVENT: 0.75}
    assert decide((), (CLASH,), NO_EVENT, 0.75, sure) == Decision(NO_EVENT, 0.75, "none")
    # the trigger-supported label must have some support
    faint = {CLASH: 0.04, NO_EVENT: 0.5}
    assert decide((), (CLASH,), NO_EVENT, 0.5, faint) == Decision(NO_EVENT, 0.5, "none")


def test_decide_confident_classifier_when_strong_trigger_is_unsupported() -> None:
    scores = {CLASH: 0.9, AIR: 0.01}
    assert decide((AIR,), (), CLASH, 0.9, scores) == Decision(CLASH, 0.9, "model")


def test_decide_nothing() -> None:
    assert decide((), (), NO_EVENT, 0.97, {NO_EVENT: 0.97}) == Decision(NO_EVENT, 0.97, "none")
    assert decide((), (), CLASH, 0.5, {CLASH: 0.5}) == Decision(NO_EVENT, 0.5, "none")


# ------------------------------------------------------------------------------------- correct_type

STATE = ActorRole("state:SYR", "Military Forces of Syria", 1, "the army")
REBELS = ActorRole("prov:qadir-front", "Qadir Front", 2, "Qadir Front")
MILITIA = ActorRole("prov:zorn-brigade", "Zorn Brigade", 3, "Zorn Brigade")
CIVILIANS = ActorRole("civilians:SYR", "Civilians (Syria)", 7, "")
PROTESTERS = ActorRole("protesters:SYR", "Protesters (Syria)", 6, "")


def test_attack_on_armed_actor_is_a_clash() -> None:
    assert correct_type("Attack", REBELS, STATE) == CLASH
    assert correct_type("Attack", STATE, MILITIA) == CLASH


def test_attack_on_unarmed_stays_attack() -> None:
    assert correct_type("Attack", REBELS, CIVILIANS) == "Attack"
    assert correct_type("Attack", REBELS, PROTESTERS) == "Attack"
    assert correct_type("Attack", REBELS, None) == "Attack"


def test_territory_type_follows_who_takes_it() -> None:
    assert correct_type("Government regains territory", REBELS, STATE) == "Non-state actor overtakes territory"
    assert correct_type("Government regains territory", MILITIA, None) == "Non-state actor overtakes territory"
    assert correct_type("Non-state actor overtakes territory", STATE, REBELS) == "Government regains territory"
    assert correct_type("Government regains territory", STATE, REBELS) == "Government regains territory"
    assert correct_type("Non-state actor overtakes territory", REBELS, STATE) == "Non-state actor overtakes territory"
    assert correct_type("Government regains territory", None, None) == "Government regains territory"


def test_other_types_unchanged() -> None:
    assert correct_type(SHELLING, STATE, REBELS) == SHELLING
    assert correct_type(CLASH, REBELS, CIVILIANS) == CLASH


# ------------------------------------------------------------------------------------ end to end

# A gazetteer of invented places (in a real country, so that the country focus resolves).
PLACES = [
    _e("Syria", 35.0, 38.0, "SY", "PCLI", pop=17_000_000, gid=163843, layer="country"),
    _e("Homs", 34.57, 37.28, "SY", "ADM1", pop=1_000_000, gid=169575, a1="Homs", a1_code="SY.11", layer="admin"),
    _e("Kafr Zaydun", 34.81, 37.02, "SY", "PPL", pop=9_000, gid=990001, a1="Homs", a1_code="SY.11"),
    _e("Tell Marqab", 34.95, 37.40, "SY", "PPL", pop=4_000, gid=990002, a1="Homs", a1_code="SY.11"),
]

REPORT = ("Rebels of the Qadir Front shelled the town of Kafr Zaydun in Homs province on Monday, killing 3 civilians, "
          "a local official said.\n\n"
          "The Qadir Front could attack Tell Marqab next week, residents fear.\n\n"
          "The Syrian army has been fighting the Qadir Front in the province for more than six years.")

PAGE = """<html><head><title>Clashes near Tell Marqab | Orontes Wire</title>
<meta property="og:site_name" content="Orontes Wire">
<meta property="article:published_time" content="2024-05-09T08:00:00Z"></head>
<body><article><h1>Clashes near Tell Marqab</h1>
<p>Syrian government forces clashed with fighters of the Qadir Front near Tell Marqab on Wednesday, a military
source said.</p>
<p>The army has been fighting the group in the area since 2017.</p></article>
<div id="comments"><h3>2 Comments</h3><ol class="comment-list">
<li class="comment"><div class="comment-author">Samir</div><div class="comment-content"><p>Yesterday the Qadir Front
shelled Kafr Zaydun and killed 7 soldiers, nobody reports it.</p></div></li>
<li class="comment"><div class="comment-author">Lina</div><div class="comment-content"><p>Stay safe everyone in
Homs.</p></div></li></ol></div>
<footer>Copyright 2024 Orontes Wire. All rights reserved.</footer></body></html>"""

DISPATCH = ("Gunmen of the Qadir Front stormed the village of Tell Marqab on Tuesday and shot dead 4 farmers. "
            "Government troops repelled an attack on their positions near Kafr Zaydun on Wednesday. "
            "12 militants were killed.\n\n"
            "The army did not shell the village, a spokesman said. Rebels may have planted the bomb.")


def _raw(doc_id: str, content: str, fmt: str = "text", published: str | None = "2024-05-08") -> RawDocument:
    return RawDocument(doc_id=doc_id, source_path=f"{doc_id}.{'html' if fmt == 'html' else 'txt'}", content=content,
                       format=fmt, content_hash=content_hash(content), published=published)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def extract() -> ExtractStage:
    stage = ExtractStage()
    stage.setup(RunContext())
    return stage


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, extract: ExtractStage) -> Iterator[dict[str, Document]]:
    path: Path = tmp_path_factory.mktemp("gaz-extract") / "places.sqlite"
    write_entries(path, PLACES, {"version": "test"})
    geocoder = Geocoder.from_path(path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Geocoder, "load", classmethod(lambda cls, settings=None: geocoder))
        stages: list[Stage[Any, Any]] = [CleanStage(), NlpStage(), GeoStage(), extract]
        raws = [_raw("report", REPORT), _raw("page", PAGE, "html", published=None), _raw("dispatch", DISPATCH)]
        docs = process_raw_batch(raws, stages, RunContext())
        yield {d.doc_id: d for d in docs}


def _events(doc: Document) -> dict[int, EventMention]:
    return {m.sentence: m for m in doc.event_mentions}


def test_report_gives_one_event_with_its_fields(documents: dict[str, Document]) -> None:
    doc = documents["report"]
    assert doc.errors == () and doc.skipped_stages == ()
    assert len(doc.sentences) == 3
    assert [m.sentence for m in doc.event_mentions] == [0]  # the speculation and the background give none
    ev = doc.event_mentions[0]
    assert ev.doc_id == "report" and ev.text.startswith("Rebels of the Qadir Front shelled")
    assert (ev.start, ev.end) == (doc.sentences[0].start, doc.sentences[0].end)
    assert ev.sub_event_type == SHELLING and ev.event_type == "Explosions/Remote violence"
    assert ev.actor1 is not None and ev.actor1.actor_id == "prov:qadir-front"
    assert ev.actor1.text == "Rebels of the Qadir Front"
    assert ev.place is not None and ev.place.name == "Kafr Zaydun" and ev.place.country == "SYR"
    assert (ev.event_date, ev.time_precision, ev.date_text) == ("2024-05-06", 1, "on Monday")
    assert (ev.fatalities, ev.fatalities_low, ev.fatalities_high) == (3, 3, 3)
    assert ev.claimed_by == "a local official"
    assert [(q.category, q.value, q.subject) for q in ev.quantities] == [("killed", 3.0, "civilians")]


def test_reader_comments_are_no_source_of_events(documents: dict[str, Document]) -> None:
    doc = documents["page"]
    assert len(doc.comments) == 2 and "killed 7 soldiers" in doc.comments[0]
    assert "7 soldiers" not in doc.text
    events = _events(doc)
    assert list(events) == [0]  # the clash; the background sentence gives none
    ev = events[0]
    assert ev.sub_event_type == CLASH
    assert ev.actor1 is not None and ev.actor1.actor_id == "state:SYR"
    assert ev.actor2 is not None and ev.actor2.actor_id == "prov:qadir-front"
    assert ev.place is not None and ev.place.name == "Tell Marqab"
    assert ev.event_date == "2024-05-08" and ev.date_text == "on Wednesday"
    assert ev.fatalities is None
    assert all("7 soldiers" not in m.text and m.fatalities != 7 for m in doc.event_mentions)


def test_dispatch_violence_against_civilians_and_no_negated_or_hedged_events(documents: dict[str, Document]) -> None:
    doc = documents["dispatch"]
    events = _events(doc)
    attack = events[0]
    assert attack.sub_event_type == "Attack" and attack.event_type == "Violence against civilians"
    assert attack.actor1 is not None and attack.actor1.actor_id == "prov:qadir-front"
    assert attack.actor2 == ActorRole("civilians:SYR", "Civilians (Syria)", 7, "")
    assert attack.place is not None and attack.place.name == "Tell Marqab"
    assert attack.event_date == "2024-05-07" and attack.fatalities == 4
    assert 1 in events and events[1].event_type == "Battles"
    assert events[1].actor1 is not None and events[1].actor1.actor_id == "state:SYR"
    assert events[1].place is not None and events[1].place.name == "Kafr Zaydun"
    # "did not shell" (negated) and "may have planted" (hedged) are no events
    assert 3 not in events and 4 not in events


def test_passive_victims_after_a_clash(documents: dict[str, Document]) -> None:
    ev = _events(documents["dispatch"])[2]
    assert ev.event_type == "Battles"
    assert ev.actor1 is not None and ev.actor1.actor_id == "state:SYR"
    assert ev.actor2 is None or not ev.actor2.actor_id.startswith("civilians:")


def test_counts_and_non_english(extract: ExtractStage) -> None:
    ctx = RunContext()
    fr = Document(doc_id="fr", content_hash="h", source_path="fr.txt", format="text",
                  text="Les rebelles ont bombardé la ville lundi.", language="fr")
    assert extract.process(fr, ctx) == Drop("language is fr: event extraction skipped")
    empty = Document(doc_id="e", content_hash="h", source_path="e.txt", format="text", text="", language="en")
    out = extract.process(empty, ctx)
    assert isinstance(out, Document) and out.event_mentions == ()


def test_stage_name_is_versioned() -> None:
    assert ExtractStage.name == "extract.events.v1"


def test_combatant_victims_decide_a_clash() -> None:
    from frontwatch.pipeline.extract.fields import combatant_victims
    from frontwatch.records import Quantity

    def doc(*subjects: str | None) -> Document:
        qs = tuple(Quantity(0, 1, "x", 3, 3, 3, None, None, "killed" if i == 0 else "wounded", s, 0)
                   for i, s in enumerate(subjects))
        return Document(doc_id="d", content_hash="h", source_path="d.txt", format="text", text="x",
                        language="en", quantities=qs)

    assert combatant_victims(doc("terrorists", "others"), 0)
    assert combatant_victims(doc("soldiers"), 0)
    assert not combatant_victims(doc("terrorists", "civilians"), 0)
    assert not combatant_victims(doc(None), 0)
    assert not combatant_victims(doc(), 0)


@pytest.mark.parametrize(("label", "text", "want"), [
    ("police", "Police", ("state-police:MLI", "Police Forces of Mali")),
    ("troops", "The soldiers", ("state:MLI", "Military Forces of Mali")),
    ("gunmen", "Gunmen", ("unidentified:MLI", "Unidentified Armed Group (Mali)")),
    ("men", "armed men", ("unidentified:MLI", "Unidentified Armed Group (Mali)")),
    ("men", "young men", None),
    ("peacekeepers", "Peacekeepers", None),
])
def test_unnamed_actors_follow_acled(label: str, text: str, want: tuple[str, str] | None) -> None:
    from frontwatch.pipeline.extract.stage import _unnamed
    from frontwatch.records import ActorMention

    doc = Document(doc_id="d", content_hash="h", source_path="d.txt", format="text", text=text, language="en",
                   country_focus="MLI")
    role = _unnamed(ActorMention(0, len(text), text, f"label:{label}", label, None, label, 0), doc)
    assert (role.actor_id, role.name) == want if want else role is None
    assert _unnamed(ActorMention(0, len(text), text, f"label:{label}", label, None, label, 0),
                    dataclasses.replace(doc, country_focus=None)) is None
