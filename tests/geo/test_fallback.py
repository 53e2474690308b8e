"""ACLED-style fallback: unresolved streets, buildings and neighbourhoods go to their containing locality."""

from __future__ import annotations

from frontwatch.geo import Geocoder
from frontwatch.geo.fallback import is_fine_grained
from frontwatch.geo.normalize import name_key
from frontwatch.geo.outliers import drop_outliers
from frontwatch.geo.resolve import Hints, Mention, resolve
from frontwatch.records import Entity


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    out = []
    for n in names:
        i = text.index(n)
        out.append((i, i + len(n)))
    return out


def test_fine_grained_cues() -> None:
    assert is_fine_grained("on Third Street.", 3, 15)
    assert is_fine_grained("Colchester General Hospital", 0, 27)
    assert is_fine_grained("the Hotel Kyjev", 4, 15)
    assert is_fine_grained("a crash on the A417 at", 15, 19)
    assert is_fine_grained("the Air Balloon roundabout", 4, 15)  # the word after says so
    assert is_fine_grained("the neighbourhood of Bab Amr", 21, 28)  # the words before say so
    assert is_fine_grained("at Anfield", 3, 10, facility=True)  # the language layer says so
    assert not is_fine_grained("in Nowhereville", 3, 15)
    assert not is_fine_grained("St Edmund", 0, 9)  # "St" first is Saint
    assert not is_fine_grained("the Nowhere district", 4, 11)


def test_street_falls_back_to_the_town_stated_next_to_it(tiny_geocoder: Geocoder) -> None:
    text = "Shelling hit Baghdad Street in Deir ez-Zor on Monday."
    street, town = tiny_geocoder.resolve_spans("d", text, _spans(text, "Baghdad Street", "Deir ez-Zor"))
    assert town.name == "Deir ez-Zor" and town.fallback is None
    assert street.text == "Baghdad Street" and street.name == "Deir ez-Zor" and street.feature_code == "PPL"
    assert (street.latitude, street.longitude) == (town.latitude, town.longitude)
    assert street.fallback == "stated" and street.geo_precision == 2
    assert street.country == "SYR" and street.admin1 == "Deir ez-Zor"
    assert 0 < street.confidence < town.confidence


def test_a_town_named_inside_the_building(tiny_geocoder: Geocoder) -> None:
    text = "Wounded were taken from Raqqa to the Deir ez-Zor Military Hospital."
    _, hospital = tiny_geocoder.resolve_spans("d", text, _spans(text, "Raqqa", "Deir ez-Zor Military Hospital"))
    assert hospital.name == "Deir ez-Zor" and hospital.fallback == "name" and hospital.geo_precision == 2


def test_sentence_then_document_locality(tiny_geocoder: Geocoder) -> None:
    text = "Fighting in Raqqa continued. Near Tadmur, the Zenobia Hotel was hit.\n\nLater the Grand Mosque burned."
    raqqa, tadmur, hotel, mosque = tiny_geocoder.resolve_spans(
        "d", text, _spans(text, "Raqqa", "Tadmur", "Zenobia Hotel", "Grand Mosque"))
    assert hotel.name == "Tadmur" and hotel.fallback == "sentence" and hotel.geo_precision == 2
    # no town in its sentence or paragraph: the document's most mentioned town (first of a tie), region precision
    assert mosque.name == "Ar Raqqah" and mosque.fallback == "document" and mosque.geo_precision == 3
    assert raqqa.fallback is None and tadmur.fallback is None


def test_no_containing_locality_stays_unresolved(tiny_geocoder: Geocoder) -> None:
    text = "Protesters gathered on Third Street and in Syria."
    i = text.index("Third Street")
    ents = [Entity(start=i, end=i + 12, text="Third Street", label="FAC")]
    street = next(p for p in tiny_geocoder.geoparse("d", text, entities=ents) if p.text == "Third Street")
    assert street.latitude is None and street.geonameid is None and street.fallback is None
    assert street.confidence == 0.0


def test_a_given_span_with_no_town_in_the_document_takes_its_country(tiny_geocoder: Geocoder) -> None:
    text = "Protesters gathered on Third Street and in Syria."
    street, syria = tiny_geocoder.resolve_spans("d", text, _spans(text, "Third Street", "Syria"))
    assert syria.name == "Syria" and syria.fallback is None
    assert street.name == "Syria" and street.fallback == "document" and street.geo_precision == 3


def test_geoparse_leaves_an_unknown_name_unresolved(tiny_geocoder: Geocoder) -> None:
    # found by recognition, an unknown name that is not a street or building may not be a place at all
    text = "Fighting in Raqqa spread to Nowhereville."
    i = text.index("Nowhereville")
    ents = [Entity(start=i, end=i + len("Nowhereville"), text="Nowhereville", label="GPE")]
    nowhere = next(p for p in tiny_geocoder.geoparse("d", text, entities=ents) if p.text == "Nowhereville")
    assert nowhere.latitude is None and nowhere.fallback is None


def test_a_given_unknown_span_is_placed_in_its_sentence(tiny_geocoder: Geocoder) -> None:
    # given spans are toponyms the caller vouches for: an unknown one goes to its containing locality
    text = "From Raqqa to Nowhereville."
    _, nowhere = tiny_geocoder.resolve_spans("d", text, _spans(text, "Raqqa", "Nowhereville"))
    assert nowhere.name == "Ar Raqqah" and nowhere.fallback == "sentence" and nowhere.geo_precision == 2


def test_an_institution_goes_to_the_area_it_is_named_after(tiny_geocoder: Geocoder) -> None:
    # the sentence's town is not where "the Syrian Foreign Ministry" is: its name says the country
    text = "In Raqqa, residents heard the Syrian Foreign Ministry deny the strike."
    _, ministry = tiny_geocoder.resolve_spans("d", text, _spans(text, "Raqqa", "Syrian Foreign Ministry"))
    assert ministry.fallback == "name" and ministry.country == "SYR" and ministry.geo_precision == 3
    assert ministry.name == "Ar Raqqah"  # the document's town inside the named country stands for it
    text = "The Iraqi Ministry of Defence said Raqqa was calm."
    ministry, _ = tiny_geocoder.resolve_spans("d", text, _spans(text, "Iraqi Ministry of Defence", "Raqqa"))
    assert ministry.name == "Iraq" and ministry.feature_code == "PCLI" and ministry.geo_precision == 3


def test_a_street_named_after_a_country_stays_in_its_town(tiny_geocoder: Geocoder) -> None:
    # "Iraq Street" is a street of the sentence's town, not a place in Iraq
    text = "In Raqqa, a shell hit Iraq Street."
    _, street = tiny_geocoder.resolve_spans("d", text, _spans(text, "Raqqa", "Iraq Street"))
    assert street.name == "Ar Raqqah" and street.fallback == "sentence"


def test_geoparse_facility_entity_falls_back(tiny_geocoder: Geocoder) -> None:
    text = "A car bomb exploded outside Zenobia Tower in Deir ez-Zor."
    i = text.index("Zenobia Tower")
    ents = [Entity(start=i, end=i + len("Zenobia Tower"), text="Zenobia Tower", label="FAC")]
    places = tiny_geocoder.geoparse("d", text, entities=ents)
    tower = next(p for p in places if p.text == "Zenobia Tower")
    assert tower.name == "Deir ez-Zor" and tower.fallback == "stated" and tower.geo_precision == 2


def test_stated_division_is_region_precision(tiny_geocoder: Geocoder) -> None:
    text = "Clashes on Baghdad Street in Homs governorate."
    street = tiny_geocoder.resolve_spans("d", text, _spans(text, "Baghdad Street", "Homs"))[0]
    assert street.name == "Homs" and street.fallback == "stated" and street.geo_precision == 3


def test_one_name_one_place_the_surest_placing_wins(tiny_geocoder: Geocoder) -> None:
    # the first mention has only its sentence's town to go by; a later one states its town: both take it
    text = ("Raqqa residents fled after the raid on Tell Zafran market. "
            "The raid on Tell Zafran market in Deir ez-Zor killed 12.")
    first, _, second, town = tiny_geocoder.resolve_spans(
        "d", text, [(text.index("Tell Zafran market"), text.index("Tell Zafran market") + 18),
                    (0, 5),
                    (text.rindex("Tell Zafran market"), text.rindex("Tell Zafran market") + 18),
                    (text.index("Deir ez-Zor"), text.index("Deir ez-Zor") + 11)])
    assert second.fallback == "stated" and second.name == "Deir ez-Zor"
    assert first.name == "Deir ez-Zor" and first.fallback == "stated" and first.start < second.start
    assert town.name == "Deir ez-Zor" and town.fallback is None


def test_stated_town_may_be_qualified(tiny_geocoder: Geocoder) -> None:
    text = "Shelling hit the Grand Mosque in the Syrian Deir ez-Zor on Monday."
    mosque, _ = tiny_geocoder.resolve_spans("d", text, _spans(text, "Grand Mosque", "Deir ez-Zor"))
    assert mosque.fallback == "stated" and mosque.name == "Deir ez-Zor"


def test_a_country_code_inside_an_institution(tiny_geocoder: Geocoder) -> None:
    text = "The US Federal Reserve raised rates; markets in Damascus shrugged."
    fed, _ = tiny_geocoder.resolve_spans("d", text, _spans(text, "US Federal Reserve", "Damascus"))
    assert fed.name == "United States" and fed.fallback == "name" and fed.geo_precision == 3


def test_a_given_small_namesake_far_from_the_document_is_replaced(tiny_geocoder: Geocoder) -> None:
    # the only "Research" the gazetteer knows is a hamlet in Australia: among Syrian places the span is
    # left to the fallback instead (a cue or stated container would have kept it)
    text = "Clashes in Raqqa, Homs and Deir ez-Zor spread to Research."
    *_, research = tiny_geocoder.resolve_spans("d", text, _spans(text, "Raqqa", "Homs", "Deir ez-Zor", "Research"))
    assert research.country == "SYR" and research.fallback == "sentence"
    # a reading whose container the text states is kept, however far ("Research, Victoria")
    mentions = [Mention(0, 5, n, tiny_geocoder.gaz.lookup(name_key(n))) for n in ("Raqqa", "Deir ez-Zor", "Damascus")]
    stated = Mention(60, 68, "Research", tiny_geocoder.gaz.lookup("research"), hints=Hints(countries=frozenset({"AU"})))
    plain = Mention(80, 88, "Research", tiny_geocoder.gaz.lookup("research"))
    resolve([*mentions, stated, plain])
    kept = drop_outliers([*mentions, stated, plain], given=True)
    assert kept[3].best is not None and kept[3].best.country == "AU"
    assert kept[4].best is None  # left to the fallback


def test_a_given_small_namesake_far_away_in_the_same_country_is_replaced(tiny_geocoder: Geocoder) -> None:
    # "Palmyra" in a report about Louisiana is not the hamlet in New York state, 1,900 km away
    text = "Storms hit Alexandria, La., and all of Louisiana; the Palmyra plant closed."
    spans = _spans(text, "Alexandria", "La.", "Louisiana", "Palmyra")
    *_, palmyra = tiny_geocoder.resolve_spans("d", text, spans)
    assert palmyra.fallback == "sentence" and palmyra.name == "Alexandria" and palmyra.country == "USA"


def test_geoparse_finds_an_unknown_village_by_its_cue_and_places_it(tiny_geocoder: Geocoder) -> None:
    text = ("Shelling hit the village of Kafr Nabudah in Homs on Monday. Militants burned Tell Hosn village, "
            "near Tadmur. Gunmen raided the Abu Jabra displacement camp outside Raqqa.")
    places = {p.text: p for p in tiny_geocoder.geoparse("d", text)}
    assert places["Kafr Nabudah"].fallback == "stated" and places["Kafr Nabudah"].admin1 == "Homs"
    assert places["Kafr Nabudah"].geo_precision == 2
    assert places["Tell Hosn"].fallback == "sentence" and places["Tell Hosn"].name == "Tadmur"
    assert places["Abu Jabra"].fallback is not None and places["Abu Jabra"].name == "Ar Raqqah"
    # a title or a common word after the cue is not a village
    quiet = {p.text for p in tiny_geocoder.geoparse("d", "The town of President Assad's birth, near Homs.")}
    assert "President Assad" not in quiet
