"""Roles from the dependency parse of one event sentence (spaCy parser, loaded once for the module)."""

from __future__ import annotations

from typing import Any

import pytest

from frontwatch.pipeline.extract.roles import Roles, asserted, find_roles
from frontwatch.records import ActorMention


@pytest.fixture(scope="module")
def nlp() -> Any:
    from frontwatch.nlp.model import parser_pipeline

    return parser_pipeline()


# Actors: (surface form, actor id, ACLED inter)
QADIR = ("Qadir Front", "prov:qadir-front", 3)
ZORN = ("Zorn Brigade", "prov:zorn-brigade", 3)
ARMY = ("army", "state:SYR", 1)
POLICE = ("police", "state-police:SYR", 1)


def actor(sentence: str, spec: tuple[str, str, int | None], label: str | None = None) -> ActorMention:
    """An actor mention with offsets relative to the sentence (the first occurrence of the surface form)."""
    surface, actor_id, inter = spec
    start = sentence.index(surface)
    return ActorMention(start, start + len(surface), surface, actor_id, actor_id.split(":")[-1], inter, label)


def roles(nlp: Any, sentence: str, trigger: str | None, *actors: tuple[str, str, int | None]) -> Roles:
    parsed = nlp(sentence)
    return find_roles(parsed, sentence.index(trigger) if trigger else None, [actor(sentence, a) for a in actors])


def ids(r: Roles) -> tuple[str | None, str | None]:
    return (r.actor1.actor_id if r.actor1 else None, r.actor2.actor_id if r.actor2 else None)


def _verb(nlp: Any, sentence: str, word: str) -> Any:
    return next(t for t in nlp(sentence) if t.text == word)


# ------------------------------------------------------------------------------------------ asserted


@pytest.mark.parametrize(("sentence", "verb", "reason"), [
    ("The Qadir Front will attack the base.", "attack", "modal 'will'"),
    ("The Qadir Front could attack the base.", "attack", "modal 'could'"),
    ("The Qadir Front might attack the base.", "attack", "modal 'might'"),
    ("The Qadir Front may have attacked the base.", "attacked", "modal 'may'"),
    ("The Qadir Front would have attacked the base.", "attacked", "modal 'would'"),
])
def test_modals_are_not_asserted(nlp: Any, sentence: str, verb: str, reason: str) -> None:
    assert asserted(_verb(nlp, sentence, verb)) == (False, reason)


@pytest.mark.parametrize(("sentence", "verb"), [
    ("The Qadir Front did not attack the base.", "attack"),
    ("The Qadir Front never attacked the base.", "attacked"),
])
def test_negation_is_not_asserted(nlp: Any, sentence: str, verb: str) -> None:
    assert asserted(_verb(nlp, sentence, verb)) == (False, "negated")


@pytest.mark.parametrize(("sentence", "verb", "governor"), [
    ("The Qadir Front plans to attack the base.", "attack", "plan"),
    ("The Qadir Front failed to capture the base.", "capture", "fail"),
    ("The Qadir Front tried to seize the base.", "seize", "try"),
    ("The Qadir Front threatened to attack the base.", "attack", "threaten"),
    ("The Qadir Front is preparing to attack the base.", "attack", "prepare"),
])
def test_complements_of_non_factive_verbs_are_not_asserted(nlp: Any, sentence: str, verb: str, governor: str) -> None:
    assert asserted(_verb(nlp, sentence, verb)) == (False, f"complement of '{governor}'")


@pytest.mark.parametrize(("sentence", "adverb"), [
    ("The Qadir Front likely attacked the base.", "likely"),
    ("The Qadir Front possibly attacked the base.", "possibly"),
])
def test_hedging_adverbs_are_not_asserted(nlp: Any, sentence: str, adverb: str) -> None:
    assert asserted(_verb(nlp, sentence, "attacked")) == (False, f"hedged '{adverb}'")


@pytest.mark.parametrize("sentence", [
    "It is possible that the Qadir Front attacked the base.",
    "It is unlikely that the Qadir Front attacked the base.",
    "It remains unclear whether the Qadir Front attacked the base.",
])
def test_clauses_under_hedging_adjectives_are_not_asserted(nlp: Any, sentence: str) -> None:
    assert asserted(_verb(nlp, sentence, "attacked")) == (False, "under a hedging adjective")


@pytest.mark.parametrize("sentence", [
    "If the Qadir Front attacks the base, the army will respond.",
    "Unless the Qadir Front attacks the base, the army will stay.",
])
def test_conditions_are_not_asserted(nlp: Any, sentence: str) -> None:
    assert asserted(_verb(nlp, sentence, "attacks")) == (False, "conditional")


@pytest.mark.parametrize("sentence", [
    "The Qadir Front attacked the base on Monday.",
    "The Qadir Front reportedly attacked the base.",
    "The Qadir Front claimed that it attacked the base.",  # reported claims are events
])
def test_stated_events_are_asserted(nlp: Any, sentence: str) -> None:
    assert asserted(_verb(nlp, sentence, "attacked")) == (True, "")


def test_find_roles_reports_assertion_and_verb(nlp: Any) -> None:
    s = "The Qadir Front did not attack the base."
    r = roles(nlp, s, "attack", QADIR)
    assert not r.asserted and r.reason == "negated"
    assert r.verb_index == 5  # The Qadir Front did not [attack]
    ok = roles(nlp, "The Qadir Front attacked the base.", "attacked", QADIR)
    assert ok.asserted and ok.reason == "" and ok.verb_index == 3


def test_denied_attack_is_not_asserted(nlp: Any) -> None:
    ok, _ = asserted(_verb(nlp, "The army denied that the Qadir Front attacked the base.", "attacked"))
    assert not ok


# ------------------------------------------------------------------------------------------ actors


def test_active_subject_is_actor1_object_is_actor2(nlp: Any) -> None:
    r = roles(nlp, "The Qadir Front attacked the army near Mirza.", "attacked", QADIR, ARMY)
    assert ids(r) == ("prov:qadir-front", "state:SYR")
    assert r.assoc1 == () and r.assoc2 == ()


def test_passive_agent_is_actor1_subject_is_actor2(nlp: Any) -> None:
    r = roles(nlp, "The army was attacked by the Qadir Front near Mirza.", "attacked", ARMY, QADIR)
    assert ids(r) == ("prov:qadir-front", "state:SYR")


def test_passive_without_agent_victims_are_actor2(nlp: Any) -> None:
    r = roles(nlp, "Qadir Front fighters were killed in the shelling.", "shelling", QADIR)
    assert ids(r) == (None, "prov:qadir-front")


def test_object_of_with_and_against_is_actor2(nlp: Any) -> None:
    r = roles(nlp, "The army clashed with the Qadir Front near Mirza.", "clashed with", ARMY, QADIR)
    assert ids(r) == ("state:SYR", "prov:qadir-front")
    r = roles(nlp, "The army launched an offensive against the Qadir Front.", "offensive", ARMY, QADIR)
    assert ids(r) == ("state:SYR", "prov:qadir-front")


def test_root_verb_when_no_trigger(nlp: Any) -> None:
    r = roles(nlp, "The Qadir Front attacked the army.", None, QADIR, ARMY)
    assert ids(r) == ("prov:qadir-front", "state:SYR")
    assert r.verb_index == 3


def test_nominal_trigger_compound_names_actor1_and_on_names_actor2(nlp: Any) -> None:
    s = "The Daesh attack on the army killed five soldiers."
    r = roles(nlp, s, "attack", ("Daesh", "islamic-state", 2), ARMY)
    assert ids(r) == ("islamic-state", "state:SYR")


def test_nominal_trigger_possessive_names_actor1(nlp: Any) -> None:
    r = roles(nlp, "The Qadir Front's assault on the army base left 4 dead.", "assault", QADIR, ARMY)
    assert ids(r) == ("prov:qadir-front", "state:SYR")


def test_nominal_trigger_by_phrase_names_actor1(nlp: Any) -> None:
    r = roles(nlp, "The attack by the Qadir Front killed five soldiers.", "attack", QADIR)
    assert ids(r) == ("prov:qadir-front", None)


def test_nominal_trigger_by_and_on(nlp: Any) -> None:
    r = roles(nlp, "The attack by the Qadir Front on the army killed five soldiers.", "attack", QADIR, ARMY)
    assert ids(r) == ("prov:qadir-front", "state:SYR")


def test_actor_in_subordinate_clause_is_not_actor1(nlp: Any) -> None:
    s = "Hours after defeating the Qadir Front, the army shelled Mirza."
    assert ids(roles(nlp, s, "shelled", QADIR, ARMY)) == ("state:SYR", None)
    # without a named subject the defeated side is still not taken as the one who shelled
    s = "Hours after defeating the Qadir Front, militants shelled Mirza."
    assert ids(roles(nlp, s, "shelled", QADIR)) == (None, None)


def test_coordinated_actor_is_associated(nlp: Any) -> None:
    r = roles(nlp, "The army and the Zorn Brigade shelled the Qadir Front positions.", "shelled", ARMY, ZORN, QADIR)
    assert ids(r) == ("state:SYR", "prov:qadir-front")
    assert [m.actor_id for m in r.assoc1] == ["prov:zorn-brigade"]
    assert r.assoc2 == ()


def test_backing_actor_is_associated(nlp: Any) -> None:
    r = roles(nlp, "The army, backed by the Zorn Brigade, shelled Mirza.", "shelled", ARMY, ZORN)
    assert ids(r) == ("state:SYR", None)
    assert [m.actor_id for m in r.assoc1] == ["prov:zorn-brigade"]


def test_coordinated_targets_are_associated_with_actor2(nlp: Any) -> None:
    r = roles(nlp, "The Qadir Front attacked the army and the police.", "attacked", QADIR, ARMY, POLICE)
    assert ids(r) == ("prov:qadir-front", "state:SYR")
    assert [m.actor_id for m in r.assoc2] == ["state-police:SYR"]


def test_conjoined_verb_keeps_subject(nlp: Any) -> None:
    r = roles(nlp, "The Qadir Front shelled Mirza and attacked the army.", "attacked", QADIR, ARMY)
    assert ids(r) == ("prov:qadir-front", "state:SYR")


def test_named_actor_preferred_over_bare_label(nlp: Any) -> None:
    s = "The terrorists of the Qadir Front attacked the army."
    parsed = nlp(s)
    label = actor(s, ("terrorists", "label:terrorists", None), label="terrorists")
    r = find_roles(parsed, s.index("attacked"), [label, actor(s, QADIR), actor(s, ARMY)])
    assert ids(r) == ("prov:qadir-front", "state:SYR")


def test_label_is_used_when_no_named_actor(nlp: Any) -> None:
    s = "The terrorists attacked a checkpoint."
    label = actor(s, ("terrorists", "label:terrorists", None), label="terrorists")
    r = find_roles(nlp(s), s.index("attacked"), [label])
    assert ids(r) == ("label:terrorists", None)


def test_same_actor_is_never_both_sides(nlp: Any) -> None:
    s = "The Qadir Front attacked a rival Qadir Front unit."
    first = actor(s, QADIR)
    second_start = s.rindex("Qadir Front")
    second = ActorMention(second_start, second_start + 11, "Qadir Front", "prov:qadir-front", "qadir-front", 3)
    r = find_roles(nlp(s), s.index("attacked"), [first, second])
    assert ids(r) == ("prov:qadir-front", None)


def test_empty_sentence(nlp: Any) -> None:
    assert find_roles(nlp(""), None, []) == Roles(None, True, "", None, None, (), ())


@pytest.mark.parametrize(("sentence", "trigger", "ok"), [
    ("According to reports, the group had deployed a large force for another attempt on the town.", "deployed",
     False),
    ("The militia had sent reinforcements to the area weeks before.", "sent", False),
    ("The ministry said militants had attacked a checkpoint on Tuesday.", "attacked", True),
    ("The group claimed that its fighters had hit two tanks near the base.", "hit", True),
    ("Militants attacked a checkpoint on Tuesday.", "attacked", True),
    ("The aim of the strikes was to prevent the army from linking up with its allies.", "linking", False),
])
def test_past_perfect_is_background_unless_reported(nlp: Any, sentence: str, trigger: str, ok: bool) -> None:
    from frontwatch.pipeline.extract.roles import asserted

    doc = nlp(sentence)
    verb = next(t for t in doc if t.text == trigger)
    assert asserted(verb)[0] is ok


def test_an_actor_named_only_to_locate_a_place_is_not_the_target(nlp: Any) -> None:
    # "north of the Zorn Brigade positions" says where the army arrived, not whom it fought
    r = roles(nlp, "The army reached the river in the area north of the Zorn Brigade positions at Tell Qasr.",
              "reached", ARMY, ZORN)
    assert ids(r) == ("state:SYR", None)
    # named after the verb with nothing in between, it is still the target
    r = roles(nlp, "The army clashed with the Zorn Brigade near the river.", "clashed", ARMY, ZORN)
    assert ids(r) == ("state:SYR", "prov:zorn-brigade")
