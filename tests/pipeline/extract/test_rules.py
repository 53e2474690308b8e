"""The readable rules of event detection: the trigger lexicon and the sentence filters."""

from __future__ import annotations

import pytest

from frontwatch.pipeline.extract.rules import background, not_an_event, trigger_index, triggers

# ------------------------------------------------------------------------------------------- triggers


def test_strong_trigger_names_the_type() -> None:
    r = triggers("A car bomb exploded outside the Qadir Front office in Tell Marqab.")
    assert r.strong == ("Remote explosive/landmine/IED",)
    assert r.weak == ()
    assert r.candidate


def test_weak_trigger_only_makes_a_candidate() -> None:
    r = triggers("Clashes erupted near the ring road late at night.")
    assert r.strong == ()
    assert r.weak == ("Armed clash",)
    assert r.candidate


def test_no_trigger_no_candidate() -> None:
    r = triggers("The weather in the valley was mild and the market was busy.")
    assert r.strong == () and r.weak == () and r.hits == ()
    assert not r.candidate


def test_strong_labels_in_order_of_first_appearance_without_repeats() -> None:
    r = triggers("Rebels shelled the town, clashed with the army and shelled it again.")
    assert r.strong == ("Shelling/artillery/missile attack", "Armed clash")


def test_one_label_can_be_strong_and_weak() -> None:
    r = triggers("Warplanes carried out an air strike on the bridge.")
    assert r.strong == ("Air/drone strike",)
    assert r.weak == ("Air/drone strike",)


def test_hits_keep_offsets_phrase_and_trigger() -> None:
    s = "The army recaptured the village of Kolo."
    r = triggers(s)
    assert len(r.hits) == 1
    hit = r.hits[0]
    assert s[hit.start:hit.end] == "recaptured"
    assert hit.value.label == "Government regains territory" and hit.value.strong


def test_matching_is_case_insensitive_and_whole_word() -> None:
    upper = triggers("AN AIR STRIKE HIT THE DEPOT.")
    assert "Air/drone strike" in upper.strong
    glued = triggers("The carbombing season of the novel.")
    assert not glued.candidate


def test_trigger_index_is_loaded_once() -> None:
    assert trigger_index() is trigger_index()


# -------------------------------------------------------------------------------------- not_an_event


@pytest.mark.parametrize("sentence", [
    "The rebels could attack the town within days.",
    "The army will push north next week.",
    "Rebels plan to seize the town before the winter.",
    "The group threatened to attack the convoy.",
    "If talks fail, fighting may resume along the river.",
    "Analysts say the offensive is stalling.",
    "Residents feared more attacks on the market.",
    "The militia is expected to withdraw from the hills.",
])
def test_speculation_and_future_are_no_events(sentence: str) -> None:
    assert not_an_event(sentence) == "speculative or future"


@pytest.mark.parametrize("sentence", [
    "The rebels did not attack the town.",
    "The army denied shelling the village.",
    "Rebels never entered the town.",
    "No casualties were reported after the incident.",
    "Reports of clashes in the area were rumours.",
    "The rebels failed to take the town.",
])
def test_negations_are_no_events(sentence: str) -> None:
    assert not_an_event(sentence) == "negated"


def test_negation_wins_over_speculation() -> None:
    assert not_an_event("The army did not say whether it would attack.") == "negated"


@pytest.mark.parametrize("sentence", [
    "Rebels attacked the town on Monday.",
    "The Qadir Front claimed it shelled an army post.",
    "Rebels shelled the town, killing Mayor Willard.",  # "Willard" is not "will"
    "The Mayfield bridge was hit by a mortar round.",  # "Mayfield" is not "may"
])
def test_stated_events_pass(sentence: str) -> None:
    assert not_an_event(sentence) is None


# ---------------------------------------------------------------------------------------- background


@pytest.mark.parametrize("sentence", [
    "The army has been fighting numerous groups in a war that has lasted more than six years.",
    "The army has been fighting the rebels since 2015.",
    "Rebels have been attacking convoys for years.",
    "Government forces have been shelling the valley for the past three years.",
])
def test_background_ongoing_for_years(sentence: str) -> None:
    assert background(sentence) == "background: ongoing for years"


@pytest.mark.parametrize("sentence", [
    "The army has been shelling the town since Monday.",  # ongoing, but days: an event
    "Rebels shelled the town for two hours.",  # a duration, not a state of affairs
    "The army fought the rebels for six years.",  # a past war, not an ongoing state ("has been ...ing")
    "The war has lasted more than six years.",  # no ongoing activity
])
def test_not_background(sentence: str) -> None:
    assert background(sentence) is None


def test_background_over_a_decade() -> None:
    assert background("Rebels have been besieging the town for over a decade.") == "background: ongoing for years"


def test_clauses_split_long_event_and_commentary() -> None:
    from frontwatch.pipeline.extract.rules import clauses

    s = ("Jets of the coalition raided the militia's positions near the crossing three times last month, followed "
         "by statements warning that any further advance would not be tolerated.")
    assert clauses(s) == ["Jets of the coalition raided the militia's positions near the crossing three times last "
                          "month", "followed by statements warning that any further advance would not be tolerated."]
    assert clauses("Rebels shelled the market, killing four people, officials said.") == []  # short: whole
    long_no_boundary = "Rebels shelled the crowded market in the old city on Monday and killed four people and " \
                       "wounded a dozen more, officials said."
    assert clauses(long_no_boundary) == []
