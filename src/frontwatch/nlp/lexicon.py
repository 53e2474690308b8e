"""Whole-word phrase matching of large lexicons (actor aliases, labels, loaded terms, triggers) with an
Aho-Corasick automaton: linear in the text, whatever the number of phrases.

Text is folded to one character per character (lower case, typographic quotes and dashes to ASCII),
so match offsets are offsets into the original text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")

_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‐": "-",
                       "‑": "-", "\u00a0": " "})


def fold(text: str, *, lower: bool = True) -> str:
    """Fold quotes, dashes and (optionally) case, keeping the length of ``text``."""
    out = text.translate(_FOLD)
    if lower:
        low = out.lower()
        if len(low) == len(out):
            return low
        return "".join(c if len(c.lower()) != 1 else c.lower() for c in out)
    return out


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    start: int
    end: int
    phrase: str
    value: T


class PhraseIndex(Generic[T]):
    """Phrases -> values; ``find`` returns the longest non-overlapping whole-word matches, left to right."""

    def __init__(self, entries: Iterable[tuple[str, T]], *, case_sensitive: bool = False) -> None:
        self.case_sensitive = case_sensitive
        self._automaton = ahocorasick.Automaton()
        self.size = 0
        for phrase, value in entries:
            key = fold(phrase.strip(), lower=not case_sensitive)
            if not key:
                continue
            if key not in self._automaton:
                self._automaton.add_word(key, (key, value))
                self.size += 1
        if self.size:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return self.size

    def find(self, text: str, folded: str | None = None) -> list[Hit[T]]:
        if not self.size:
            return []
        hay = folded if folded is not None else fold(text, lower=not self.case_sensitive)
        hits: list[Hit[T]] = []
        for end_idx, (key, value) in self._automaton.iter(hay):
            start = end_idx - len(key) + 1
            end = end_idx + 1
            if start > 0 and _is_word(hay[start - 1]) and _is_word(key[0]):
                continue
            if end < len(hay) and _is_word(hay[end]) and _is_word(key[-1]):
                continue
            hits.append(Hit(start, end, text[start:end], value))
        return longest_non_overlapping(hits)


def longest_non_overlapping(hits: list[Hit[T]]) -> list[Hit[T]]:
    """Keep the longest match where matches overlap (earlier start wins ties)."""
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    taken: list[Hit[T]] = []
    occupied: list[tuple[int, int]] = []
    for h in hits:
        if any(h.start < e and s < h.end for s, e in occupied):
            continue
        taken.append(h)
        occupied.append((h.start, h.end))
    taken.sort(key=lambda h: h.start)
    return taken
