"""A realistic synthetic report payload for tests, development and load checks.

Invented events at real places (town coordinates), reported by invented outlets whose articles are
generated with correct sentence offsets, syndicated copies (one family per copied text), framing
labels per outlet, removed blocks and reader comments. Deterministic for a given seed.

``python -m frontwatch.report.synthetic OUT.html [--events N] [--seed S]`` writes a report from it.
"""

from __future__ import annotations

import argparse
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from frontwatch import __version__
from frontwatch.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    admin1: str
    country: str  # ISO 3166 alpha-3
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    stance: str  # "government" | "opposition" | "neutral": which labels it uses for the actors
    url: str


@dataclass(frozen=True, slots=True)
class Conflict:
    country: str
    state: str  # ACLED-style actor names
    rebels: str
    civilians: str


SITES: tuple[Site, ...] = (
    Site("Mopti", "Mopti", "MLI", 14.4843, -4.1830),
    Site("Gao", "Gao", "MLI", 16.2717, -0.0447),
    Site("Timbuktu", "Tombouctou", "MLI", 16.7735, -3.0074),
    Site("Menaka", "Menaka", "MLI", 15.9182, 2.4022),
    Site("Djibo", "Sahel", "BFA", 14.1022, -1.6306),
    Site("Ouahigouya", "Nord", "BFA", 13.5828, -2.4216),
    Site("Kaya", "Centre-Nord", "BFA", 13.0917, -1.0844),
    Site("Tillaberi", "Tillaberi", "NER", 14.2117, 1.4531),
    Site("El Fasher", "North Darfur", "SDN", 13.6279, 25.3494),
    Site("Nyala", "South Darfur", "SDN", 12.0489, 24.8807),
    Site("Omdurman", "Khartoum", "SDN", 15.6445, 32.4777),
    Site("Idlib", "Idlib", "SYR", 35.9306, 36.6339),
    Site("Deir ez-Zor", "Deir-ez-Zor", "SYR", 35.3359, 40.1408),
    Site("Kupiansk", "Kharkiv", "UKR", 49.7106, 37.6156),
)
CONFLICTS = {
    "MLI": Conflict("MLI", "Military Forces of Mali (2021-)", "JNIM: Group for Support of Islam and Muslims",
                    "Civilians (Mali)"),
    "BFA": Conflict("BFA", "Military Forces of Burkina Faso (2022-)", "JNIM: Group for Support of Islam and Muslims",
                    "Civilians (Burkina Faso)"),
    "NER": Conflict("NER", "Military Forces of Niger (2023-)", "Islamic State (Sahel)", "Civilians (Niger)"),
    "SDN": Conflict("SDN", "Military Forces of Sudan (2019-)", "RSF: Rapid Support Forces", "Civilians (Sudan)"),
    "SYR": Conflict("SYR", "Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham", "Civilians (Syria)"),
    "UKR": Conflict("UKR", "Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)",
                    "Civilians (Ukraine)"),
}
OUTLETS: tuple[Outlet, ...] = (
    Outlet("Continental Wire", "neutral", "https://continental-wire.example/news/"),
    Outlet("Northern Courier", "neutral", "https://northern-courier.example/"),
    Outlet("National Press Agency", "government", "https://npa.example.gov/"),
    Outlet("Frontline Truth", "government", "https://frontline-truth.example/"),
    Outlet("Voice of the Free", "opposition", "https://voice-free.example/"),
    Outlet("Relief Monitor", "neutral", "https://relief-monitor.example/updates/"),
)
# (event_type, sub_event_type, relative frequency), ACLED vocabulary
EVENT_TYPES: tuple[tuple[str, str, int], ...] = (
    ("Battles", "Armed clash", 30),
    ("Battles", "Government regains territory", 6),
    ("Explosions/Remote violence", "Air/drone strike", 12),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 10),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 6),
    ("Violence against civilians", "Attack", 12),
    ("Violence against civilians", "Abduction/forced disappearance", 4),
    ("Protests", "Peaceful protest", 6),
    ("Riots", "Violent demonstration", 3),
    ("Strategic developments", "Looting/property destruction", 4),
    ("Strategic developments", "Agreement", 2),
)
VERBS = {
    "Battles": "clashed with",
    "Explosions/Remote violence": "struck positions of",
    "Violence against civilians": "attacked",
    "Protests": "protested against",
    "Riots": "rioted against",
    "Strategic developments": "reached a local arrangement with",
}
# Labels per stance for the non-state side (stance of the label: negative / neutral / positive).
REBEL_LABELS = {
    "government": (("terrorists", "negative"), ("criminal gangs", "negative")),
    "neutral": (("militants", "neutral"), ("armed group", "neutral")),
    "opposition": (("fighters", "neutral"), ("resistance", "positive")),
}
STATE_LABELS = {
    "government": (("heroic army", "positive"), ("armed forces", "neutral")),
    "neutral": (("the army", "neutral"), ("government forces", "neutral")),
    "opposition": (("the junta's forces", "negative"), ("regime militias", "negative")),
}
LOADED = {
    "government": (("liberated", "glorifying"), ("cowardly attack", "demonising")),
    "neutral": (),
    "opposition": (("massacre", "atrocity"), ("occupation forces", "demonising")),
}
FILLER = (
    "Residents described hearing gunfire for several hours.",
    "Communication networks in the area were cut for most of the day.",
    "Local officials said humanitarian access remained limited.",
    "The area has seen repeated attacks since the start of the year.",
    "Displaced families were reported moving towards the regional capital.",
    "An independent verification of the figures was not possible.",
)
REMOVED = (
    ("navigation", "Home | World | Africa | Middle East | Contact us"),
    ("donation", "Support independent journalism: donate today and keep our reporters in the field."),
    ("disclaimer", "The views expressed in this article do not necessarily reflect those of the editors."),
    ("related", "Related: Five things to know about the crisis"),
)
ATTRIBUTIONS = ("witnesses said", "a local official said", "sources reported", "the ministry said")
COMMENTS = (
    "This is propaganda, the real numbers are much higher.",
    "Thank you for reporting what others ignore.",
    "Where is the international community?",
)
START = date(2024, 3, 1)
SPAN_DAYS = 75  # the invented events fall within this many days from START


@dataclass
class _Builder:
    rng: random.Random
    documents: list[dict[str, Any]]
    places: list[dict[str, Any]]
    framing: dict[str, dict[str, Any]]
    groups: dict[str, dict[str, Any]]  # syndication families by group id (insertion = discovery order)

    def new_doc(self, outlet: Outlet, day: date, site: Site, sentence: str, title: str) -> tuple[dict[str, Any], int]:
        """A generated article containing ``sentence``; returns it and the sentence's offset."""
        lead = f"{site.name.upper()}, {day.strftime('%B')} {day.day} ({outlet.name}) - "
        body_sents = self.rng.sample(FILLER, 3)
        text = lead + sentence + " " + body_sents[0] + "\n\n" + body_sents[1] + " " + body_sents[2]
        doc_id = f"doc-{len(self.documents) + 1:05d}"
        removed = [{"kind": k, "text": t} for k, t in self.rng.sample(REMOVED, self.rng.randint(0, 2))]
        comments = list(self.rng.sample(COMMENTS, self.rng.randint(0, 2)))
        doc = {
            "doc_id": doc_id, "outlet": outlet.name, "origin": outlet.name, "title": title,
            "url": f"{outlet.url}{doc_id}", "published": (day + timedelta(days=self.rng.randint(0, 2))).isoformat(),
            "language": "en", "text": text, "comments": comments, "removed": removed,
            "syndication_group": doc_id, "near_duplicates": [], "errors": [],
        }
        self.documents.append(doc)
        at = text.index(site.name, len(lead))
        self.places.append({"doc_id": doc_id, "text": site.name, "start": at, "end": at + len(site.name),
                            "geonameid": None, "name": site.name, "latitude": site.latitude,
                            "longitude": site.longitude, "country": site.country, "feature_code": "PPL",
                            "confidence": 0.9})
        return doc, len(lead)

    def copy_doc(self, original: dict[str, Any], outlet: Outlet) -> dict[str, Any]:
        """A syndicated copy of ``original`` published by ``outlet`` (same text, one family)."""
        doc_id = f"doc-{len(self.documents) + 1:05d}"
        doc = {**original, "doc_id": doc_id, "outlet": outlet.name, "origin": original["outlet"],
               "url": f"{outlet.url}{doc_id}", "removed": [], "comments": []}
        group = original["syndication_group"]
        doc["syndication_group"] = group
        original_sim = round(self.rng.uniform(0.9, 1.0), 3)
        doc["near_duplicates"] = [{"doc_id": original["doc_id"], "similarity": original_sim}]
        self.documents.append(doc)
        family = self.groups.get(group)
        if family is None:
            family = {"group": group, "members": [original["doc_id"]], "origin": original["outlet"], "lineage": []}
            self.groups[group] = family
        family["members"].append(doc_id)
        family["lineage"].append({"doc_id": doc_id, "copy_of": original["doc_id"],
                                  "reason": f"shared text, similarity {original_sim}"})
        return doc

    def label(self, outlet: Outlet, actor: str, is_state: bool, doc_id: str, sentence: str, start: int) -> None:
        table = STATE_LABELS if is_state else REBEL_LABELS
        label, stance = self.rng.choice(table[outlet.stance])
        entry = self.framing.setdefault(outlet.name, {"documents": 0, "actors": {}, "loaded_terms": [],
                                                      "loaded_per_1000_words": 0.0})
        actor_entry = entry["actors"].setdefault(actor, {"labels": [], "mentions": 0})
        actor_entry["mentions"] += 1
        found = next((x for x in actor_entry["labels"] if x["label"] == label), None)
        if found is None:
            found = {"label": label, "stance": stance, "count": 0, "examples": []}
            actor_entry["labels"].append(found)
        found["count"] += 1
        if len(found["examples"]) < 3:
            found["examples"].append({"doc_id": doc_id, "sentence": sentence, "start": start,
                                      "end": start + len(sentence)})
        for term, category in LOADED[outlet.stance]:
            if self.rng.random() < 0.3:
                t = next((x for x in entry["loaded_terms"] if x["term"] == term), None)
                if t is None:
                    t = {"term": term, "category": category, "count": 0, "examples": []}
                    entry["loaded_terms"].append(t)
                t["count"] += 1
                if len(t["examples"]) < 3:
                    t["examples"].append({"doc_id": doc_id, "sentence": sentence, "start": start,
                                          "end": start + len(sentence)})


def _event_type(rng: random.Random) -> tuple[str, str]:
    kind = rng.choices(EVENT_TYPES, weights=[w for _, _, w in EVENT_TYPES])[0]
    return kind[0], kind[1]


def _fatalities(rng: random.Random, event_type: str) -> int | None:
    if event_type in ("Protests", "Strategic developments"):
        return 0
    if rng.random() < 0.15:
        return None
    return int(rng.paretovariate(1.3)) * rng.choice((1, 1, 2, 3, 5))


def synthetic_payload(n_events: int = 40, *, seed: int = 7, tile_url: str | None = None) -> dict[str, Any]:
    """A payload with ``n_events`` invented events (see the module docstring)."""
    rng = random.Random(seed)
    b = _Builder(rng, [], [], {}, {})
    events: list[dict[str, Any]] = []
    for i in range(n_events):
        site = rng.choice(SITES)
        conflict = CONFLICTS[site.country]
        day = START + timedelta(days=rng.randrange(SPAN_DAYS))
        event_type, sub_type = _event_type(rng)
        target = conflict.civilians if event_type == "Violence against civilians" else conflict.state
        actor1 = conflict.rebels if event_type != "Protests" else f"Protesters ({site.country})"
        fatal = _fatalities(rng, event_type)
        n_reports = rng.choices((1, 2, 3, 4), weights=(4, 4, 2, 1))[0]
        outlets = rng.sample(OUTLETS, n_reports)
        sources: list[dict[str, Any]] = []
        reported: dict[int | None, list[str]] = {}
        families: set[str] = set()
        copies: list[str] = []
        original: dict[str, Any] | None = None
        for k, outlet in enumerate(outlets):
            count = fatal
            if fatal and k and rng.random() < 0.3:
                count = max(0, fatal + rng.choice((-3, -1, 2, 4, 10)))
            if original is not None and rng.random() < 0.3:
                doc = b.copy_doc(original, outlet)
                copies.append(f"{outlet.name} republished {original['outlet']}")
                src = next(s for s in sources if s["doc_id"] == original["doc_id"])
                offset, sentence = src["start"], src["sentence"]
                reported_count = next((v for v, ids in reported.items() if original["doc_id"] in ids), count)
            else:
                killed = f", killing {count} people" if count else ""
                sentence = (f"{actor1.split(':')[0]} {VERBS[event_type]} {target.split(' (')[0]} near {site.name} on "
                            f"{day.strftime('%A')}{killed}, {rng.choice(ATTRIBUTIONS)}.")
                title = f"{sub_type} reported near {site.name}"
                doc, offset = b.new_doc(outlet, day, site, sentence, title)
                original = original or doc
                reported_count = count
            families.add(doc["syndication_group"])
            reported.setdefault(reported_count, []).append(doc["doc_id"])
            sources.append({"doc_id": doc["doc_id"], "outlet": outlet.name, "sentence": sentence, "start": offset,
                            "end": offset + len(sentence)})
            b.label(outlet, actor1, False, doc["doc_id"], sentence, offset)
            b.label(outlet, conflict.state, True, doc["doc_id"], sentence, offset)
        counts = [c for c in reported if c is not None]
        contradictions = []
        if len(counts) > 1:
            contradictions.append({"field": "fatalities", "values": [{"value": c, "doc_ids": reported[c]} for c in
                                                                     sorted(counts)]})
        independent = len(families)
        corroboration = f"{n_reports} report{'s' if n_reports > 1 else ''}, {independent} independent"
        if copies:
            corroboration += ": " + "; ".join(copies)
        geo_precision = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        jitter = 0.0 if geo_precision == 1 else rng.uniform(-0.05, 0.05)
        has_coords = rng.random() > 0.03
        events.append({
            "event_id": f"SYN{i + 1:05d}",
            "event_date": day.isoformat() if rng.random() > 0.03 else None,
            "time_precision": rng.choices((1, 2, 3), weights=(7, 2, 1))[0],
            "event_type": event_type, "sub_event_type": sub_type,
            "actor1": actor1, "assoc_actor_1": None, "actor2": target, "assoc_actor_2": None,
            "inter1": 2, "inter2": 7 if target == conflict.civilians else 1,
            "location": site.name, "admin1": site.admin1, "country": site.country,
            "latitude": round(site.latitude + jitter, 4) if has_coords else None,
            "longitude": round(site.longitude + jitter, 4) if has_coords else None,
            "geo_precision": geo_precision,
            "fatalities": min(counts) if counts else None,
            "fatalities_range": [min(counts), max(counts)] if counts else None,
            "claimed_by": None,
            "sources": sources,
            "independent_sources": independent,
            "contradictions": contradictions,
            "notes": f"{sub_type} near {site.name} ({site.admin1}).",
            "corroboration": corroboration,
        })
    for doc in b.documents:
        b.framing.setdefault(doc["outlet"], {"documents": 0, "actors": {}, "loaded_terms": [],
                                             "loaded_per_1000_words": 0.0})["documents"] += 1
    for entry in b.framing.values():
        loaded = sum(t["count"] for t in entry["loaded_terms"])
        entry["loaded_per_1000_words"] = round(1000 * loaded / max(1, 60 * entry["documents"]), 2)
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": __version__,
        "options": {"tile_url": tile_url},
        "summary": {"run_id": f"synthetic-{seed}", "command": "synthetic", "documents": len(b.documents),
                    "documents_analysed": len(b.documents), "skipped": [],
                    "outputs": {"events.jsonl": len(events), "documents.jsonl": len(b.documents)}},
        "events": events,
        "documents": b.documents,
        "places": b.places,
        "framing": {"outlets": b.framing},
        "syndication": {"groups": list(b.groups.values())},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a report.html from a synthetic payload (development aid).")
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tile-url", default=None)
    args = parser.parse_args(argv)
    from frontwatch.report.build import render_report

    settings = Settings(tile_url=args.tile_url)
    payload = synthetic_payload(args.events, seed=args.seed, tile_url=args.tile_url)
    args.out.write_text(render_report(payload, settings=settings), encoding="utf-8")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.info("wrote %s (%d events, %d documents)", args.out, len(payload["events"]), len(payload["documents"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
