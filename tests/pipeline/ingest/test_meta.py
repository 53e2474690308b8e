from __future__ import annotations

from pathlib import Path

import pytest

from frontwatch.errors import InputError
from frontwatch.pipeline.ingest import apply_meta, content_hash, load_meta
from frontwatch.records import RawDocument


def raw(doc_id: str, **kw: str) -> RawDocument:
    return RawDocument(doc_id=doc_id, source_path="x", content="text", format="text", content_hash=content_hash("t"),
                       **kw)  # type: ignore[arg-type]


def test_meta_csv_fills_missing_fields_only(tmp_path: Path) -> None:
    p = tmp_path / "meta.csv"
    p.write_text("doc_id,outlet,published,url,title\nd1,Wire,2024-03-12,https://e.org/a,Headline\n")
    meta = load_meta(p)
    filled = apply_meta(raw("d1", outlet="Own outlet"), meta)
    assert filled.outlet == "Own outlet"  # the input's own value wins
    assert filled.published == "2024-03-12" and filled.title == "Headline"
    assert apply_meta(raw("other"), meta).published is None


def test_meta_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "meta.jsonl"
    p.write_text('{"doc_id": "d1", "published": "2017-06-11"}\n')
    assert apply_meta(raw("d1"), load_meta(p)).published == "2017-06-11"


@pytest.mark.parametrize(("name", "body"), [("m.csv", "id,outlet\n1,x\n"), ("m.jsonl", '{"doc_id": "a"}\n{oops\n')])
def test_meta_errors_name_the_problem(tmp_path: Path, name: str, body: str) -> None:
    p = tmp_path / name
    p.write_text(body)
    with pytest.raises(InputError) as exc:
        load_meta(p)
    assert "FW111" in str(exc.value)
