"""The block labeller: split a page's text into blocks and label each one.

Labels: ``article`` or one of the removed kinds (``navigation, boilerplate, donation, disclaimer,
caption, related, comments, advert``); reader comments are collected as separate items. Signals are
general: position in the page (header zone, body, footer zone, comment thread), block length and
sentence shape, repeated title lines, link/price/handle patterns, lexical cues kept as data
(``data/clean/cues.yaml``), and the point where a comment thread starts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

ARTICLE = "article"
TITLE = "title"  # a headline line: removed as boilerplate, and the document's title candidate
COMMENT = "comment"  # reader-comment text: goes to `comments`

# A block with at least this many words that ends like a sentence is "strong prose": one cue word
# inside it is not enough to remove it (reporting quotes appeals and disclaimers too).
STRONG_PROSE_WORDS = 15
# Prose blocks need at least this share of lower-case alphabetic words (menus and headlines are
# mostly capitalised). Tuned on the gold set in tests/eval/clean_gold (odd-numbered files).
MIN_LOWER_SHARE = 0.35
# A headline has at most this many words.
MAX_TITLE_WORDS = 30
# How many times the body's edge may move inwards when edge blocks fall to cues (stacked footers).
MAX_EDGE_STEPS = 6
# A block longer than this is labelled from its first and last half of this many characters: every
# signal (word counts, case share, cues, sentence end) is decided well inside that span, and a hostile
# one-line page (20 MB, no newline) would otherwise cost minutes of regex work. The longest line in the
# gold sets and seeds is under 2,000 characters, so no real block is affected.
LABEL_SAMPLE_CHARS = 20_000

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+\.(com|org|net|ir|ru|ca|uk|info|news|io|co)\b/?\S*",
                  re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\[email protected\]")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HANDLE = re.compile(r"(^|\s)@\w{2,}")
_SENT_END = re.compile(r"""[.!?…]["'”’»)\]]*\s*$""")
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?"
_DATE_HINT = re.compile(
    r"\b(?:19|20)\d{2}\b.{0,3}$"
    r"|\b" + _MONTH_RE + r"\s+\d{1,2},?\s+(?:19|20)\d{2}\b"
    r"|\b\d{1,2}\s+" + _MONTH_RE + r"\s+(?:19|20)\d{2}\b",
    re.I,
)
_NAME_LINE = re.compile(r"^[\w.'’ -]{2,40}$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Block:
    text: str
    start: int  # offsets in the page text
    end: int
    gap: int  # newlines between the previous block and this one (1 = same paragraph group)

    @property
    def words(self) -> list[str]:
        return _WORD.findall(_MD_LINK.sub(r"\1", _head_and_tail(self.text)))


def _head_and_tail(text: str) -> str:
    if len(text) <= LABEL_SAMPLE_CHARS:
        return text
    half = LABEL_SAMPLE_CHARS // 2
    return text[:half].rstrip() + " " + text[-half:].lstrip()


def bounded(block: Block) -> Block:
    """The block as the labeller reads it: itself, or its head and tail when it is longer than
    ``LABEL_SAMPLE_CHARS`` (offsets kept)."""
    if len(block.text) <= LABEL_SAMPLE_CHARS:
        return block
    return Block(_head_and_tail(block.text), block.start, block.end, block.gap)


@dataclass
class Labelled:
    block: Block
    label: str
    reason: str = ""
    comment_id: int | None = None


@dataclass(frozen=True)
class Cues:
    label: dict[str, tuple[re.Pattern[str], ...]]
    line: dict[str, tuple[re.Pattern[str], ...]]
    any: dict[str, tuple[re.Pattern[str], ...]]
    comment_start: tuple[re.Pattern[str], ...]
    comment_ui: tuple[re.Pattern[str], ...]
    prose_hits: int = 2
    extra: dict[str, Any] = field(default_factory=dict)


@cache
def load_cues() -> Cues:
    raw = yaml.safe_load(resources.files("frontwatch.data").joinpath("clean/cues.yaml").read_text(encoding="utf-8"))
    label: dict[str, tuple[re.Pattern[str], ...]] = {}
    line: dict[str, tuple[re.Pattern[str], ...]] = {}
    anyc: dict[str, tuple[re.Pattern[str], ...]] = {}
    for kind in ("navigation", "boilerplate", "donation", "disclaimer", "caption", "related", "advert"):
        spec = raw.get(kind) or {}
        label[kind] = tuple(re.compile(r"^\W{0,3}(?:" + p + ")", re.I) for p in spec.get("label", []) or [])
        line[kind] = tuple(re.compile(r"^\W{0,3}(?:" + p + ")", re.I) for p in spec.get("line", []) or [])
        anyc[kind] = tuple(re.compile(p, re.I) for p in spec.get("any", []) or [])
    com = raw["comments"]
    return Cues(
        label=label,
        line=line,
        any=anyc,
        comment_start=tuple(re.compile(r"^\W{0,3}(?:" + p + ")", re.I) for p in com["start"]),
        comment_ui=tuple(re.compile(r"^\W{0,3}(?:" + p + ")", re.I) for p in com["ui"]),
    )


def split_blocks(text: str) -> list[Block]:
    """Every non-empty line is a block (wrapped lines were re-joined at ingest); ``gap`` counts the
    newlines before it, so a blank line between two blocks gives ``gap == 2``."""
    blocks: list[Block] = []
    pos = 0
    gap = 0
    for m in re.finditer(r"[^\n]*\n?", text):
        line = m.group()
        if not line:
            break
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = m.start() + lead
            blocks.append(Block(stripped, start, start + len(stripped), gap if blocks else 0))
            gap = 1 if line.endswith("\n") else 0
        else:
            gap += 1
        pos = m.end()
    del pos
    return blocks


def is_prose(block: Block) -> bool:
    """Reads like reporting: enough words, mostly lower case, ends like a sentence (or is long)."""
    words = block.words
    if len(words) < 6:
        return False
    if lower_share(words) < MIN_LOWER_SHARE:
        return False
    links = len(_URL.findall(block.text)) + len(_MD_LINK.findall(block.text)) + len(_EMAIL.findall(block.text))
    if links and links * 12 > len(words):
        return False
    return bool(_SENT_END.search(block.text)) or len(words) >= 25


def lower_share(words: list[str]) -> float:
    """Share of lower-case words among the words whose script has case (Arabic, Chinese... have none:
    a text of caseless words reads as prose)."""
    cased = [w for w in words if w[0].isupper() or w[0].islower()]
    if len(cased) < max(3, len(words) // 3):
        return 1.0
    return sum(1 for w in cased if w[0].islower()) / len(cased)


def is_strong_prose(block: Block) -> bool:
    return is_prose(block) and len(block.words) >= STRONG_PROSE_WORDS


def is_headline(block: Block) -> bool:
    """A headline: a short line that does not end with a full stop and is mostly capitalised or
    phrase-like (headlines often end with '?' or '!')."""
    words = block.words
    text = block.text.rstrip()
    if not 3 <= len(words) <= MAX_TITLE_WORDS or text.endswith((".", ":", ",", ";")):
        return False
    if re.match(r"^\W*by\s", text, re.I) or _DATE_HINT.search(text):
        return False
    if _URL.search(text) or _EMAIL.search(text) or re.search(r"[|»›]|\s>\s", text):
        return False
    if re.match(r"^\W*(posted|published|updated|written|filed)\b", text, re.I):
        return False
    caps = sum(1 for w in words if w[0].isupper()) / len(words)
    return caps >= 0.5 or len(words) <= 14


def cue_kind(block: Block, cues: Cues, *, edge: bool = False) -> tuple[str, str] | None:
    """The removed kind a block's cues point to, with the cue, or None. In strong prose one cue is
    enough only at the ``edge`` of the body (first or last prose block: bios, appeals, footers)."""
    strong = is_strong_prose(block)
    text = _MD_LINK.sub(r"\1", block.text)
    for kind, patterns in cues.label.items():  # "Disclaimer: ..." whatever follows
        for p in patterns:
            if p.search(text):
                return kind, p.pattern
    if not strong:
        for kind, patterns in cues.line.items():
            for p in patterns:
                if p.search(text):
                    return kind, p.pattern
    best: tuple[int, str, str] | None = None
    need = cues.prose_hits if strong and not edge else 1
    for kind, patterns in cues.any.items():
        hits = [p.pattern for p in patterns if p.search(text)]
        if len(hits) >= need and (best is None or len(hits) > best[0]):
            best = (len(hits), kind, hits[0])
    if best is not None:
        return best[1], best[2]
    if not strong and _is_price_ticker(text):
        return "donation", "price ticker"
    return None


def _is_price_ticker(text: str) -> bool:
    return bool(re.fullmatch(r"[\s$€£]*\d[\d,.\s]*[$€£]\s*|[$€£]\s?\d[\d,.]*", text.strip()))


_THREAD_HEADING = re.compile(r"^\W*\d+\s+(thoughts|comments?|responses?|replies|reactions?|commentaires?|"
                             r"comentarios?)\s+(on|to|sur|a|en)\b", re.I)


def starts_comments(block: Block, cues: Cues) -> bool:
    if _THREAD_HEADING.match(block.text):
        return True
    if len(block.words) > 14:
        return False
    text = _MD_LINK.sub(r"\1", block.text)
    return any(p.search(text) for p in cues.comment_start)


def _weak_marker(block: Block) -> bool:
    """A bare heading such as 'Comments' or 'Reactions' (could also be an article subheading)."""
    return len(block.words) <= 3 and not re.search(r"(post|leave|email|notify|feedback|view|required)", block.text,
                                                    re.I)


def is_comment_ui(block: Block, cues: Cues) -> bool:
    if len(block.words) > 10:
        return False
    return any(p.search(block.text) for p in cues.comment_ui)


def is_name_line(block: Block) -> bool:
    """A commenter's name on its own line: 1-4 words, no sentence punctuation."""
    text = block.text.strip()
    if not _NAME_LINE.match(text) or (_SENT_END.search(text) and not re.search(r"\b[A-Z]\.$", text)):
        return False
    n = len(text.split())
    return 1 <= n <= 4 and not any(ch.isdigit() for ch in text[:1])


def label_blocks(blocks: list[Block], title_hint: str | None = None) -> list[Labelled]:
    """Label every block of one page."""
    cues = load_cues()
    out = [Labelled(b, "") for b in blocks]
    if not blocks:
        return out
    blocks = [bounded(b) for b in blocks]  # features are read from bounded views; `out` keeps the text
    n = len(blocks)
    norm = [_norm(b.text) for b in blocks]
    repeats = Counter(norm)
    title_norm = _norm(title_hint) if title_hint else None
    prose = [is_prose(b) for b in blocks]
    strong = [is_strong_prose(b) for b in blocks]

    # 1. The reader-comment thread: the first comment-start marker after the body began. A bare
    # heading ("Comments") counts only when commenter names or comment widgets follow it.
    provisional_first = next((i for i in range(n) if strong[i]), n)
    thread = n
    for i in range(provisional_first + 1, n):
        if starts_comments(blocks[i], cues) and not strong[i]:
            if _weak_marker(blocks[i]) and not any(
                is_name_line(b) or is_comment_ui(b, cues) or starts_comments(b, cues) for b in blocks[i + 1: i + 5]
            ):
                continue
            thread = i
            break

    # 2. Cues. Strong prose needs two distinct cues, except at the body's edges (the first and last
    # prose blocks before the thread: bios, appeals, "about us" footers), where one is enough; the
    # edge moves inwards while edge blocks fall to cues.
    cue: list[tuple[str, str] | None] = [cue_kind(b, cues) for b in blocks]
    body = [i for i in range(min(thread, n)) if strong[i] and cue[i] is None]
    for _ in range(MAX_EDGE_STEPS):
        changed = False
        for edge in ({body[0], body[-1]} if body else set()):
            c = cue_kind(blocks[edge], cues, edge=True)
            if c is not None:
                cue[edge] = c
                changed = True
        body = [i for i in body if cue[i] is None]
        if not changed:
            break
    # A standfirst: the first prose block sits above the byline/dateline, and the body follows.
    if len(body) >= 2 and any(_byline_like(blocks[j]) for j in range(body[0] + 1, min(body[1], body[0] + 4))):
        cue[body[0]] = ("boilerplate", "standfirst above the byline")
        body = body[1:]
    first_body = body[0] if body else n
    last_body = body[-1] if body else -1
    footer_from = _footer_section(blocks, cue, first_body, min(thread, n))
    if footer_from is not None:
        body = [i for i in body if i < footer_from]
        last_body = body[-1] if body else -1
    masthead = find_masthead(blocks[:first_body], cue)
    title_at = _choose_title(blocks, first_body, cue, repeats, norm, masthead)

    # 3. Everything before the thread.
    articles_since_body = True  # every block from last_body to i - 1 is article text (kept as we go)
    for i in range(min(thread, n)):
        if i > last_body >= 0:
            articles_since_body = articles_since_body and out[i - 1].label == ARTICLE
        lab, b = out[i], blocks[i]
        if title_norm and norm[i] == title_norm and not strong[i]:
            lab.label, lab.reason = TITLE, "title line"
        elif repeats[norm[i]] > 1 and not strong[i] and is_headline(b) and cue[i] is None:
            lab.label, lab.reason = TITLE, "repeated headline"
        elif repeats[norm[i]] > 1 and not prose[i] and len(norm[i]) > 3 and cue[i] is None:
            lab.label, lab.reason = "boilerplate", "line repeated on the page (running header or footer)"
        elif i > first_body and footer_from is not None and i >= footer_from:
            lab.label, lab.reason = "boilerplate", "after a footer section heading"
        elif i == title_at:
            lab.label, lab.reason = TITLE, "headline"
        elif i == masthead:
            lab.label, lab.reason = "navigation", "masthead"
        elif (c := cue[i]) is not None:
            lab.label, lab.reason = c[0], f"cue {c[1]!r}"
        elif prose[i] and first_body <= i <= last_body:
            lab.label, lab.reason = ARTICLE, "prose in body"
        elif i > 0 and out[i - 1].label == "related" and not prose[i] and (is_headline(b) or len(b.words) <= 14):
            lab.label, lab.reason = "related", "item of a related-links list"
        elif first_body < i < last_body and (_sentence_like(b) or _list_item(b) or is_headline(b)
                                             or _lead_in(b) or _word_list(b) or _subheading(b)
                                             or _attribution_line(b)):
            lab.label, lab.reason = ARTICLE, "sentence, subheading or list between article blocks"
        elif i > last_body >= 0 and _sentence_like(b) and articles_since_body:
            lab.label, lab.reason = ARTICLE, "sentence right after the body"
        elif i < first_body:
            lab.label, lab.reason = ("navigation" if _menu_like(b) and not _DATE_HINT.search(b.text)
                                     else "boilerplate"), "header zone"
        elif i > last_body:
            lab.label, lab.reason = "boilerplate", "footer zone"
        else:
            lab.label, lab.reason = "boilerplate", "short non-sentence line in body"

    # 4. The comment thread: widgets and commenter names are removed; text blocks are comments.
    # A new comment starts after a name or widget line, or after two or more blank lines.
    comment_id = -1
    open_comment = False
    for i in range(thread, n):
        lab, b = out[i], blocks[i]
        if i == thread or is_comment_ui(b, cues) or starts_comments(b, cues):
            lab.label, lab.reason = "comments", "comment widget"
            open_comment = False
            continue
        c = cue[i]
        if c is not None and c[0] in ("donation", "disclaimer", "advert", "related", "navigation"):
            lab.label, lab.reason = c[0], f"cue in thread {c[1]!r}"
            open_comment = False
            continue
        after_name = i > thread and out[i - 1].reason == "commenter name"
        if is_name_line(b) and not _sentence_like(b) and not after_name:
            lab.label, lab.reason = "comments", "commenter name"
            open_comment = False
            continue
        if not open_comment or b.gap >= 3:
            comment_id += 1
            open_comment = True
        lab.label, lab.reason, lab.comment_id = COMMENT, "reader comment", comment_id
    return out


_FOOTER_HEADING = re.compile(
    r"^\W*(about (us|the (author|organi[sz]ation|network|alliance|project|site|publication)|this (site|report|"
    r"publication))|about [A-Z][\w&' .-]{2,60}|media (contact|enquiries|inquiries)|press contact|notes? to editors|"
    r"for (more information|further information|media)|contact us|###|-\s*ends\s*-|à propos|sobre nosotros|"
    r"contacto de prensa|contact presse)\W*$")


def _footer_section(blocks: list[Block], cue: list[tuple[str, str] | None], first_body: int,
                    end: int) -> int | None:
    """Index of a footer section heading after the body ('About the X', 'Media contact', 'Notes to
    editors', '###'): everything from there to the comment thread is furniture."""
    for i in range(first_body + 1, end):
        if len(blocks[i].words) <= 10 and _FOOTER_HEADING.match(blocks[i].text) and not is_prose(blocks[i]):
            return i
    return None


def find_masthead(header: list[Block], cue: list[tuple[str, str] | None]) -> int | None:
    """Index of the site-name line at the top of a page ('MERIDIAN WIRE', 'Levant Dispatch',
    'ASIA CONFLICT DIGEST | Your daily roundup'), or None. Cookie banners and other cue-labelled
    lines above it are passed over."""
    seen = 0
    for i, b in enumerate(header):
        if cue[i] is not None:
            continue
        seen += 1
        if seen > 3:
            return None
        name = masthead_name(b.text)
        if name:
            return i
        if is_prose(b) or len(b.words) > 8:
            return None
    return None


_GENERIC_HEADS = frozenset({"home", "news", "world", "latest", "menu", "search", "breaking news", "top news",
                            "live", "video", "opinion", "politics", "advertisement", "sections", "subscribe"})


def masthead_name(text: str) -> str | None:
    """The site name in a masthead line, or None when the line does not look like one."""
    head = re.split(r"\s+[|·•]\s+|\s+[-–—]\s+", _MD_LINK.sub(r"\1", text).strip(), maxsplit=1)[0].strip()
    words = _WORD.findall(head)
    if not 1 <= len(words) <= 6 or _SENT_END.search(head) or _URL.search(head) or any(c.isdigit() for c in head):
        return None
    if head.lower() in _GENERIC_HEADS or re.search(r"\b(cookies?|welcome|sign in|log in)\b|^(by|par|por)\s", head,
                                                   re.I):
        return None
    tagline = head != text.strip()
    if (head.isupper() and len(head) >= 4) or tagline or (2 <= len(words) <= 5 and all(w[0].isupper() for w in words)):
        return head.title() if head.isupper() else head
    return None


def _choose_title(blocks: list[Block], first_body: int, cue: list[tuple[str, str] | None], repeats: Counter[str],
                  norm: list[str], masthead: int | None) -> int | None:
    """The headline among the header-zone lines: repeated lines, longer lines, and lines just above
    the byline or the body score higher; mastheads and menus are excluded."""
    best: tuple[float, int] | None = None
    for i in range(min(first_body, len(blocks))):
        b = blocks[i]
        c = cue[i]
        if i == masthead or not is_headline(b) or (c is not None and c[0] != "caption"):
            continue
        words = len(b.words)
        score = min(words, 14) / 2
        if repeats[norm[i]] > 1:
            score += 5
        if b.text.isupper():
            score -= 3
        if any(_byline_like(x) for x in blocks[i + 1: i + 4]) or first_body - i <= 2:
            score += 2
        if best is None or score > best[0]:
            best = (score, i)
    return best[1] if best else None


def _norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", _MD_LINK.sub(r"\1", text or "")).strip().lower()


def _sentence_like(b: Block) -> bool:
    words = b.words
    return len(words) >= 3 and bool(_SENT_END.search(b.text)) and words[0][0].isupper()


def _subheading(b: Block) -> bool:
    """A short section heading inside the body ('Key points', 'Our response')."""
    words = b.words
    return 1 <= len(words) <= 8 and words[0][0].isupper() and not _SENT_END.search(b.text) \
        and not _URL.search(b.text) and not b.text.rstrip().endswith(",")


def _attribution_line(b: Block) -> bool:
    """The line naming the speaker after a quotation ('— A woman from X, interviewed in Y')."""
    return bool(re.match(r"^\s*[—–-]{1,2}\s*\S", b.text)) and len(b.words) <= 20


def _lead_in(b: Block) -> bool:
    """A line introducing a list ('The villages affected were:')."""
    return len(b.words) >= 3 and b.text.rstrip().endswith(":") and b.words[0][0].isupper()


def _word_list(b: Block) -> bool:
    """A comma-separated list of names, as reporting lists villages or units."""
    return b.text.count(",") >= 2 and len(b.words) >= 4 and not _URL.search(b.text)


def _byline_like(b: Block) -> bool:
    return len(b.words) <= 14 and (bool(re.match(r"^\W*(by|por|par)\s+\S", b.text, re.I))
                                   or bool(_DATE_HINT.search(b.text)) or "|" in b.text)


def _menu_like(b: Block) -> bool:
    return ("|" in b.text or "»" in b.text or len(b.words) <= 3) and not re.match(r"^\W*by\s", b.text, re.I)


def _list_item(b: Block) -> bool:
    return bool(re.match(r"^\s*([-*•·]|\d+[.)])\s+\S", b.text))
