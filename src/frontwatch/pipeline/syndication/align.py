"""Passage alignment: the long word runs two documents share, and how much of each they cover.

Used to confirm candidate pairs and to measure overlap in both directions (containment), so that a
copy embedded in a longer page, a truncated copy or a copy with a new lede is recognised even when
whole-document similarity is low, and a shared quotation alone is not mistaken for a copy.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

# A shared run must be at least this many words to count (shorter matches are names and phrases).
MIN_RUN_WORDS = 8
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Tokens:
    words: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]  # char span of each word in the text
    paragraph_of: tuple[int, ...]  # paragraph index of each word


def tokenize(text: str) -> Tokens:
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    paras: list[int] = []
    para = 0
    last = 0
    for m in _TOKEN.finditer(text):
        if "\n\n" in text[last: m.start()]:
            para += 1
        words.append(m.group().lower())
        offsets.append((m.start(), m.end()))
        paras.append(para)
        last = m.end()
    return Tokens(tuple(words), tuple(offsets), tuple(paras))


@dataclass(frozen=True, slots=True)
class Run:
    a_start: int  # word index in A
    b_start: int
    length: int  # words


@dataclass(frozen=True, slots=True)
class Alignment:
    runs: tuple[Run, ...]
    covered_a: int  # words of A inside shared runs
    covered_b: int
    len_a: int
    len_b: int
    longest: int
    shared_paragraphs_a: int  # paragraphs of A covered for at least 80 %
    shared_paragraphs_b: int

    @property
    def containment_a(self) -> float:
        """Share of A found in B."""
        return self.covered_a / self.len_a if self.len_a else 0.0

    @property
    def containment_b(self) -> float:
        return self.covered_b / self.len_b if self.len_b else 0.0

    @property
    def similarity(self) -> float:
        """The larger containment: 1.0 when one text is wholly inside the other."""
        return max(self.containment_a, self.containment_b)


def _gram_key(words: tuple[str, ...], i: int, k: int) -> int:
    return zlib.crc32(" ".join(words[i: i + k]).encode("utf-8"))


def align(a: Tokens, b: Tokens, min_run: int = MIN_RUN_WORDS) -> Alignment:
    """Maximal shared runs of at least ``min_run`` words (greedy, left to right over A)."""
    na, nb = len(a.words), len(b.words)
    runs: list[Run] = []
    if na >= min_run and nb >= min_run:
        index: dict[int, list[int]] = {}
        for j in range(nb - min_run + 1):
            index.setdefault(_gram_key(b.words, j, min_run), []).append(j)
        used_b = bytearray(nb)
        i = 0
        while i <= na - min_run:
            best: Run | None = None
            for j in index.get(_gram_key(a.words, i, min_run), ()):
                if used_b[j] or a.words[i: i + min_run] != b.words[j: j + min_run]:
                    continue
                n = min_run
                while i + n < na and j + n < nb and a.words[i + n] == b.words[j + n] and not used_b[j + n]:
                    n += 1
                if best is None or n > best.length:
                    best = Run(i, j, n)
            if best is None:
                i += 1
                continue
            runs.append(best)
            for k in range(best.b_start, best.b_start + best.length):
                used_b[k] = 1
            i += best.length
    covered_a = sum(r.length for r in runs)
    covered_b = covered_a
    return Alignment(
        runs=tuple(runs), covered_a=covered_a, covered_b=covered_b, len_a=na, len_b=nb,
        longest=max((r.length for r in runs), default=0),
        shared_paragraphs_a=_shared_paragraphs(a, [(r.a_start, r.length) for r in runs]),
        shared_paragraphs_b=_shared_paragraphs(b, [(r.b_start, r.length) for r in runs]),
    )


# A paragraph counts as shared when this share of its words lies inside shared runs.
PARAGRAPH_SHARED = 0.8


def _shared_paragraphs(t: Tokens, spans: list[tuple[int, int]]) -> int:
    if not t.words:
        return 0
    covered = bytearray(len(t.words))
    for start, length in spans:
        covered[start: start + length] = b"\x01" * length
    totals: dict[int, list[int]] = {}
    for i, p in enumerate(t.paragraph_of):
        tot = totals.setdefault(p, [0, 0])
        tot[0] += 1
        tot[1] += covered[i]
    return sum(1 for n, c in totals.values() if n >= 5 and c / n >= PARAGRAPH_SHARED)
