from __future__ import annotations

from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.clean.stage import paragraph_offsets
from frontwatch.pipeline.nlp import NlpStage
from frontwatch.records import Document, Drop

TEXT = ("Government forces retook the town of Kalma on Tuesday after two days of fighting with rebels of the "
        "Northern Liberation Front, a military spokesman said.\n\n"
        "At least 12 fighters were killed and dozens wounded, according to local sources. Malian troops will "
        "likely push north next week.")


def doc(text: str = TEXT, language: str | None = "en", published: str | None = "2024-03-14") -> Document:
    return Document(doc_id="d", content_hash="h", source_path="d.txt", format="text", text=text, language=language,
                    published=published, paragraphs=paragraph_offsets(text))


def test_nlp_stage_annotates_sentences_actors_dates_quantities() -> None:
    out = NlpStage().process(doc(), RunContext())
    assert isinstance(out, Document)
    assert len(out.sentences) == 3 and out.sentences[2].paragraph == 1
    assert out.country_focus == "MLI"
    ids = {a.actor_id for a in out.actors}
    assert "state:MLI" in ids and "prov:northern-liberation-front" in ids
    assert [(d.text, d.date) for d in out.dates] == [("on Tuesday", "2024-03-12")]
    assert [(q.category, q.value) for q in out.quantities] == [("killed", 12), ("wounded", 12)]
    assert any(a.source == "local sources" for a in out.attributions)
    assert any(a.hedged and a.sentence == 2 for a in out.attributions)
    for m in (*out.actors, *out.dates, *out.quantities):
        assert out.text[m.start: m.end] == m.text


def test_nlp_stage_skips_non_english() -> None:
    out = NlpStage().process(doc(language="fr"), RunContext())
    assert isinstance(out, Drop) and "language is fr" in out.reason


def test_nlp_stage_batch_keeps_order() -> None:
    stage = NlpStage()
    docs = [doc(), doc(language="fr"), doc(text="Nothing happened here at all today.")]
    out = stage.process_batch(docs, RunContext())
    assert isinstance(out[0], Document) and isinstance(out[1], Drop) and isinstance(out[2], Document)
