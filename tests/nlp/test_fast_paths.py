"""The language layer's fast paths give the same results as the slow ones: the count prefilter of
``find_quantities``, the verb prefilter of ``attribute``, the two spaCy views without idle components, and
one actor dictionary per process."""

from __future__ import annotations

import re

import pytest

from frontwatch.nlp import attribution, quantities
from frontwatch.nlp.actors import ActorDictionary
from frontwatch.nlp.attribution import attribute
from frontwatch.nlp.quantities import find_quantities

# every count the patterns know: number words, digits, and the vague quantities _QTY accepts ("many" and
# "numerous" are vague but no pattern counts them)
COUNTS = [*quantities.UNITS_1_19[1:], *quantities.TENS,
          *(v for v in quantities.VAGUE if f"|{v}|" in quantities._QTY + "|"), "a couple of", "a dozen", "dozen",
          "twenty-one", "3", "1,200", "2.5 million", "Several", "DOZENS"]


@pytest.mark.parametrize("count", COUNTS)
def test_every_count_form_passes_the_prefilter(count: str) -> None:
    assert quantities._ANY_COUNT.search(f"Officials said {count} civilians were killed")


def _slow_quantities(text: str) -> list[quantities.Quantity]:
    """find_quantities with the prefilter forced open."""
    saved = quantities._ANY_COUNT
    quantities._ANY_COUNT = re.compile("")
    try:
        return find_quantities(text)
    finally:
        quantities._ANY_COUNT = saved


@pytest.mark.parametrize("text", [
    "At least twelve civilians were killed and dozens wounded in the shelling.",
    "Several soldiers were wounded, the army said.",
    "Rebels destroyed a tank and two trucks near the bridge.",
    "The town was shelled twice overnight, residents said.",
    "The strike hit the market.",
    "Troops advanced 20 km northwest of the airbase, taking some 90,000 square kilometers.",
    "",
])
def test_quantities_with_and_without_prefilter(text: str) -> None:
    assert find_quantities(text) == _slow_quantities(text)


def test_no_count_no_quantity_but_destroyed_items_and_repetitions_stay() -> None:
    assert find_quantities("The strike hit the market.") == []
    assert [q.category for q in find_quantities("They destroyed a tank near the bridge.")] == ["destroyed"]
    assert [q.category for q in find_quantities("The town was shelled twice.")] == ["repetitions"]


@pytest.mark.parametrize("text", [
    "A military source said the town was retaken.",
    "The town was retaken, the army said.",
    "According to local activists, the strike killed five.",
    "ISIS claimed the attack.",
    "The army may launch an offensive.",
    "Fighting resumed in the north.",
])
def test_attribution_verb_prefilter(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = attribute(text, 2, 100)
    monkeypatch.setattr(attribution, "_ANY_VERB", re.compile(""))
    assert attribute(text, 2, 100) == fast


def test_one_actor_dictionary_per_process() -> None:
    assert ActorDictionary.get() is ActorDictionary.get(())


def test_spacy_views_leave_out_idle_components() -> None:
    from frontwatch.nlp.model import ner_pipeline, parser_pipeline

    assert "tok2vec" not in ner_pipeline().pipe_names and "ner" in ner_pipeline().pipe_names
    assert "ner" not in parser_pipeline().pipe_names
    assert {"tok2vec", "tagger", "parser", "lemmatizer"} <= set(parser_pipeline().pipe_names)


def test_ner_view_finds_the_full_models_entities() -> None:
    """ner has its own embedding layer: the shared tok2vec the view leaves out changes nothing."""
    from frontwatch.nlp.model import _load, ner_pipeline

    text = ("Syrian army units backed by Russian jets retook Palmyra on Sunday, the Syrian Observatory for Human "
            "Rights said. Islamic State fighters withdrew towards Deir ez-Zor, 200 km to the east.")
    full = _load(exclude=["senter"])
    assert [(e.start_char, e.end_char, e.label_) for e in ner_pipeline()(text).ents] == \
        [(e.start_char, e.end_char, e.label_) for e in full(text).ents]


def test_parser_view_parses_like_the_full_model() -> None:
    from frontwatch.nlp.model import _load, parser_pipeline

    text = "Government forces shelled the rebel-held town, killing at least 12 civilians, activists said."
    full = _load(exclude=["senter"])

    def parse(doc: object) -> list[tuple[str, str, str, int, str]]:
        return [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_) for t in doc]  # type: ignore[attr-defined]

    assert parse(parser_pipeline()(text)) == parse(full(text))
