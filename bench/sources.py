"""Readers of the public data sets the benchmark corpora are built from, read in place.

* Reuters-21578 (``reuters21578/reuters21578.jsonl.xz``): 19 k newswire bodies, 1987 economics.
* FA-KES (``fa-kes/fakes.csv.gz``, latin-1): 804 Syrian-war articles from 15 outlets.
* TR-News, GeoWebNews, LGL, GeoVirus (``geoparsing/*.xml.xz``): news articles with toponyms.

A bad record is skipped and counted (logged once per file), never fatal; a missing file yields nothing
and is reported by :func:`available`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import lzma
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

REUTERS = "reuters21578/reuters21578.jsonl.xz"
FAKES = "fa-kes/fakes.csv.gz"
GEOPARSING: dict[str, str] = {
    "tr-news": "geoparsing/TR-News.xml.xz",
    "geowebnews": "geoparsing/GWN.xml.xz",
    "lgl": "geoparsing/lgl.xml.xz",
    "geovirus": "geoparsing/GeoVirus.xml.xz",
}
# Texts shorter than this many words are not useful benchmark documents (empty bodies, stubs).
MIN_WORDS = 20


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One article from a public data set: what a scraper would hand to ``frontwatch analyze``."""

    doc_id: str
    dataset: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date

    @property
    def words(self) -> int:
        return len(self.text.split())

    def as_record(self) -> dict[str, str]:
        """The JSON-lines record ``frontwatch analyze`` reads (id, title, outlet, published, text)."""
        rec = {"id": self.doc_id, "text": self.text}
        for key, value in (("title", self.title), ("outlet", self.outlet), ("published", self.published)):
            if value:
                rec[key] = value
        return rec


@dataclass
class ReadCounts:
    read: int = 0
    skipped: int = 0


def available(data_dir: Path) -> dict[str, bool]:
    """Which data sets are present under ``data_dir``."""
    paths = {"reuters": REUTERS, "fakes": FAKES, **GEOPARSING}
    return {name: (data_dir / rel).is_file() for name, rel in paths.items()}


def _iso(value: str, formats: tuple[str, ...]) -> str | None:
    for fmt in formats:
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def read_reuters(data_dir: Path, counts: ReadCounts | None = None) -> Iterator[SourceDoc]:
    """Reuters-21578 stories with a body of at least ``MIN_WORDS`` words."""
    counts = counts if counts is not None else ReadCounts()
    path = data_dir / REUTERS
    if not path.is_file():
        return
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            try:
                rec = json.loads(line)
                body = str(rec.get("body") or "")
                newid = int(rec["newid"])
            except (ValueError, KeyError, TypeError) as exc:
                counts.skipped += 1
                log.debug("%s:%d skipped: %s", path, n, exc)
                continue
            if len(body.split()) < MIN_WORDS:
                continue
            date = str(rec.get("date") or "").split(" ")[0]
            counts.read += 1
            yield SourceDoc(f"reuters-{newid}", "reuters", body, title=str(rec.get("title") or "") or None,
                            outlet="Reuters", published=_iso(date, ("%d-%b-%Y",)))


def read_fakes(data_dir: Path, counts: ReadCounts | None = None) -> Iterator[SourceDoc]:
    """FA-KES articles (latin-1 CSV, as the data set's own loader reads it)."""
    counts = counts if counts is not None else ReadCounts()
    path = data_dir / FAKES
    if not path.is_file():
        return
    with gzip.open(path, "rb") as raw, io.TextIOWrapper(raw, encoding="latin-1", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            text = (row.get("article_content") or "").strip()
            uid = (row.get("unit_id") or "").strip()
            if not uid or len(text.split()) < MIN_WORDS:
                counts.skipped += 1
                log.debug("%s:%d skipped: no id or text", path, n)
                continue
            counts.read += 1
            yield SourceDoc(f"fakes-{uid}", "fakes", text, title=(row.get("article_title") or "").strip() or None,
                            outlet=(row.get("source") or "").strip() or None,
                            published=_iso(row.get("date") or "", ("%m/%d/%y", "%m/%d/%Y")))


def read_geoparsing(data_dir: Path, name: str, counts: ReadCounts | None = None) -> Iterator[SourceDoc]:
    """Articles of one geoparsing corpus (``tr-news``, ``geowebnews``, ``lgl``, ``geovirus``)."""
    counts = counts if counts is not None else ReadCounts()
    path = data_dir / GEOPARSING[name]
    if not path.is_file():
        return
    try:
        with lzma.open(path) as fh:
            root = ET.parse(fh).getroot()
    except (OSError, lzma.LZMAError, ET.ParseError) as exc:
        log.warning("cannot read %s: %s", path, exc)
        return
    for n, art in enumerate(root.iter("article")):
        text = (art.findtext("text") or "").strip()
        if len(text.split()) < MIN_WORDS:
            counts.skipped += 1
            continue
        doc_id = art.get("docid") or art.get("file") or str(n)
        dl = (art.findtext("dltime") or "").strip()[:10]
        counts.read += 1
        yield SourceDoc(f"{name}-{doc_id}", name, text, title=(art.findtext("title") or "").strip() or None,
                        outlet=(art.findtext("domain") or "").strip() or None,
                        published=_iso(dl, ("%Y-%m-%d",)) if dl else None)


def read_conflict(data_dir: Path) -> list[SourceDoc]:
    """The conflict- and world-news articles: FA-KES, then TR-News, GeoWebNews, LGL, GeoVirus."""
    docs = list(read_fakes(data_dir))
    for name in GEOPARSING:
        docs.extend(read_geoparsing(data_dir, name))
    return docs
