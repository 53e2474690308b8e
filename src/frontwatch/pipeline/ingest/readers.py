"""Readers: one input source in, raw documents and skipped-input entries out.

Formats: ``.txt`` (plain text), ``.html/.htm``, ``.json`` (an object or an array of objects),
``.jsonl`` (one object per line: ``id, url, outlet, published, title, text|html``; unknown fields are
kept), ``.csv/.tsv`` with a text column, each optionally gzip-compressed (``.gz``), and standard input.
A bad file, line or record never stops the run: it becomes a :class:`~frontwatch.records.Skip`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import math
import os
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from frontwatch.config import Settings
from frontwatch.errors import Code, InputError
from frontwatch.pipeline.ingest.decode import decode_bytes, rejoin_lines, sanitize_text
from frontwatch.pipeline.ingest.sources import Source, display_path, inner_suffix
from frontwatch.records import Format, RawDocument, Skip

KNOWN_FIELDS = ("id", "url", "outlet", "published", "title", "text", "html")
# Other common names for the known fields; the original key is also kept in ``extra``.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("doc_id", "uid", "article_id", "guid"),
    "outlet": ("source", "site", "site_name", "publisher", "domain", "source_name"),
    "published": ("date", "published_at", "publish_date", "pubdate", "date_published", "datetime"),
    "text": ("content", "body", "article", "full_text", "maintext", "article_content"),
    "html": ("raw_html", "page", "html_content"),
    "title": ("headline", "article_title"),
    "url": ("link", "source_url"),
}
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters removed from one-line metadata values (titles, outlets, urls, ids).
_FIELD_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Longest metadata value kept (title, outlet, url, published) and longest record id: longer values
# are cut, with a note. Real headlines and URLs stay far below (browsers cap URLs near 2,000
# characters); a 1 MB "title" is an attack on every page and file that shows it.
MAX_FIELD_CHARS = 2_000
MAX_ID_CHARS = 200
GZIP_MIN_BOMB = 1024 * 1024  # below this many decompressed bytes the expansion ratio is not checked
CHUNK = 1 << 16


def content_hash(content: str, doc_id: str = "") -> str:
    """The store's key for a document: its id and content. Re-reading the same input gives the same
    key (never a second copy); the same text under another id is another document (a syndicated copy
    that the syndication stage groups)."""
    h = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass") + b"\x00")
    h.update(content.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


class _LimitedGzip(io.RawIOBase):
    """A gzip stream that refuses to expand past ``limit`` bytes or ``ratio`` times its input."""

    def __init__(self, path: str, limit: int, ratio: int) -> None:
        self._raw = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._compressed_size = max(os.path.getsize(path), 1)
        self._gz = gzip.GzipFile(fileobj=self._raw)
        self._limit = limit
        self._ratio = ratio
        self._total = 0
        self.path = path

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        try:
            data = self._gz.read(len(b))
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"corrupt gzip data: {exc}", Code.BAD_GZIP) from exc
        n = len(data)
        self._total += n
        if self._total > self._limit:
            raise InputError(f"decompresses to more than {self._limit:,} bytes (the size limit)", Code.TOO_LARGE)
        if self._total > GZIP_MIN_BOMB and self._total > self._ratio * self._compressed_size:
            raise InputError(
                f"gzip bomb: expands more than {self._ratio}x ({self._compressed_size:,} bytes compressed)",
                Code.BAD_GZIP,
            )
        b[:n] = data
        return n

    def close(self) -> None:
        self._gz.close()
        self._raw.close()
        super().close()


def read_source(source: Source, settings: Settings, stdin: IO[bytes] | None = None) -> Iterator[RawDocument | Skip]:
    """Read one source. Never raises for bad input: problems come out as :class:`Skip`."""
    where = display_path(source.path)
    try:
        for item in _read(source, settings, stdin):
            yield _safe_skip(item, where) if isinstance(item, Skip) else item
    except InputError as exc:
        yield _safe_skip(Skip(where, exc.code.value, exc.message, exc.line), where)
    except OSError as exc:
        yield _safe_skip(Skip(where, Code.UNREADABLE.value, f"cannot read: {exc.strerror or exc}"), where)


def _safe_skip(skip: Skip, where: str) -> Skip:
    """A skip entry the store and the UTF-8 outputs accept (its reason may quote input text)."""
    reason = clean_field(skip.reason)
    if skip.path == where and reason == skip.reason:
        return skip
    return Skip(where, skip.code, reason, skip.line)


def clean_field(value: str) -> str:
    """A one-line metadata value safe to store and print: lone UTF-16 surrogates (from JSON ``\\ud800``
    escapes) become U+FFFD and control characters are removed."""
    return _FIELD_CONTROL.sub("", _SURROGATE.sub("\ufffd", value))


def _scrub(obj: Any) -> Any:
    """``obj`` (parsed JSON) with lone surrogates replaced in every key and string value, and ``NaN`` /
    ``Infinity`` (which Python's parser accepts) kept as their JSON spelling in a string, so that what is
    stored and exported is strict JSON."""
    if isinstance(obj, str):
        return _SURROGATE.sub("\ufffd", obj)
    if isinstance(obj, float) and not math.isfinite(obj):
        return json.dumps(obj)
    if isinstance(obj, dict):
        return {_scrub(k): _scrub(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_scrub(v) for v in obj]
    return obj


def parse_json(text: str) -> Any:
    """``json.loads`` whose every failure is an :class:`InputError` (BAD_JSON): malformed JSON, nesting
    deeper than the interpreter's recursion limit, integers with more digits than Python converts."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", Code.BAD_JSON,
                         line=exc.lineno) from exc
    except RecursionError as exc:
        raise InputError("malformed JSON: nested too deeply", Code.BAD_JSON) from exc
    except ValueError as exc:  # e.g. "Exceeds the limit (4300 digits) for integer string conversion"
        raise InputError(f"malformed JSON: {exc}", Code.BAD_JSON) from exc


def _read(source: Source, settings: Settings, stdin: IO[bytes] | None) -> Iterator[RawDocument | Skip]:
    if source.is_stdin:
        stream: IO[bytes] = stdin if stdin is not None else sys.stdin.buffer
        head = stream.read(settings.max_file_bytes + 1)
        if len(head) > settings.max_file_bytes:
            raise InputError(f"standard input is larger than {settings.max_file_bytes:,} bytes; "
                             "write it to a .jsonl file instead", Code.TOO_LARGE)
        suffix = _sniff_suffix(head)
        yield from _read_bytes(head, "stdin", "-", suffix, settings)
        return
    path = source.path
    suffix = inner_suffix(path)
    gz = path.lower().endswith(".gz")
    stem = _stem(path)
    if gz:
        size_limit = max(settings.max_file_bytes, settings.max_record_bytes) * 64
        with _LimitedGzip(path, size_limit, settings.max_decompressed_ratio) as raw_stream:
            stream = io.BufferedReader(raw_stream, CHUNK)
            if suffix not in (".jsonl", ".ndjson", ".csv", ".tsv"):
                data = stream.read(settings.max_file_bytes + 1)
                if len(data) > settings.max_file_bytes:
                    raise InputError(f"decompresses to more than {settings.max_file_bytes:,} bytes (the size limit)",
                                     Code.TOO_LARGE)
                if suffix not in (".txt", ".text", ".html", ".htm", ".xhtml", ".json"):
                    suffix = _sniff_suffix(data)
                yield from _read_bytes(data, stem, path, suffix, settings)
            else:
                yield from _read_records_stream(stream, stem, path, suffix, settings)
        return
    if suffix in (".jsonl", ".ndjson", ".csv", ".tsv"):
        with open(path, "rb") as f:
            yield from _read_records_stream(f, stem, path, suffix, settings)
        return
    size = os.path.getsize(path)
    if size > settings.max_file_bytes:
        raise InputError(f"file is {size:,} bytes, over the {settings.max_file_bytes:,}-byte limit "
                         "(raise it with --max-file-mb)", Code.TOO_LARGE)
    with open(path, "rb") as f:
        data = f.read()
    if suffix not in (".txt", ".text", ".html", ".htm", ".xhtml", ".json"):
        suffix = _sniff_suffix(data)
    yield from _read_bytes(data, stem, path, suffix, settings)


def _stem(path: str) -> str:
    name = Path(path).name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem or name


def _sniff_suffix(data: bytes) -> str:
    head = data.lstrip()[:2048].lstrip(codecs.BOM_UTF8)
    if head.startswith(b"<"):
        return ".html"
    if head.startswith(b"["):
        return ".json"
    if head.startswith(b"{"):
        lines = [ln for ln in data.strip().splitlines() if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith(b"{") for ln in lines[:5]):
            return ".jsonl"
        return ".json"
    return ".txt"


def _read_bytes(data: bytes, stem: str, path: str, suffix: str, settings: Settings) -> Iterator[RawDocument | Skip]:
    if suffix in (".jsonl", ".ndjson", ".csv", ".tsv"):
        yield from _read_records_stream(io.BytesIO(data), stem, path, suffix, settings)
        return
    if suffix == ".json":
        text, _notes = decode_bytes(data)
        obj = parse_json(text)
        if isinstance(obj, dict):
            yield _record(obj, stem, path, None, settings, default_id=stem)
        elif isinstance(obj, list):
            if not obj:
                raise InputError("JSON array is empty", Code.EMPTY)
            for i, item in enumerate(obj, start=1):
                yield _record(item, stem, path, None, settings, default_id=f"{stem}-{i}", index=i)
        else:
            raise InputError(f"JSON must be an object or an array of objects, not {type(obj).__name__}",
                             Code.BAD_RECORD)
        return
    fmt: Format = "html" if suffix in (".html", ".htm", ".xhtml") else "text"
    text, notes = decode_bytes(data, html=fmt == "html")
    if fmt == "text":
        text = rejoin_lines(text)
    doc_id = display_path(stem)
    yield RawDocument(doc_id=doc_id, source_path=display_path(path), content=text, format=fmt,
                      content_hash=content_hash(text, doc_id), errors=tuple(notes))


def _read_records_stream(stream: IO[bytes], stem: str, path: str, suffix: str,
                         settings: Settings) -> Iterator[RawDocument | Skip]:
    if suffix in (".csv", ".tsv"):
        yield from _read_csv(stream, stem, path, "\t" if suffix == ".tsv" else ",", settings)
        return
    line_no = 0
    any_line = False
    limit = settings.max_record_bytes
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            break
        line_no += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:  # drain the rest of the over-long line without keeping it
                rest = stream.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Skip(path, Code.TOO_LARGE.value, f"line is longer than {limit:,} bytes", line_no)
            continue
        if not raw.strip():
            continue
        any_line = True
        try:
            text = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
        except UnicodeDecodeError:
            try:
                text, _ = decode_bytes(raw)
            except InputError as exc:
                yield Skip(path, exc.code.value, exc.message, line_no)
                continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Skip(path, Code.BAD_JSON.value, f"malformed JSON line (column {exc.colno}): {exc.msg}", line_no)
            continue
        except RecursionError:
            yield Skip(path, Code.BAD_JSON.value, "malformed JSON line: nested too deeply", line_no)
            continue
        except ValueError as exc:  # integers with more digits than Python converts
            yield Skip(path, Code.BAD_JSON.value, f"malformed JSON line: {exc}", line_no)
            continue
        yield _record(obj, stem, path, line_no, settings, default_id=f"{stem}-{line_no}")
    if not any_line:
        raise InputError("file has no records (empty)", Code.EMPTY)


def _read_csv(stream: IO[bytes], stem: str, path: str, delimiter: str,
              settings: Settings) -> Iterator[RawDocument | Skip]:
    head = stream.read(CHUNK) if hasattr(stream, "read") else b""
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the chunk's end
            import charset_normalizer

            best = charset_normalizer.from_bytes(head).best()
            encoding = best.encoding if best is not None and best.encoding else "latin-1"
    rest = io.BufferedReader(_Prepend(head, stream), CHUNK)
    text_stream = io.TextIOWrapper(rest, encoding=encoding, errors="replace", newline="")
    csv.field_size_limit(max(settings.max_record_bytes, 131072))
    reader = csv.DictReader(text_stream, delimiter=delimiter)
    try:
        fields = reader.fieldnames
    except csv.Error as exc:
        raise InputError(f"malformed CSV header: {exc}", Code.BAD_CSV) from exc
    if not fields:
        raise InputError("CSV file is empty (no header row)", Code.EMPTY)
    lower = {f.lower().strip(): f for f in fields if f}
    body_names = ("text", *FIELD_ALIASES["text"], "html", *FIELD_ALIASES["html"])
    if not any(n in lower for n in body_names):
        raise InputError(f"CSV has no text column: expected one of text, content, body, html; found "
                         f"{', '.join(fields)}", Code.BAD_CSV)
    any_row = False
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Skip(path, Code.BAD_CSV.value, f"malformed CSV row: {exc}", reader.line_num)
            continue
        any_row = True
        record = {k.lower().strip(): v for k, v in row.items() if k is not None}
        if None in row:
            record["_extra_columns"] = row[None]
        yield _record(record, stem, path, reader.line_num, settings, default_id=f"{stem}-{reader.line_num}")
    if not any_row:
        raise InputError("CSV file has a header but no rows", Code.EMPTY)


class _Prepend(io.RawIOBase):
    """A raw stream that first returns ``head`` and then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(b))
        b[: len(data)] = data
        return len(data)


def _pick(obj: dict[str, Any], name: str) -> Any:
    if name in obj and obj[name] not in (None, ""):
        return obj[name]
    for alias in FIELD_ALIASES.get(name, ()):
        if alias in obj and obj[alias] not in (None, ""):
            return obj[alias]
    return None


def _as_str(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        s = clean_field(str(value)).strip()
        return s or None
    return None


def _capped(obj: dict[str, Any], name: str, limit: int, notes: list[str]) -> str | None:
    value = _as_str(_pick(obj, name))
    if value is not None and len(value) > limit:
        notes.append(f"{name} cut to {limit:,} characters (it had {len(value):,})")
        value = value[:limit].rstrip()
    return value


def record_from_object(obj: Any, stem: str, path: str, line: int | None, settings: Settings, default_id: str,
                       index: int | None = None) -> RawDocument | Skip:
    """One JSON record (``id, url, outlet, published, title, text|html``) as a raw document, or the
    reason it cannot be one. Used by the readers and by the API's POST /api/documents."""
    return _record(obj, stem, path, line, settings, default_id, index)


def _record(obj: Any, stem: str, path: str, line: int | None, settings: Settings, default_id: str,
            index: int | None = None) -> RawDocument | Skip:
    where = f"record {index}" if index is not None else "record"
    if not isinstance(obj, dict):
        return Skip(path, Code.BAD_RECORD.value, f"{where} is a JSON {type(obj).__name__}, not an object", line)
    text_value = _pick(obj, "text")
    html_value = _pick(obj, "html")
    body = text_value if text_value is not None else html_value
    if body is None:
        keys = ", ".join(sorted(str(k) for k in obj)[:12]) or "none"
        return Skip(path, Code.NO_TEXT.value, f"{where} has no text or html field (fields: {keys})", line)
    if not isinstance(body, str):
        return Skip(path, Code.BAD_RECORD.value, f"{where}: text must be a string, not {type(body).__name__}", line)
    if len(body) > settings.max_record_bytes:
        return Skip(path, Code.TOO_LARGE.value, f"{where}: text is longer than {settings.max_record_bytes:,} "
                    "characters", line)
    fmt: Format = "text" if text_value is not None else "html"
    try:
        content, notes = sanitize_text(body, html=fmt == "html")
    except InputError as exc:
        return Skip(path, Code.NO_TEXT.value if exc.code == Code.EMPTY else exc.code.value,
                    f"{where}: {exc.message.replace('file', 'text')}", line)
    if fmt == "text":
        content = rejoin_lines(content)
    doc_id = _capped(obj, "id", MAX_ID_CHARS, notes) or display_path(default_id)
    known = {k for k in KNOWN_FIELDS if k in obj}
    extra = {k: v for k, v in obj.items() if k not in known}
    try:
        extra_json = json.dumps(_scrub(extra), ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        extra_json = "{}"
        notes.append("unknown fields could not be kept (not JSON-serialisable)")
    except RecursionError:
        extra_json = "{}"
        notes.append("unknown fields could not be kept (nested too deeply)")
    return RawDocument(
        doc_id=doc_id,
        source_path=display_path(path),
        content=content,
        format=fmt,
        content_hash=content_hash(content, doc_id),
        outlet=_capped(obj, "outlet", MAX_FIELD_CHARS, notes),
        url=_capped(obj, "url", MAX_FIELD_CHARS, notes),
        published=_capped(obj, "published", MAX_FIELD_CHARS, notes),
        title=_capped(obj, "title", MAX_FIELD_CHARS, notes),
        line=line,
        extra=extra_json,
        errors=tuple(notes),
    )
