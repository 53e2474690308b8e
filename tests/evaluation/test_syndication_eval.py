"""Reuters-21578 natural exact duplicates (read in place from ../shared/data): recall floor."""

from __future__ import annotations

from frontwatch.evaluation.syndication import reuters
from tests.conftest import SHARED_DATA, needs_data


@needs_data("reuters21578")
def test_reuters_exact_duplicate_recall() -> None:
    r = reuters(SHARED_DATA / "reuters21578" / "reuters21578.jsonl.xz")
    assert r["recall"] >= 0.99
    assert r["index_bytes_per_document"] <= 1024
