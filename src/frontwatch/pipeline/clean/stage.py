"""The cleaning stage: RawDocument -> Document (clean text, removed blocks, comments, metadata)."""

from __future__ import annotations

import re
from typing import ClassVar

from frontwatch.pipeline.base import RunContext, Stage
from frontwatch.records import Document, Drop, RawDocument


def paragraph_offsets(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each paragraph (blocks separated by blank lines) in ``text``."""
    return tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text) if m.group().strip())


class CleanStage(Stage[RawDocument, Document]):
    name: ClassVar[str] = "clean.v0"

    def process(self, item: RawDocument, ctx: RunContext) -> Document | Drop:
        text = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", item.content) if p.strip())
        return Document(
            doc_id=item.doc_id,
            content_hash=item.content_hash,
            source_path=item.source_path,
            format=item.format,
            text=text,
            outlet=item.outlet,
            title=item.title,
            url=item.url,
            published=item.published,
            published_from="metadata" if item.published else None,
            errors=item.errors,
            extra=item.extra,
            paragraphs=paragraph_offsets(text),
        )
