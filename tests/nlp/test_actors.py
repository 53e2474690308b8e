from __future__ import annotations

import pytest

from frontwatch.nlp.actors import GENERIC_STATE, ActorDictionary


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.get()


def found(actors: ActorDictionary, text: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.actor_id, m.label) for m in actors.find(text)]


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("the Syrian Arab Army (SAA) advanced", "state:SYR"),
        ("SAA units advanced", "state:SYR"),
        ("the Syrian army advanced", "state:SYR"),
        ("Iraqi troops entered the town", "state:IRQ"),
        ("US warplanes struck the convoy", "state:USA"),
        ("U.S. forces withdrew", "state:USA"),
        ("Malian soldiers patrolled", "state:MLI"),
        ("the army of Niger said", "state:NER"),
        ("Nigerian police arrested him", "state-police:NGA"),
        ("the Popular Mobilization Units (PMU) advanced", "pmf"),
        ("PMF fighters advanced", "pmf"),
        ("Hashd al-Shaabi units advanced", "pmf"),
        ("ISIL fighters attacked", "islamic-state"),
        ("Daesh claimed the attack", "islamic-state"),
        ("al-Shabaab militants attacked", "al-shabaab"),
        ("Houthi rebels fired", "houthis"),
    ],
)
def test_actors_normalised(actors: ActorDictionary, text: str, actor_id: str) -> None:
    assert actor_id in [a for _, a, _ in found(actors, text)]


def test_actors_keep_surface_form_and_label(actors: ActorDictionary) -> None:
    (text, aid, label), = [x for x in found(actors, "the terrorists of Liwa al-Fajr attacked") if x[1] != "label:"]
    assert text == "terrorists of Liwa al-Fajr" and aid.startswith("prov:") and label == "terrorists"
    assert ("ISIS terrorists", "islamic-state", "terrorists") in found(actors, "ISIS terrorists fled")


def test_actors_backed_groups(actors: ActorDictionary) -> None:
    hits = found(actors, "Western-backed militant groups and US-backed proxies and Iran-backed militias")
    ids = [a for _, a, _ in hits]
    assert ids.count("backed:USA") == 2 and "backed:IRN" in ids


def test_acronym_is_case_sensitive(actors: ActorDictionary) -> None:
    assert not any(a == "islamic-state" for _, a, _ in found(actors, "This is what it is."))


def test_provisional_unit_and_generic(actors: ActorDictionary) -> None:
    hits = found(actors, "the Kanaga Vigilance Brigade joined government forces")
    assert ("Kanaga Vigilance Brigade", "prov:kanaga-vigilance-brigade", None) in hits
    assert any(a == GENERIC_STATE for _, a, _ in hits)


def test_generic_bound_to_focus(actors: ActorDictionary) -> None:
    text = "Syrian troops and government forces advanced near the Syrian border town."
    assert actors.country_focus(text) == "SYR"
    bound = actors.bind_generic(actors.find(text), "SYR")
    assert {m.actor_id for m in bound} == {"state:SYR"}


def test_user_actor_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "mine.yaml"
    p.write_text("actors:\n  - id: river-guard\n    name: River Guard Militia\n    inter: 3\n"
                 "    aliases: [River Guard, RG militia]\n")
    d = ActorDictionary((str(p),))
    assert [m.actor_id for m in d.find("the River Guard attacked")] == ["river-guard"]


def test_a_demonym_inside_a_place_name_is_no_country(actors: ActorDictionary) -> None:
    # "Datu Saudi Ampatuan" is a town in the Philippines: no Saudi focus, no Saudi army
    text = "Army troops clashed with militants near Datu Saudi Ampatuan town, Maguindanao, in the Philippines."
    assert actors.country_focus(text) == "PHL"
    # the country's own institutions still count: "the Royal Saudi Air Force", "the Free Syrian Army"
    assert actors.country_focus("Jets of the Royal Saudi Air Force struck.") == "SAU"
    assert actors.country_focus("Fighters of the Free Syrian Army advanced.") == "SYR"


@pytest.mark.parametrize("text", ["Counter-terrorism units arrested five suspects.", "Navy marines found a laboratory.",
                                  "Air defence units shot down 12 drones.", "Bomb disposal teams defused a device."])
def test_state_units_are_troops(actors: ActorDictionary, text: str) -> None:
    # named by their unit, they are the state's forces (ACLED: Military Forces of <country>)
    assert any(label == "troops" for _, _, label in found(actors, text)), found(actors, text)
