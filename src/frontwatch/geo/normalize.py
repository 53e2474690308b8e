"""Name normalisation for gazetteer matching.

Two keys per name, computed the same way for gazetteer entries and for text phrases:

* :func:`name_key` (tier 1): case folded, diacritics and apostrophes removed, hyphens and dots as spaces,
  Arabic article variants (al-/el-/as-/ad-/ez-...) folded to ``al`` inside a name and dropped at its
  start, sun-letter assimilation undone ("Ezzor" -> "al zor"), a final "-ah"/"-eh" shortened. Arabic
  script is folded too (hamza forms of alef, ta marbuta, alef maqsura, diacritics, tatweel).
  "Deir ez-Zor", "Deir Ezzor" and "Dayr az-Zor" -> "deir al zor" / "dayr al zor".
* :func:`skeleton_key` (tier 2): a consonant skeleton of the tier-1 key for Latin transliterations of
  Arabic and Persian names, used only when tier 1 finds nothing ("Deir Ezzur" = "Dayr az Zawr").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic definite-article spellings seen in transliterated names (al-Tanf, el-Arish, as-Sukhnah,
# ad-Dana, ez-Zor, ash-Shaddadi, an-Nabk, adh-Dhahiriya, ul-...). Folded to "al" inside names.
ARTICLES: frozenset[str] = frozenset(
    {"al", "el", "il", "ul", "as", "ad", "ar", "at", "az", "ash", "an", "ath", "adh", "ed", "es", "ez", "er", "et",
     "en", "esh", "ech", "ec", "ts", "a"}
)
# Sun-letter assimilation written as one word ("Ezzor", "Assukhna", "Arraqqa"): article vowel + doubled
# consonant. Only applied to tokens of at least this many letters that are not the first token.
_SUN = re.compile(r"^[ae](sh|th|dh|[tdrzsnl])\1(?=[a-z]{2,})")
MIN_SUN_TOKEN = 5
_APOSTROPHES = "'’‘`´ʼʻʿʾ′\u02bc"
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./,()\[\]\"“”«»:;!?&+]+")
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
                              "ک": "ك", "ی": "ي", "گ": "ك"})
_ARABIC_RANGE = re.compile("[\u0600-\u06ff]")


def is_arabic(text: str) -> bool:
    return bool(_ARABIC_RANGE.search(text))


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_diacritics(text: str) -> str:
    """Remove combining marks (é -> e, ş -> s); ligatures and special letters folded (ß, æ, ø, ı, ł),
    keeping case where the letter has one ("Þ" -> "Th", "þ" -> "th")."""
    return _strip_marks(text).translate(_LATIN_FOLD_CASED)


# Letters without a decomposition, folded to ASCII. Keys are lower case: the matching keys apply the
# fold *after* casefold, so that both cases of a letter fold alike ("Þ" and "þ" -> "th").
_LATIN_LOWER: dict[str, str] = {"ß": "ss", "æ": "ae", "ø": "o", "ı": "i", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                                "œ": "oe", "ə": "e", "ħ": "h", "ŧ": "t", "ŋ": "ng", "ĸ": "k"}
_LATIN_FOLD = str.maketrans(_LATIN_LOWER)
_LATIN_FOLD_CASED = str.maketrans({**_LATIN_LOWER, **{k.upper(): v.capitalize() for k, v in _LATIN_LOWER.items()
                                                      if k.upper() != k and len(k.upper()) == 1}})


def tokens(text: str) -> list[str]:
    """Lower-case tokens of ``text`` with diacritics and apostrophes removed."""
    if is_arabic(text):
        folded = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD)
        return [t for t in _SEPARATORS.split(folded.casefold()) if t]
    cleaned = _strip_marks(text).casefold().translate(_LATIN_FOLD)  # fold after casefold: "Þ" = "þ" -> "th"
    for ch in _APOSTROPHES:
        cleaned = cleaned.replace(ch, "")
    raw = [t for t in _SEPARATORS.split(cleaned) if t]
    out: list[str] = []
    letters: list[str] = []  # runs of single letters are initials: "U.S." -> "us", "D.C." -> "dc"
    for tok in [*raw, ""]:
        if len(tok) == 1 and tok.isalpha():
            letters.append(tok)
            continue
        if letters:
            out.append("".join(letters) if len(letters) > 1 else letters[0])
            letters = []
        if tok:
            out.append(_ABBREVIATIONS.get(tok, tok))
    return out


# Abbreviated generic words in place names, folded both ways ("St. Louis" = "Saint Louis").
_ABBREVIATIONS: dict[str, str] = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "mtn": "mountain"}


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """Tier-1 matching key (see module docstring). Empty when ``text`` has no letters."""
    toks = tokens(text)
    if not toks:
        return ""
    if is_arabic(text):
        return " ".join(_arabic_token(t) for t in toks)
    out: list[str] = []
    last = len(toks) - 1
    for i, tok in enumerate(toks):
        if i < last and tok in ARTICLES:
            if i > 0:
                out.append("al")  # "Deir ez-Zor" -> "deir al zor"; a leading article is dropped ("Ar Raqqah")
            continue
        if i > 0 and len(tok) >= MIN_SUN_TOKEN and (m := _SUN.match(tok)):
            out.extend(("al", _fold_ending(tok[1 + len(m.group(1)):])))
            continue
        out.append(_fold_ending(tok))
    return " ".join(out)


def _fold_ending(tok: str) -> str:
    if len(tok) >= 4 and tok.endswith(("ah", "eh")):
        return tok[:-1]
    return tok


def _arabic_token(tok: str) -> str:
    if len(tok) > 3 and tok.startswith("ال"):
        return tok[2:]
    return tok


_SKELETON_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                      ("q", "k"), ("c", "k"), ("j", "g"), ("x", "ks"), ("z", "z"))
_SKELETON_DROP = re.compile(r"[aeiouyhw]")
# A skeleton shorter than this (in consonants) is too ambiguous to match on ("Raqqa" -> "rk").
MIN_SKELETON = 4


@lru_cache(maxsize=200_000)
def skeleton_key(text: str) -> str:
    """Tier-2 key: consonant skeleton of :func:`name_key` without articles or spaces; "" when too short."""
    key = name_key(text)
    if not key or is_arabic(key):
        return ""
    parts = [t for t in key.split(" ") if t != "al"]
    joined = "".join(parts)
    if not joined.isascii() or not joined.isalpha():
        return ""
    head, rest = joined[0], joined[1:]
    for src, dst in _SKELETON_DIGRAPHS:
        rest = rest.replace(src, dst)
        head = dst[0] if head == src else head
    rest = _SKELETON_DROP.sub("", rest)
    squeezed = re.sub(r"(.)\1+", r"\1", head + rest)
    if len(squeezed) < MIN_SKELETON:
        return ""
    return squeezed


def display_tokens(text: str) -> int:
    """How many words a phrase has (for length limits)."""
    return len(tokens(text))


_VOWEL_FOLDS = (("ay", "e"), ("ai", "e"), ("ei", "e"), ("ey", "e"), ("aw", "o"), ("au", "o"), ("ou", "u"), ("oo", "u"),
                ("ee", "i"), ("ie", "i"), ("iy", "i"), ("q", "k"), ("dh", "d"), ("th", "t"), ("kh", "k"), ("gh", "g"))


def vowel_fold(key: str) -> str:
    """A tier-1 key with articles removed and transliteration variants of vowels folded, for comparing
    fuzzy readings ("dayr al zawr" -> "der zor", "deir al zor" -> "der zor")."""
    text = " ".join(t for t in key.split(" ") if t != "al")
    for src, dst in _VOWEL_FOLDS:
        text = text.replace(src, dst)
    return re.sub(r"(.)\1+", r"\1", text)
