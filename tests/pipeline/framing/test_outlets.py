"""Framing per outlet: labels per actor with counts and examples, loaded language per 1,000 words."""

from __future__ import annotations

import dataclasses
from typing import Any

from frontwatch.pipeline.framing.outlets import (
    MAX_EXAMPLES,
    TECHNIQUE_OF_CATEGORY,
    UNKNOWN_OUTLET,
    framing,
    label_info,
    labels_by_actor,
    loaded_index,
)
from frontwatch.records import ActorMention, Document, Sentence


def make_doc(doc_id: str, sentences: list[str], outlet: str | None = None) -> Document:
    text, spans = "", []
    for i, s in enumerate(sentences):
        if i:
            text += " "
        spans.append(Sentence(len(text), len(text) + len(s), 0))
        text += s
    return Document(doc_id=doc_id, content_hash=doc_id, source_path=f"{doc_id}.txt", format="text", text=text,
                    outlet=outlet, language="en", sentences=tuple(spans))


def named(doc: Document, k: int, surface: str, actor_id: str, name: str, inter: int | None,
          label: str | None = None) -> ActorMention:
    s = doc.sentences[k]
    start = doc.text.index(surface, s.start, s.end)
    return ActorMention(start, start + len(surface), surface, actor_id, name, inter, label, k)


def bare(doc: Document, k: int, surface: str, term: str) -> ActorMention:
    return named(doc, k, surface, f"label:{term}", term, None, label=term)


def with_actors(doc: Document, *actors: ActorMention) -> Document:
    return dataclasses.replace(doc, actors=actors)


QADIR = ("prov:qadir-front", "Qadir Front", 3)
ARMY = ("state:SYR", "Military Forces of Syria", 1)


def _wire() -> Document:
    """An outlet that calls the Qadir Front terrorists and uses loaded words."""
    d = make_doc("w1", ["Terrorists of the Qadir Front attacked a checkpoint near Mirza on Monday.",
                        "The terrorists committed a barbaric massacre in the village.",
                        "The army repelled them."], outlet="Orontes Wire")
    return with_actors(d, named(d, 0, "Terrorists of the Qadir Front", *QADIR, label="terrorists"),
                       bare(d, 1, "terrorists", "terrorists"), named(d, 2, "army", *ARMY))


def _post() -> Document:
    """Another outlet that calls the same group rebels."""
    d = make_doc("p1", ["Rebels of the Qadir Front attacked an army checkpoint near Mirza.",
                        "The army said it was combating terrorists in the area."], outlet="Valley Post")
    return with_actors(d, named(d, 0, "Rebels of the Qadir Front", *QADIR, label="rebels"),
                       named(d, 0, "army", *ARMY), named(d, 1, "army", *ARMY),
                       bare(d, 1, "terrorists", "terrorists"))


def _run(*docs: Document, outlet_of: dict[str, str | None] | None = None) -> dict[str, Any]:
    return framing(docs, outlet_of or {})


def test_labels_per_outlet_per_actor_with_counts_and_examples() -> None:
    wire = _wire()
    out = _run(wire, _post())
    assert sorted(out["outlets"]) == ["Orontes Wire", "Valley Post"]
    qadir = out["outlets"]["Orontes Wire"]["actors"]["Qadir Front"]
    assert qadir["actor_id"] == "prov:qadir-front"
    assert qadir["mentions"] == 2  # the named mention and "The terrorists" bound to it
    [lab] = qadir["labels"]
    assert (lab["label"], lab["count"], lab["stance"]) == ("terrorists", 2, "pejorative")
    assert [e["sentence"] for e in lab["examples"]] == [
        "Terrorists of the Qadir Front attacked a checkpoint near Mirza on Monday.",
        "The terrorists committed a barbaric massacre in the village."]
    first = lab["examples"][0]
    assert first["doc_id"] == "w1" and first["text"] == "Terrorists of the Qadir Front"
    assert wire.text[first["start"]:first["end"]] == first["text"] and first["sentence_start"] == 0
    second = lab["examples"][1]
    assert second["text"] == "terrorists" and second["sentence_start"] == wire.sentences[1].start
    post = out["outlets"]["Valley Post"]["actors"]["Qadir Front"]
    assert [(x["label"], x["count"], x["stance"]) for x in post["labels"]] == [("rebels", 1, "neutral")]


def test_actor_without_labels_is_counted_and_unbound_label_is_dropped() -> None:
    out = _run(_post())
    actors = out["outlets"]["Valley Post"]["actors"]
    # "combating terrorists" names the side fought, not the army named before it: not counted for anyone
    assert set(actors) == {"Qadir Front", "Military Forces of Syria"}
    assert actors["Military Forces of Syria"] == {"actor_id": "state:SYR", "mentions": 2, "labels": []}
    # actors are listed most mentioned first
    assert list(actors) == ["Military Forces of Syria", "Qadir Front"]


def test_labels_sorted_by_count_and_examples_capped() -> None:
    sentences = [f"Militants of the Qadir Front shelled hill {i}." for i in range(MAX_EXAMPLES + 2)]
    sentences.append("Rebels of the Qadir Front shelled the last hill.")
    d = make_doc("m", sentences, outlet="Hill Times")
    actors = [named(d, i, f"Militants of the Qadir Front shelled hill {i}"[:28], *QADIR, label="militants")
              for i in range(MAX_EXAMPLES + 2)]
    actors.append(named(d, len(sentences) - 1, "Rebels of the Qadir Front", *QADIR, label="rebels"))
    out = _run(with_actors(d, *actors))
    labels = out["outlets"]["Hill Times"]["actors"]["Qadir Front"]["labels"]
    assert [(x["label"], x["count"]) for x in labels] == [("militants", MAX_EXAMPLES + 2), ("rebels", 1)]
    assert len(labels[0]["examples"]) == MAX_EXAMPLES
    assert [e["sentence"] for e in labels[0]["examples"]] == sentences[:MAX_EXAMPLES]


def test_loaded_terms_categories_rate_and_techniques() -> None:
    out = _run(_wire())
    wire = out["outlets"]["Orontes Wire"]
    terms = {(t["term"], t["category"]): t for t in wire["loaded_terms"]}
    assert ("barbaric", "loaded_intensifier") in terms and ("massacre", "atrocity") in terms
    assert terms[("massacre", "atrocity")]["count"] == 1
    example = terms[("barbaric", "loaded_intensifier")]["examples"][0]
    assert example["text"] == "barbaric" and example["sentence"].startswith("The terrorists committed")
    total = sum(t["count"] for t in wire["loaded_terms"])
    assert wire["words"] == len(_wire().text.split())
    assert wire["loaded_per_1000_words"] == round(1000 * total / wire["words"], 2)
    techniques = {t["technique"]: t["count"] for t in wire["techniques"]}
    assert techniques["Loaded_Language"] >= 2  # loaded_intensifier and atrocity both hint at it
    assert sum(techniques.values()) == total
    # a neutral report has no loaded terms
    calm = make_doc("c", ["Rebels of the Qadir Front attacked a checkpoint near Mirza on Monday."], outlet="Calm")
    quiet = _run(calm)["outlets"]["Calm"]
    assert quiet["loaded_terms"] == [] and quiet["loaded_per_1000_words"] == 0.0 and quiet["techniques"] == []


def test_outlet_mapping_unknown_outlet_and_skipped_documents() -> None:
    wire = _wire()
    anonymous = dataclasses.replace(_post(), outlet=None)
    empty = make_doc("e", [], outlet="Empty Outlet")
    unsplit = dataclasses.replace(make_doc("u", ["Terrorists attacked."], outlet="Unsplit Outlet"), sentences=())
    out = _run(wire, anonymous, empty, unsplit, outlet_of={"w1": "Orontes Wire Syndicated"})
    # documents without text or sentences are left out; the mapping wins over the document's outlet
    assert set(out["outlets"]) == {"Orontes Wire Syndicated", UNKNOWN_OUTLET}
    assert out["outlets"]["Orontes Wire Syndicated"]["documents"] == 1
    assert out["outlets"]["Orontes Wire Syndicated"]["doc_ids"] == ["w1"]
    assert out["outlets"][UNKNOWN_OUTLET]["doc_ids"] == ["p1"]


def test_documents_of_one_outlet_are_pooled() -> None:
    second = dataclasses.replace(_wire(), doc_id="w2")
    out = _run(_wire(), second)
    wire = out["outlets"]["Orontes Wire"]
    assert wire["documents"] == 2 and wire["doc_ids"] == ["w1", "w2"]
    assert wire["actors"]["Qadir Front"]["labels"][0]["count"] == 4
    assert wire["words"] == 2 * len(second.text.split())


def test_cross_view_labels_by_actor() -> None:
    out = _run(_wire(), _post())
    assert out["actors"] == {
        "Qadir Front": {
            "Orontes Wire": [{"label": "terrorists", "stance": "pejorative", "count": 2}],
            "Valley Post": [{"label": "rebels", "stance": "neutral", "count": 1}],
        },
    }
    assert labels_by_actor({}) == {}


def test_lexicons_load() -> None:
    info = label_info()
    assert info["terrorists"].stance == "pejorative" and info["rebels"].stance == "neutral"
    hits = list(loaded_index().find("a so-called barbaric act"))
    assert {(h.value.term, h.value.category) for h in hits} == {("so-called", "doubt"),
                                                               ("barbaric", "loaded_intensifier")}
    assert TECHNIQUE_OF_CATEGORY["doubt"] == "Doubt"
