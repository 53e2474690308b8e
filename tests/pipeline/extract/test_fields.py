"""Event fields from one document's annotations, on documents built by hand."""

from __future__ import annotations

import dataclasses
from datetime import date

from frontwatch.nlp.actors import GENERIC_STATE
from frontwatch.pipeline.extract import fields
from frontwatch.records import ActorMention as Actor
from frontwatch.records import Attribution, DateMention, Document, PlaceMention, Quantity, Sentence


def make_doc(*paragraphs: list[str], **changes: object) -> Document:
    """A document of paragraphs of sentences (sentences joined by a space, paragraphs by a blank line)."""
    text = ""
    sentences: list[Sentence] = []
    for p, para in enumerate(paragraphs):
        if p:
            text += "\n\n"
        for i, s in enumerate(para):
            if i:
                text += " "
            sentences.append(Sentence(len(text), len(text) + len(s), p))
            text += s
    doc = Document(doc_id="d", content_hash="h", source_path="d.txt", format="text", text=text, language="en",
                   sentences=tuple(sentences))
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def span(doc: Document, k: int, surface: str, nth: int = 0) -> tuple[int, int]:
    """Absolute offsets of the nth occurrence of ``surface`` in sentence ``k``."""
    s = doc.sentences[k]
    at = s.start - 1
    for _ in range(nth + 1):
        at = doc.text.index(surface, at + 1, s.end)
    return at, at + len(surface)


def place(doc: Document, k: int, surface: str, *, code: str = "PPL", confidence: float = 0.9,
          lat: float | None = 34.8, precision: int = 1, is_location: bool = True) -> PlaceMention:
    start, end = span(doc, k, surface)
    return PlaceMention(doc_id=doc.doc_id, start=start, end=end, text=surface, geonameid=None, name=surface,
                        latitude=lat, longitude=None if lat is None else 37.0, country="SYR", admin1="Homs",
                        feature_code=code, confidence=confidence, geo_precision=precision, sentence=k,
                        is_location=is_location)


def actor(doc: Document, k: int, surface: str, actor_id: str, inter: int | None, label: str | None = None,
          nth: int = 0) -> Actor:
    start, end = span(doc, k, surface, nth)
    name = actor_id.removeprefix("label:") if actor_id.startswith("label:") else actor_id.split(":")[-1].title()
    return Actor(start, end, surface, actor_id, name, inter, label, k)


def label(doc: Document, k: int, surface: str, term: str) -> Actor:
    return actor(doc, k, surface, f"label:{term}", None, label=term)


def when(doc: Document, k: int, surface: str, iso: str | None, precision: int = 1) -> DateMention:
    start, end = span(doc, k, surface)
    return DateMention(start, end, surface, iso, precision, relative=True, sentence=k)


def killed(doc: Document, k: int, surface: str, value: float, subject: str | None, *, low: float | None = None,
           high: float | None = -1.0, category: str = "killed") -> Quantity:
    start, end = span(doc, k, surface)
    return Quantity(start, end, surface, value, value if low is None else low, value if high == -1.0 else high,
                    None, None, category, subject, k)


# --------------------------------------------------------------------------------------- choose_place


def chosen(doc: Document, k: int) -> str | None:
    p = fields.choose_place(doc, k)
    return p.text if p is not None else None


def test_place_most_specific_of_the_sentence() -> None:
    doc = make_doc(["Rebels shelled Mirza in Homs province, Syria, on Monday."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "Syria", code="PCLI", confidence=0.99),
                                           place(doc, 0, "Homs", code="ADM1", confidence=0.95),
                                           place(doc, 0, "Mirza", confidence=0.4)))
    assert chosen(doc, 0) == "Mirza"


def test_place_region_before_country_and_confidence_among_equals() -> None:
    doc = make_doc(["Fighting spread across Homs province in Syria near Tell Marqab and Kafr Zaydun."])
    regions = dataclasses.replace(doc, places=(place(doc, 0, "Syria", code="PCLI"),
                                               place(doc, 0, "Homs", code="ADM1", confidence=0.5)))
    assert chosen(regions, 0) == "Homs"
    towns = dataclasses.replace(doc, places=(place(doc, 0, "Tell Marqab", confidence=0.6),
                                             place(doc, 0, "Kafr Zaydun", confidence=0.8)))
    assert chosen(towns, 0) == "Kafr Zaydun"


def test_a_village_placed_in_its_town_is_chosen_over_the_town() -> None:
    doc = make_doc(["Insurgents raided the village of Nkoe in Macomia district on Saturday."])
    town = place(doc, 0, "Macomia", confidence=0.85)
    village = dataclasses.replace(place(doc, 0, "Nkoe", confidence=0.42, precision=2), name="Macomia",
                                  fallback="stated")
    doc = dataclasses.replace(doc, places=(town, village))
    assert chosen(doc, 0) == "Nkoe"


def test_a_seat_of_power_is_not_the_place_of_the_event() -> None:
    # "the White House condemned ...": the institution, not where the strike was
    doc = make_doc(["Jets struck Maarat al-Numan.", "The White House condemned the strike."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "Maarat al-Numan"),
                                           place(doc, 1, "White House", code="GOVL", confidence=0.9)))
    assert chosen(doc, 1) == "Maarat al-Numan"
    # written as a place, it is one: "Protesters gathered outside the White House."
    doc = make_doc(["Protesters gathered outside the White House."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "White House", code="GOVL"),))
    assert chosen(doc, 0) == "White House"
    # the geocoder's relative record for "outside the White House" starts at "outside": a place too
    doc = make_doc(["Protesters gathered outside the White House."])
    doc = dataclasses.replace(doc, places=(dataclasses.replace(
        place(doc, 0, "outside the White House", code="GOVL", precision=2), anchor="White House"),))
    assert chosen(doc, 0) == "outside the White House"
    # and the last choice among the places of its sentence
    doc = make_doc(["At the Kremlin and in Kursk, officials met."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "Kremlin", code="GOVL", confidence=0.99),
                                           place(doc, 0, "Kursk", confidence=0.5)))
    assert chosen(doc, 0) == "Kursk"


def test_place_falls_back_to_nearest_previous_sentence_of_paragraph() -> None:
    doc = make_doc(["Troops entered Tell Marqab.", "They later moved to Kafr Zaydun.", "Heavy fighting broke out."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "Tell Marqab"), place(doc, 1, "Kafr Zaydun")))
    assert chosen(doc, 2) == "Kafr Zaydun"


def test_place_from_previous_paragraph_when_the_paragraph_has_none() -> None:
    doc = make_doc(["Troops entered Tell Marqab on Sunday."], ["Heavy fighting broke out at dawn."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "Tell Marqab"),))
    assert chosen(doc, 1) == "Tell Marqab"


def test_place_lookback_is_limited() -> None:
    doc = make_doc(["Troops entered Tell Marqab.", "One.", "Two.", "Three.", "Heavy fighting broke out."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "Tell Marqab"),))
    assert chosen(doc, 3) == "Tell Marqab"  # three sentences back
    assert chosen(doc, 4) is None  # four sentences back


def test_place_skips_unresolved_and_non_locational_mentions() -> None:
    doc = make_doc(["Syrian troops shelled Qarmaza near Mirza."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "Syrian", code="PCLI", is_location=False),
                                           place(doc, 0, "Qarmaza", lat=None),
                                           place(doc, 0, "Mirza", confidence=0.3)))
    assert chosen(doc, 0) == "Mirza"
    only_bad = dataclasses.replace(doc, places=doc.places[:2])
    assert chosen(only_bad, 0) is None


def test_place_that_is_an_actor_is_skipped() -> None:
    doc = make_doc(["US forces struck a depot in Mirza."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "US", code="PCLI"), place(doc, 0, "Mirza", confidence=0.2)),
                              actors=(actor(doc, 0, "US forces", "state:USA", 1),))
    assert chosen(doc, 0) == "Mirza"
    # a bare label is no actor span: a place inside it still counts
    doc2 = make_doc(["Homs rebels shelled the road."])
    doc2 = dataclasses.replace(doc2, places=(place(doc2, 0, "Homs", code="ADM1"),),
                               actors=(label(doc2, 0, "Homs rebels", "rebels"),))
    assert chosen(doc2, 0) == "Homs"


def test_place_used_as_a_government_is_skipped() -> None:
    doc = make_doc(["Damascus accused the rebels of shelling Mirza.", "Moscow's envoy blamed the Qadir Front."])
    doc = dataclasses.replace(doc, places=(place(doc, 0, "Damascus", code="PPLC", confidence=0.99),
                                           place(doc, 0, "Mirza", confidence=0.2),
                                           place(doc, 1, "Moscow", code="PPLC")))
    assert chosen(doc, 0) == "Mirza"
    # "Moscow's" is metonymy too: sentence 1 falls back to Mirza in sentence 0
    assert chosen(doc, 1) == "Mirza"


# ---------------------------------------------------------------------------------------- choose_date


def test_date_of_the_sentence() -> None:
    doc = make_doc(["Rebels shelled Mirza on Monday and again on Tuesday."], published="2024-05-08")
    doc = dataclasses.replace(doc, dates=(when(doc, 0, "on Monday", "2024-05-06"),
                                          when(doc, 0, "on Tuesday", "2024-05-07")))
    assert fields.choose_date(doc, 0) == ("2024-05-06", 1, "on Monday")


def test_unresolved_date_of_the_sentence_is_kept_without_a_date() -> None:
    doc = make_doc(["On Monday rebels shelled Mirza.", "Clashes followed."])
    doc = dataclasses.replace(doc, dates=(when(doc, 0, "On Monday", None),))
    assert fields.choose_date(doc, 0) == (None, 1, "On Monday")


def test_date_from_previous_sentence_of_paragraph_latest_first() -> None:
    doc = make_doc(["Between Sunday and Monday troops advanced.", "Rebels shelled Mirza."], published="2024-05-08")
    doc = dataclasses.replace(doc, dates=(when(doc, 0, "Sunday", "2024-05-05"), when(doc, 0, "Monday", "2024-05-06")))
    assert fields.choose_date(doc, 1) == ("2024-05-06", 1, "Monday")


def test_date_not_taken_from_another_paragraph_publication_date_instead() -> None:
    doc = make_doc(["On Monday troops advanced."], ["Rebels shelled Mirza."], published="2024-05-08")
    doc = dataclasses.replace(doc, dates=(when(doc, 0, "On Monday", "2024-05-06"),))
    assert fields.choose_date(doc, 1) == ("2024-05-08", 2, None)


def test_no_date_at_all() -> None:
    doc = make_doc(["Rebels shelled Mirza."])
    assert fields.choose_date(doc, 0) == (None, 3, None)


def test_date_from_three_sentences_back() -> None:
    doc = make_doc(["On Monday troops advanced.", "One.", "Two.", "Three."], published="2024-05-08")
    doc = dataclasses.replace(doc, dates=(when(doc, 0, "On Monday", "2024-05-06"),))
    assert fields.choose_date(doc, 3) == ("2024-05-06", 1, "On Monday")


def test_date_from_earlier_in_a_long_paragraph() -> None:
    doc = make_doc(["On Monday troops advanced.", "One.", "Two.", "Three.", "Four."], published="2024-05-08")
    doc = dataclasses.replace(doc, dates=(when(doc, 0, "On Monday", "2024-05-06"),))
    assert fields.choose_date(doc, 4) == ("2024-05-06", 1, "On Monday")


# ---------------------------------------------------------------------------------------- fatalities


def test_fatalities_sum_distinct_victim_groups_and_drop_unqualified_restatement() -> None:
    doc = make_doc(["The blast killed 50 people: 15 civilians and 27 fighters died, and 9 were wounded."])
    qs = (killed(doc, 0, "50 people", 50, None), killed(doc, 0, "15 civilians", 15, "civilians"),
          killed(doc, 0, "27 fighters", 27, "fighters"), killed(doc, 0, "9 were wounded", 9, None, category="wounded"))
    doc = dataclasses.replace(doc, quantities=qs)
    value, low, high, found = fields.fatalities(doc, 0, "Explosions/Remote violence")
    assert (value, low, high) == (42, 42, 42)
    assert found == qs


def test_fatalities_same_group_counts_once_largest() -> None:
    doc = make_doc(["Shelling killed 3 civilians; in all 5 civilians died."])
    doc = dataclasses.replace(doc, quantities=(killed(doc, 0, "3 civilians", 3, "civilians"),
                                               killed(doc, 0, "5 civilians", 5, "civilians")))
    assert fields.fatalities(doc, 0, "Explosions/Remote violence")[:3] == (5, 5, 5)


def test_fatalities_open_upper_bound() -> None:
    doc = make_doc(["At least 12 soldiers and 4 civilians were killed."])
    doc = dataclasses.replace(doc, quantities=(killed(doc, 0, "At least 12 soldiers", 12, "soldiers", high=None),
                                               killed(doc, 0, "4 civilians", 4, "civilians")))
    assert fields.fatalities(doc, 0, "Battles")[:3] == (16, 16, None)


def test_fatalities_range_summed() -> None:
    doc = make_doc(["Between 10 and 14 soldiers and 2 civilians were killed."])
    doc = dataclasses.replace(doc, quantities=(
        killed(doc, 0, "Between 10 and 14 soldiers", 12, "soldiers", low=10, high=14),
        killed(doc, 0, "2 civilians", 2, "civilians")))
    assert fields.fatalities(doc, 0, "Battles")[:3] == (14, 12, 16)


def test_fatalities_only_for_violent_types_and_only_this_sentence() -> None:
    doc = make_doc(["Rebels handed over the town.", "Earlier, 7 fighters were killed."])
    q = killed(doc, 1, "7 fighters", 7, "fighters")
    doc = dataclasses.replace(doc, quantities=(q,))
    assert fields.fatalities(doc, 0, "Battles") == (None, None, None, ())
    assert fields.fatalities(doc, 1, "Strategic developments") == (None, None, None, (q,))
    assert fields.fatalities(doc, 1, "Battles") == (7, 7, 7, (q,))


def test_no_killed_count_no_fatalities() -> None:
    doc = make_doc(["Shelling wounded 6 people."])
    q = killed(doc, 0, "6 people", 6, None, category="wounded")
    doc = dataclasses.replace(doc, quantities=(q,))
    assert fields.fatalities(doc, 0, "Explosions/Remote violence") == (None, None, None, (q,))


# ---------------------------------------------------------------------------------------- claimed_by


def test_claimed_by_first_attribution_of_the_sentence() -> None:
    doc = make_doc(["Rebels shelled Mirza, a military source said.", "The army retook it, state media said."])
    doc = dataclasses.replace(doc, attributions=(Attribution(0, "", 0, 0), Attribution(0, "a military source", 22, 39),
                                                 Attribution(1, "state media", 67, 78)))
    assert fields.claimed_by(doc, 0) == "a military source"
    assert fields.claimed_by(doc, 1) == "state media"
    assert fields.claimed_by(dataclasses.replace(doc, attributions=()), 0) is None


# ---------------------------------------------------------------------------------------- bind_label


def test_generic_state_binds_to_country_focus() -> None:
    doc = make_doc(["Government forces shelled Mirza."], country_focus="SYR")
    m = actor(doc, 0, "Government forces", GENERIC_STATE, 1)
    bound = fields.bind_label(doc, m, 0)
    assert bound is not None
    assert (bound.actor_id, bound.name, bound.inter, bound.text) == ("state:SYR", "Military Forces of Syria", 1,
                                                                     "Government forces")
    assert fields.bind_label(dataclasses.replace(doc, country_focus=None), m, 0) is None


def test_named_actor_is_returned_as_is() -> None:
    doc = make_doc(["The Qadir Front shelled Mirza."])
    m = actor(doc, 0, "Qadir Front", "prov:qadir-front", 3)
    assert fields.bind_label(doc, m, 0) is m


def test_anaphoric_label_binds_to_last_named_non_state_actor_before() -> None:
    doc = make_doc(["The army fought the Zorn Brigade and the Qadir Front near Mirza.",
                    "The terrorists then shelled the town."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "army", "state:SYR", 1),
                                           actor(doc, 0, "Zorn Brigade", "prov:zorn-brigade", 3),
                                           actor(doc, 0, "Qadir Front", "prov:qadir-front", 3),
                                           label(doc, 1, "terrorists", "terrorists")))
    bound = fields.bind_label(doc, doc.actors[-1], 0)
    assert bound is not None and bound.actor_id == "prov:qadir-front"


def test_state_label_binds_to_state_actor() -> None:
    doc = make_doc(["The Qadir Front attacked positions of the Syrian army near Mirza.",
                    "The troops repelled the assault."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Qadir Front", "prov:qadir-front", 3),
                                           actor(doc, 0, "Syrian army", "state:SYR", 1),
                                           label(doc, 1, "troops", "troops")))
    bound = fields.bind_label(doc, doc.actors[-1], 0)
    assert bound is not None and bound.actor_id == "state:SYR"


def test_label_binds_to_named_actor_before_it_in_the_same_sentence() -> None:
    doc = make_doc(["The Qadir Front said its fighters and other militants shelled Mirza."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Qadir Front", "prov:qadir-front", 3),
                                           label(doc, 0, "militants", "militants")))
    bound = fields.bind_label(doc, doc.actors[-1], 0)
    assert bound is not None and bound.actor_id == "prov:qadir-front"


def test_label_with_sentence_relative_offsets() -> None:
    doc = make_doc(["The army fought the Qadir Front near Mirza.", "The terrorists then shelled the town."])
    rel = label(doc, 1, "terrorists", "terrorists")
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Qadir Front", "prov:qadir-front", 3), rel))
    offset = doc.sentences[1].start
    relative = dataclasses.replace(rel, start=rel.start - offset, end=rel.end - offset)
    bound = fields.bind_label(doc, relative, offset)
    assert bound is not None and bound.actor_id == "prov:qadir-front"


def test_label_of_the_side_being_fought_is_not_bound() -> None:
    doc = make_doc(["The Qadir Front shelled Mirza.", "The army is combating terrorists in the area."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Qadir Front", "prov:qadir-front", 3),
                                           label(doc, 1, "terrorists", "terrorists")))
    assert fields.bind_label(doc, doc.actors[-1], 0) is None


def test_label_with_its_own_proper_name_is_not_a_back_reference() -> None:
    doc = make_doc(["The Qadir Front shelled Mirza.", "Later Kurdish militants entered the town."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Qadir Front", "prov:qadir-front", 3),
                                           label(doc, 1, "militants", "militants")))
    assert fields.bind_label(doc, doc.actors[-1], 0) is None


def test_non_anaphoric_label_without_an_actor_in_its_sentence_is_not_bound() -> None:
    doc = make_doc(["The Qadir Front shelled Mirza.", "In the south, militants attacked a checkpoint."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Qadir Front", "prov:qadir-front", 3),
                                           label(doc, 1, "militants", "militants")))
    assert fields.bind_label(doc, doc.actors[-1], 0) is None


def test_label_is_not_bound_to_an_actor_named_after_it() -> None:
    doc = make_doc(["The terrorists attacked the Qadir Front near Mirza."])
    doc = dataclasses.replace(doc, actors=(label(doc, 0, "terrorists", "terrorists"),
                                           actor(doc, 0, "Qadir Front", "prov:qadir-front", 3)))
    assert fields.bind_label(doc, doc.actors[0], 0) is None


# -------------------------------------------------------------------------------------- context_actor


def test_context_actor_first_named_actor_of_nearest_previous_sentence() -> None:
    doc = make_doc(["The Zorn Brigade held the hills.", "The Qadir Front and the army fought near Mirza.",
                    "28 militants were killed."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Zorn Brigade", "prov:zorn-brigade", 3),
                                           actor(doc, 1, "Qadir Front", "prov:qadir-front", 3),
                                           actor(doc, 1, "army", "state:SYR", 1),
                                           label(doc, 2, "militants", "militants")))
    found = fields.context_actor(doc, 2, exclude=None)
    assert found is not None and found.actor_id == "prov:qadir-front"
    found = fields.context_actor(doc, 2, exclude="prov:qadir-front")
    assert found is not None and found.actor_id == "state:SYR"


def test_context_actor_skips_labels_generic_and_other_paragraphs() -> None:
    doc = make_doc(["The Zorn Brigade held the hills."],
                   ["The terrorists and government forces clashed.", "Five were killed."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Zorn Brigade", "prov:zorn-brigade", 3),
                                           label(doc, 1, "terrorists", "terrorists"),
                                           actor(doc, 1, "government forces", GENERIC_STATE, 1)))
    assert fields.context_actor(doc, 2, exclude=None) is None


def test_context_actor_armed_only() -> None:
    doc = make_doc(["The Qadir Front shelled Mirza.", "Protesters from Mirza marched on Friday.",
                    "The attack killed 2."])
    doc = dataclasses.replace(doc, actors=(actor(doc, 0, "Qadir Front", "prov:qadir-front", 3),
                                           actor(doc, 1, "Protesters", "protesters:SYR", 6)))
    found = fields.context_actor(doc, 2, exclude=None)
    assert found is not None and found.actor_id == "protesters:SYR"
    armed = fields.context_actor(doc, 2, exclude=None, armed_only=True)
    assert armed is not None and armed.actor_id == "prov:qadir-front"


# ------------------------------------------------------------------------------------------- to_date


def test_to_date() -> None:
    assert fields.to_date("2024-05-06") == date(2024, 5, 6)
    assert fields.to_date("2024-13-01") is None
    assert fields.to_date(None) is None
