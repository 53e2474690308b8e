"""Expand the command line's INPUT arguments into input sources: files, directories (recursive),
globs and ``-`` for standard input. Missing paths become skipped-input entries, never exceptions."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from frontwatch.errors import Code
from frontwatch.records import Skip

# File name endings frontwatch reads (a ``.gz`` ending is stripped first).
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl",
                                                ".ndjson", ".csv", ".tsv"})
STDIN = "-"
_SURROGATE = re.compile("[\ud800-\udfff]")


def display_path(path: str) -> str:
    """A path as storable, printable text. File names that are not UTF-8 reach Python with their bad
    bytes as lone surrogates (``surrogateescape``), which SQLite and UTF-8 output files refuse: they are
    shown as ``\\xNN`` escapes. The same file always gives the same text (stable doc_ids)."""
    if not _SURROGATE.search(path):
        return path
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes
        return _SURROGATE.sub("\ufffd", path)


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path, or standard input (``path == '-'``)."""

    path: str
    explicit: bool  # named on the command line (not found by walking a directory)

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN


def inner_suffix(path: str) -> str:
    """The format suffix of a path, looking through a ``.gz`` ending: ``a.jsonl.gz`` -> ``.jsonl``."""
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def expand_inputs(inputs: list[str]) -> Iterator[Source | Skip]:
    """Yield sources in a stable order; directories are walked recursively (sorted, hidden files
    and folders skipped); globs are expanded; a path that does not exist yields a :class:`Skip`."""
    seen: set[str] = set()
    for arg in inputs:
        if arg == STDIN:
            yield Source(STDIN, explicit=True)
            continue
        if glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield Skip(display_path(arg), Code.NOT_FOUND.value, "glob pattern matched no file")
            for m in matches:
                yield from _expand_path(m, seen, explicit=True)
            continue
        yield from _expand_path(arg, seen, explicit=True)


def _expand_path(arg: str, seen: set[str], explicit: bool) -> Iterator[Source | Skip]:
    path = Path(arg)
    if not path.exists() and not path.is_symlink():
        yield Skip(display_path(arg), Code.NOT_FOUND.value, "no such file or directory")
        return
    if path.is_dir():
        for root, dirs, files in os.walk(path, onerror=None):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                yield from _one_file(os.path.join(root, name), seen, explicit=False)
        return
    yield from _one_file(arg, seen, explicit=explicit)


def _one_file(path: str, seen: set[str], explicit: bool) -> Iterator[Source | Skip]:
    key = os.path.realpath(path)
    if key in seen:
        return
    seen.add(key)
    if not os.path.isfile(path):
        yield Skip(display_path(path), Code.UNREADABLE.value, "not a regular file (or a broken link)")
        return
    if not explicit and inner_suffix(path) not in SUPPORTED_SUFFIXES:
        yield Skip(display_path(path), Code.UNSUPPORTED.value,
                   f"unsupported file type {display_path(inner_suffix(path)) or '(no suffix)'!r}; "
                   "frontwatch reads .txt .html .htm .json .jsonl .csv .tsv and their .gz")
        return
    yield Source(path, explicit=explicit)
