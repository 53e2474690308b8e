"""Date expressions and their resolution against the publication date, with ACLED time precision
(1 day, 2 week, 3 month or wider).

Absolute dates ("June 9, 2017"), day-month without year ("on June 9"), weekdays ("on Saturday"),
relative days ("today", "yesterday", "two days ago", "last night"), weeks ("last week", "earlier this
week") and months ("earlier this month", "last month", "in early May") are found with patterns; they
resolve only when the document has a publication date — otherwise the expression is kept and the date
is null, never guessed. dateparser is used as a fallback for other spaCy DATE spans; what it gets wrong
("early May", "earlier this month", "past three weeks" -> None; bare weekdays resolved into the future
without PREFER_DATES_FROM) is handled by the patterns here (docs/language.md).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta

from frontwatch.records import DateMention

DAY, WEEK, MONTH = 1, 2, 3
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)} | {
    d.lower(): i for i, d in enumerate(calendar.day_abbr)}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "a": 1, "an": 1, "a couple of": 2, "couple of": 2, "several": 3, "a few": 3, "few": 3}
# Days after the publication date that a day-month without year may still be read in the same year
# (reports written in advance, time zones); beyond this the previous year is meant.
FUTURE_TOLERANCE_DAYS = 2
# A bare weekday farther back than this is not the last such weekday (the report is about an older week).
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
       r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DOW = r"(?P<dow>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a|an|a couple of|several|a few)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(r"\b(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?" + _MON +
                       r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b", re.I)),
    ("dmy", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(?P<year>(?:19|20)\d{2})\b",
                       re.I)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("md", re.compile(r"\b" + _MON + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d{2})(?!\s*(?:km|%))",
                      re.I)),
    ("dm", re.compile(r"\b(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON +
                      r"\b(?!,?\s*(?:19|20)\d{2})", re.I)),
    ("dow", re.compile(r"\b(?P<mod>last|this|next|on|early|late)?\s*" + _DOW +
                       r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b", re.I)),
    ("today", re.compile(r"\b(?P<w>today|this morning|this afternoon|this evening|tonight|earlier today|"
                         r"on the same day)\b", re.I)),
    ("yesterday", re.compile(r"\b(?P<w>the day before yesterday|yesterday|last night|overnight)\b", re.I)),
    ("days_ago", re.compile(r"\b" + _NUM + r"\s+days?\s+(?:ago|earlier)\b", re.I)),
    ("weeks_ago", re.compile(r"\b" + _NUM + r"\s+weeks?\s+ago\b", re.I)),
    ("week", re.compile(r"\b(?P<w>last week|this week|earlier this week|earlier in the week|past week|the previous "
                        r"week|over the weekend|last weekend|this weekend)\b", re.I)),
    ("past_weeks", re.compile(r"\b(?:the\s+)?(?:past|last|previous|recent)\s+" + _NUM + r"\s+weeks\b", re.I)),
    ("month", re.compile(r"\b(?P<w>last month|this month|earlier this month|earlier in the month|past month|"
                         r"the previous month|late last month|early this month)\b", re.I)),
    ("part_month", re.compile(r"\b(?:in\s+)?(?P<part>early|mid|late|the beginning of|the end of|the middle of)[-\s]+"
                              + _MON + r"\b(?:\s+(?P<year>(?:19|20)\d{2}))?", re.I)),
    ("month_year", re.compile(r"\b" + _MON + r"\s+(?P<year>(?:19|20)\d{2})\b", re.I)),
    ("in_month", re.compile(r"\b(?:in|since|during|throughout)\s+" + _MON + r"\b(?:\s+(?P<year>(?:19|20)\d{2}))?",
                            re.I)),
]
_PRIORITY = {name: i for i, (name, _) in enumerate(PATTERNS)}


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:3] if name.lower()[:4] != "sept" else "sep"]


def _num(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS.get(word.lower(), 1)


def _year_for(month: int, day: int, published: date) -> int:
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        return published.year
    return published.year if candidate <= published + timedelta(days=FUTURE_TOLERANCE_DAYS) else published.year - 1


def _mid_month(year: int, month: int, published: date | None) -> date:
    d = date(year, month, 15)
    return min(d, published) if published and (year, month) == (published.year, published.month) else d


def _mid_week(d: date) -> date:
    return d - timedelta(days=d.weekday()) + timedelta(days=3)


def resolve(kind: str, m: re.Match[str], published: date | None) -> tuple[date | None, int]:
    """(date, precision) for one match; date is None when it needs a publication date we lack."""
    g = m.groupdict()
    try:
        if kind in ("mdy", "dmy"):
            return date(int(g["year"]), _month(g["mon"]), int(g["day"])), DAY
        if kind == "iso":
            return date(int(g["year"]), int(g["month"]), int(g["day"])), DAY
        if kind in ("md", "dm"):
            month, day = _month(g["mon"]), int(g["day"])
            if published is None:
                return None, DAY
            return date(_year_for(month, day, published), month, day), DAY
    except ValueError:
        return None, DAY
    if published is None:
        if kind == "month_year":
            return date(int(g["year"]), _month(g["mon"]), 15), MONTH
        return None, {"week": WEEK, "past_weeks": MONTH, "month": MONTH, "part_month": MONTH,
                      "in_month": MONTH}.get(kind, DAY)
    if kind == "dow":
        mod = (g.get("mod") or "").lower()
        if mod == "next":
            return None, DAY  # a future day is not an event date
        target = WEEKDAYS[g["dow"].lower()]
        back = (published.weekday() - target) % 7
        if mod == "last" and back == 0:
            back = 7
        return published - timedelta(days=back), DAY
    if kind == "today":
        return published, DAY
    if kind == "yesterday":
        w = g["w"].lower()
        return published - timedelta(days=2 if w.startswith("the day before") else 1), DAY
    if kind == "days_ago":
        return published - timedelta(days=_num(g["n"])), DAY
    if kind == "weeks_ago":
        return _mid_week(published - timedelta(weeks=_num(g["n"]))), WEEK
    if kind == "week":
        w = g["w"].lower()
        if "weekend" in w:
            sat = published - timedelta(days=(published.weekday() - 5) % 7)
            return (sat if w != "last weekend" or sat != published else sat - timedelta(days=7)), WEEK
        if w in ("last week", "the previous week", "past week"):
            return _mid_week(published - timedelta(weeks=1)), WEEK
        return min(_mid_week(published), published), WEEK
    if kind == "past_weeks":
        return published - timedelta(days=int(3.5 * _num(g["n"]))), MONTH
    if kind == "month":
        w = g["w"].lower()
        if "last month" in w or "previous month" in w or w == "past month":
            prev = published.replace(day=1) - timedelta(days=1)
            return _mid_month(prev.year, prev.month, None), MONTH
        if "earlier" in w or "early" in w:
            return date(published.year, published.month, max(1, (published.day + 1) // 2)), MONTH
        return _mid_month(published.year, published.month, published), MONTH
    if kind in ("part_month", "in_month", "month_year"):
        month = _month(g["mon"])
        year = int(g["year"]) if g.get("year") else _year_for(month, 1, published)
        part = (g.get("part") or "").lower()
        day = 5 if part in ("early", "the beginning of") else 25 if part in ("late", "the end of") else 15
        return date(year, month, day), MONTH
    return None, DAY


def find_dates(text: str, published: date | None, spans: Iterable[tuple[int, int]] = ()) -> list[DateMention]:
    """Date mentions in ``text`` resolved against ``published``; ``spans`` are extra candidate spans
    (spaCy DATE entities) tried with dateparser when no pattern covers them."""
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if name == "dow" and not m.group("dow"):
                continue
            found.append((m.start(), m.end(), _PRIORITY[name], name, m))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0]), x[2]))
    out: list[DateMention] = []
    last_end = -1
    for start, end, _p, name, m in found:
        if start < last_end:
            continue
        d, precision = resolve(name, m, published)
        s = start + (len(m.group()) - len(m.group().lstrip()))
        out.append(DateMention(start=s, end=end, text=text[s:end], date=d.isoformat() if d else None,
                               precision=precision, relative=name not in ("mdy", "dmy", "iso", "month_year")))
        last_end = end
    for start, end in spans:
        if any(o.start < end and start < o.end for o in out):
            continue
        parsed = _dateparser(text[start:end], published)
        if parsed is not None:
            out.append(DateMention(start=start, end=end, text=text[start:end], date=parsed[0].isoformat(),
                                   precision=parsed[1], relative=True))
    out.sort(key=lambda d: d.start)
    return out


_DATEISH = re.compile(r"\b(ago|last|yesterday|today|tonight|" + "|".join(sorted(MONTHS, key=len, reverse=True)) + "|"
                      + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b", re.I)
_DURATION = re.compile(r"^\W*(?:the\s+)?(?:\d+|\w+)\s+(?:days?|weeks?|months?|years?|hours?)\b(?!\s+ago)", re.I)


def _dateparser(expr: str, published: date | None) -> tuple[date, int] | None:
    """dateparser for expressions the patterns do not know; only with a publication date, only past."""
    if published is None or len(expr) > 40 or not _DATEISH.search(expr) or _DURATION.match(expr):
        return None
    import datetime as dt

    import dateparser

    base = dt.datetime(published.year, published.month, published.day, 12)
    try:
        parsed = dateparser.parse(expr, settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                                                  "RETURN_TIME_AS_PERIOD": True, "STRICT_PARSING": False},
                                  languages=["en"])
    except Exception:
        return None
    if parsed is None or parsed.date() > published:
        return None
    return parsed.date(), DAY if re.search(r"\d", expr) else WEEK
