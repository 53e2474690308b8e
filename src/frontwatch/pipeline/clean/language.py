"""Language identification (py3langid): ISO 639-1 code of a document's clean text."""

from __future__ import annotations

from functools import cache
from typing import Any

# Texts shorter than this are not identified (too little evidence): language stays null.
MIN_CHARS = 40
SAMPLE_CHARS = 3000
# Below this normalised probability the guess is not trusted.
MIN_PROB = 0.5


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= MIN_PROB else None
