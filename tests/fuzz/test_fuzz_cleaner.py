"""Fuzzing the plain-text cleaner: ``split_blocks``, ``label_blocks`` and ``CleanStage`` on generated
pages. Offsets point at the text they name, every block gets exactly one label, and every block of
the page ends up in the article text, the removed blocks or the comments (nothing silently lost)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.clean import CleanStage
from frontwatch.pipeline.clean.blocks import ARTICLE, COMMENT, TITLE, label_blocks, split_blocks
from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import REMOVED_KINDS, Document, RawDocument
from tests.fuzz.invariants import iso_date, storable

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LABELS = {ARTICLE, TITLE, COMMENT, *REMOVED_KINDS}

# Lines a scraped page is made of: reporting, headlines, bylines, furniture, appeals, comment widgets.
_LINES = st.sampled_from([
    "Government troops retook the town of Kalma on Tuesday after two days of fighting, officials said.",
    "At least 12 people were killed and dozens wounded in the shelling, residents told reporters.",
    "Army retakes Kalma", "ARMY RETAKES KALMA", "By John Smith", "March 12, 2024", "Home | World | Africa",
    "Share this article", "Donate now to support independent journalism!", "Disclaimer: views are the author's.",
    "Photo: soldiers at a checkpoint (Reuters)", "Related: Fighting in the north", "3 comments on this story",
    "Leave a reply", "Amina", "I do not believe the army.", "Reply", "Copyright 2024 Test Wire. All rights reserved.",
    "About us", "###", "- Kalma", "1. The first point,", "The villages affected were:", "Kalma, Dorma, Tanf and Homs",
    "This article first appeared on Levant Dispatch.", "Subscribe to our newsletter", "$1,200", "@handle",
    "قال مسؤول عسكري إن ١٢ شخصا قتلوا.", "🔥🔥 BREAKING 🔥🔥", "", " ", "\t",
])
_PAGE = st.lists(st.one_of(_LINES, st.text(max_size=80)), max_size=40).flatmap(
    lambda lines: st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n", "\n \n"]), min_size=len(lines),
                           max_size=len(lines)).map(lambda seps: "".join(line + sep for line, sep in zip(lines, seps,
                                                                                                     strict=True))))


@FUZZ
@given(_PAGE)
def test_fuzz_cleaner_split_blocks_offsets_point_at_each_line(text: str) -> None:
    blocks = split_blocks(text)
    assert len(blocks) == sum(1 for line in text.split("\n") if line.strip())
    end = 0
    for i, b in enumerate(blocks):
        assert b.text and b.text == b.text.strip() and "\n" not in b.text
        assert text[b.start:b.end] == b.text
        assert b.start >= end, "blocks overlap or go backwards"
        assert b.gap >= 0 and (i > 0 or b.gap == 0)
        end = b.end


@FUZZ
@given(_PAGE, st.one_of(st.none(), _LINES))
def test_fuzz_cleaner_label_blocks_gives_one_label_per_block(text: str, title: str | None) -> None:
    blocks = split_blocks(text)
    labelled = label_blocks(blocks, title_hint=title)
    assert [lab.block for lab in labelled] == blocks
    for lab in labelled:
        assert lab.label in LABELS, lab
        assert (lab.comment_id is not None) == (lab.label == COMMENT), lab


@FUZZ
@given(_PAGE, st.sampled_from(["text", "html"]))
def test_fuzz_cleaner_clean_stage_keeps_every_block_somewhere(page: str, fmt: str) -> None:
    content = page if fmt == "text" else "<html><body>" + "".join(
        f"<p>{line}</p>" for line in page.split("\n")) + "</body></html>"
    raw = RawDocument(doc_id="f", source_path="f", content=content, format=fmt,  # type: ignore[arg-type]
                      content_hash=content_hash(content, "f"))
    doc = CleanStage().process(raw, RunContext())
    assert isinstance(doc, Document)
    for value in (doc.text, doc.title, doc.outlet, doc.origin, *doc.comments, *doc.errors):
        storable(value, "cleaned field")
    iso_date(doc.published)
    assert doc.language is None or 2 <= len(doc.language) <= 3
    for start, end in doc.paragraphs:
        assert 0 <= start < end <= len(doc.text) and doc.text[start:end].strip()
    assert all(r.kind in REMOVED_KINDS for r in doc.removed)
    if fmt == "text":
        kept = [doc.text, *doc.comments, *(r.text for r in doc.removed)]
        for block in split_blocks(page):
            assert any(block.text in part for part in kept), f"block lost: {block.text!r}"
