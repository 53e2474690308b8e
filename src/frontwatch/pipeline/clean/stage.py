"""The cleaning stage: RawDocument -> Document with clean text, removed blocks, comments, metadata
(title, publication date, outlet, origin) and language."""

from __future__ import annotations

import re
from typing import ClassVar

from frontwatch.outlets import canonical_outlet, domain_of
from frontwatch.pipeline.base import RunContext, Stage
from frontwatch.pipeline.clean.blocks import ARTICLE, COMMENT, TITLE, Labelled, label_blocks, split_blocks
from frontwatch.pipeline.clean.html import extract_html
from frontwatch.pipeline.clean.language import detect_language
from frontwatch.pipeline.clean.metadata import extract_text_metadata, find_date
from frontwatch.records import Document, Drop, PublishedFrom, RawDocument, RemovedBlock


def paragraph_offsets(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each paragraph (blocks separated by blank lines) in ``text``."""
    return tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text) if m.group().strip())


# Publication dates outside these years are refused: the range of the text date patterns. A value such
# as 0001-01-01 or 9999-12-31 (a typo or a hostile feed) broke date arithmetic in the language layer.
MIN_PUBLISHED_YEAR, MAX_PUBLISHED_YEAR = 1900, 2099
# Longest metadata value given to dateparser (a date is short; dateparser is slow on long text).
MAX_DATE_VALUE_CHARS = 100
# dateparser's parsers without "relative-time": "yesterday" or "2 days ago" in metadata would resolve
# against the clock of the machine that runs the analysis, so a re-run would date the text differently.
DATE_PARSERS = ["timestamp", "custom-formats", "absolute-time", "no-spaces-time"]


def normalise_published(value: str | None) -> str | None:
    """An ISO date from a metadata value ('2017-06-13T10:00:00Z', 'June 13, 2017', '13/06/2017'); None
    for relative expressions and years outside MIN_PUBLISHED_YEAR..MAX_PUBLISHED_YEAR."""
    if not value:
        return None
    found = find_date(value)
    if found:
        return found[0].isoformat()
    import dateparser

    parsed = dateparser.parse(value[:MAX_DATE_VALUE_CHARS], settings={
        "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY", "PARSERS": DATE_PARSERS})
    if parsed is None or not MIN_PUBLISHED_YEAR <= parsed.year <= MAX_PUBLISHED_YEAR:
        return None
    return str(parsed.date().isoformat())


def assemble(labelled: list[Labelled]) -> tuple[str, tuple[RemovedBlock, ...], tuple[str, ...]]:
    """Article text (paragraphs separated by blank lines), removed blocks (consecutive blocks of one
    kind merged), and reader comments (one item per comment)."""
    paragraphs: list[str] = []
    removed: list[RemovedBlock] = []
    comments: dict[int, list[str]] = {}
    prev_kind: str | None = None
    for lab in labelled:
        if lab.label == ARTICLE:
            paragraphs.append(lab.block.text)
            prev_kind = None
        elif lab.label == COMMENT:
            comments.setdefault(lab.comment_id or 0, []).append(lab.block.text)
            prev_kind = None
        else:
            kind = "boilerplate" if lab.label == TITLE else lab.label
            if removed and prev_kind == kind:
                removed[-1] = RemovedBlock(kind, removed[-1].text + "\n" + lab.block.text)
            else:
                removed.append(RemovedBlock(kind, lab.block.text))
            prev_kind = kind
    return "\n\n".join(paragraphs), tuple(removed), tuple("\n\n".join(v) for v in comments.values())


class CleanStage(Stage[RawDocument, Document]):
    name: ClassVar[str] = "clean.blocks.v1"

    def process(self, item: RawDocument, ctx: RunContext) -> Document | Drop:
        errors = list(item.errors)
        html_title = html_outlet = html_date = html_url = None
        html_removed: list[RemovedBlock] = []
        html_comments: list[str] = []
        body = item.content
        if item.format == "html":
            h = extract_html(item.content, item.url)
            body, html_title, html_outlet, html_date, html_url = h.text, h.title, h.outlet, h.published, h.url
            html_removed = [RemovedBlock(k, t) for k, t in h.removed]
            html_comments = h.comments
            errors.extend(h.errors)
            ctx.budget.check()
        blocks = split_blocks(body)
        ctx.budget.check()
        labelled = label_blocks(blocks, title_hint=item.title or html_title)
        ctx.budget.check()
        text, removed, comments = assemble(labelled)
        meta = extract_text_metadata(labelled)

        published: str | None = None
        published_from: PublishedFrom | None = None
        if item.published:
            published = normalise_published(item.published)
            if published:
                published_from = "metadata"
            else:
                errors.append(f"published value {item.published[:60]!r} is not a date; looked elsewhere")
        if published is None and html_date:
            published, published_from = normalise_published(html_date), "html"
        if published is None and meta.published:
            published, published_from = meta.published, "text"
        url = item.url or html_url
        outlet = (canonical_outlet(item.outlet) or canonical_outlet(html_outlet) or meta.outlet
                  or (canonical_outlet(domain_of(url)) if url else None) or meta.origin)
        if not text.strip():
            errors.append("[FW201] no article text left after cleaning")
        return Document(
            doc_id=item.doc_id,
            content_hash=item.content_hash,
            source_path=item.source_path,
            format=item.format,
            text=text,
            outlet=outlet,
            origin=meta.origin,
            origin_cue=meta.origin_cue,
            title=item.title or html_title or meta.title,
            url=url,
            published=published,
            published_from=published_from if published else None,
            language=detect_language(text),
            comments=(*comments, *html_comments),
            removed=(*html_removed, *removed),
            errors=tuple(errors),
            extra=item.extra,
            paragraphs=paragraph_offsets(text),
        )
