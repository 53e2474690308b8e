from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from frontwatch.config import Settings
from frontwatch.errors import Code
from frontwatch.pipeline.ingest import Source, expand_inputs, read_source
from frontwatch.records import RawDocument, Skip

ARTICLE = "Government forces retook the town of Kalma on Tuesday after two days of fighting, officials said."


def read(path: Path, settings: Settings | None = None) -> tuple[list[RawDocument], list[Skip]]:
    out = list(read_source(Source(str(path), True), settings or Settings()))
    return [d for d in out if isinstance(d, RawDocument)], [s for s in out if isinstance(s, Skip)]


def test_read_txt_doc_id_is_stem(tmp_path: Path) -> None:
    p = tmp_path / "kalma_report.txt"
    p.write_text(ARTICLE)
    docs, skips = read(p)
    assert [d.doc_id for d in docs] == ["kalma_report"] and not skips
    assert docs[0].format == "text" and docs[0].content == ARTICLE


def test_read_html(tmp_path: Path) -> None:
    p = tmp_path / "page.htm"
    p.write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    docs, _ = read(p)
    assert docs[0].format == "html" and docs[0].doc_id == "page"


def test_read_json_object_and_array(tmp_path: Path) -> None:
    obj = tmp_path / "one.json"
    obj.write_text(json.dumps({"title": "T", "text": ARTICLE, "outlet": "Wire"}))
    arr = tmp_path / "many.json"
    arr.write_text(json.dumps([{"id": "a1", "text": ARTICLE}, {"text": ARTICLE + " More."}]))
    docs, _ = read(obj)
    assert docs[0].doc_id == "one" and docs[0].outlet == "Wire" and docs[0].title == "T"
    docs, _ = read(arr)
    assert [d.doc_id for d in docs] == ["a1", "many-2"]


def test_read_jsonl_fields_unknown_kept_and_bad_lines_reported(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "x1", "url": "https://example.org/a", "outlet": "Wire", "published": "2024-03-12",
                    "title": "Clash", "text": ARTICLE, "section": "Africa"}),
        "{not json",
        json.dumps({"id": "x2", "html": f"<p>{ARTICLE}</p>"}),
        json.dumps({"id": "x3", "title": "no body"}),
        json.dumps(["a", "list"]),
        "",
    ]
    p.write_text("\n".join(lines))
    docs, skips = read(p)
    assert [d.doc_id for d in docs] == ["x1", "x2"]
    assert json.loads(docs[0].extra) == {"section": "Africa"}
    assert docs[1].format == "html"
    by_line = {s.line: s for s in skips}
    assert by_line[2].code == Code.BAD_JSON.value
    assert by_line[4].code == Code.NO_TEXT.value and "title" in by_line[4].reason
    assert by_line[5].code == Code.BAD_RECORD.value


def test_read_jsonl_overlong_line_is_skipped_rest_kept(tmp_path: Path) -> None:
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"id": "huge", "text": "x" * 5000}) + "\n" + json.dumps({"id": "ok", "text": ARTICLE}))
    docs, skips = read(p, Settings(max_record_bytes=1000))
    assert [d.doc_id for d in docs] == ["ok"]
    assert skips[0].code == Code.TOO_LARGE.value and skips[0].line == 1


def test_read_csv_with_text_column(tmp_path: Path) -> None:
    p = tmp_path / "rows.csv"
    p.write_text("id,outlet,date,content\nr1,Wire,2024-01-02,\"" + ARTICLE + "\"\nr2,Wire,,\n")
    docs, skips = read(p)
    assert [d.doc_id for d in docs] == ["r1"] and docs[0].published == "2024-01-02"
    assert skips[0].code == Code.NO_TEXT.value and skips[0].line == 3


def test_read_csv_without_text_column_is_one_clear_skip(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text("id,title\n1,x\n")
    docs, skips = read(p)
    assert not docs and skips[0].code == Code.BAD_CSV.value and "no text column" in skips[0].reason


@pytest.mark.parametrize("inner", ["a.txt", "a.jsonl", "a.html"])
def test_read_gzip(tmp_path: Path, inner: str) -> None:
    body = json.dumps({"id": "g1", "text": ARTICLE}) if inner.endswith("jsonl") else ARTICLE
    p = tmp_path / (inner + ".gz")
    p.write_bytes(gzip.compress(body.encode()))
    docs, skips = read(p)
    assert len(docs) == 1 and not skips


def test_read_gzip_bomb_refused(tmp_path: Path) -> None:
    p = tmp_path / "bomb.txt.gz"
    p.write_bytes(gzip.compress(b"A" * (30 * 1024 * 1024)))
    docs, skips = read(p)
    assert not docs and skips[0].code in (Code.BAD_GZIP.value, Code.TOO_LARGE.value)


def test_read_corrupt_gzip(tmp_path: Path) -> None:
    p = tmp_path / "broken.txt.gz"
    p.write_bytes(gzip.compress(ARTICLE.encode())[:20])
    docs, skips = read(p)
    assert not docs and skips[0].code == Code.BAD_GZIP.value


def test_file_over_size_limit_skipped(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(ARTICLE * 100)
    docs, skips = read(p, Settings(max_file_bytes=500))
    assert not docs and skips[0].code == Code.TOO_LARGE.value


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", Code.EMPTY), (b"\x7fELF\x02\x01", Code.BINARY)],
)
def test_bad_files_become_skips(tmp_path: Path, content: bytes, code: Code) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    docs, skips = read(p)
    assert not docs and skips[0].code == code.value and skips[0].path == str(p)


def test_stdin_sniffs_jsonl() -> None:
    data = (json.dumps({"id": "s1", "text": ARTICLE}) + "\n" + json.dumps({"id": "s2", "text": ARTICLE + "!"})).encode()
    out = list(read_source(Source("-", True), Settings(), stdin=io.BytesIO(data)))
    assert [d.doc_id for d in out if isinstance(d, RawDocument)] == ["s1", "s2"]


def test_stdin_plain_text_doc_id() -> None:
    out = list(read_source(Source("-", True), Settings(), stdin=io.BytesIO(ARTICLE.encode())))
    assert isinstance(out[0], RawDocument) and out[0].doc_id == "stdin"


def test_expand_inputs_dirs_globs_missing(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "sub" / "b.html").write_text("<p>x</p>")
    (tmp_path / "sub" / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.txt").write_text("x")
    items = list(expand_inputs([str(tmp_path), str(tmp_path / "*.txt"), str(tmp_path / "missing.txt")]))
    sources = [i.path for i in items if isinstance(i, Source)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert sorted(Path(s).name for s in sources) == ["a.txt", "b.html"]
    assert {s.code for s in skips} == {Code.UNSUPPORTED.value, Code.NOT_FOUND.value}
