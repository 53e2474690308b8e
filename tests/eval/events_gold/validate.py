"""Check the event-detection gold set in this folder and print its label counts.

Usage: python tests/eval/events_gold/validate.py   (exit status 1 on any problem)

Checks, for every NNN_slug.txt / NNN_slug.json pair: the JSON parses and has the documented keys; every
"text" occurs verbatim in the .txt, in order, and the annotated sentences cover the whole body (everything
after the headline/dateline lines, except the "Comments" marker line); a plain split on . ! ? followed by
whitespace gives exactly the annotated sentences; labels are valid; dates are ISO and not after the
publication date; a date on a sentence that names a weekday falls on that weekday; No event rows carry no
fields; the body has 150-450 words.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS = (
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory", "Chemical weapon",
    "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
    "Grenade", "Sexual violence", "Attack", "Abduction/forced disappearance", "Peaceful protest",
    "Protest with intervention", "Excessive force against protesters", "Violent demonstration", "Mob violence",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
    "Other", "Diplomatic event", "Claim of responsibility", "Organized crime", "Natural disaster",
    "Man-made disaster", "No event",
)
KEYS = {"text", "label", "actor1", "actor2", "place", "date", "fatalities", "note"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SPLIT = re.compile(r"(?<=[.!?])\s+")


def _labels() -> tuple[str, ...]:
    try:  # the project's own taxonomy when importable; must agree with the list above
        from frontwatch.pipeline.extract.labels import LABELS as project
    except Exception:
        return LABELS
    if set(project) != set(LABELS):
        print("WARNING: project label set differs from the validator's list", file=sys.stderr)
    return tuple(project)


def body_of(txt: str) -> list[str]:
    """Body lines: drop the headline and an optional dateline/byline (the lines before the first blank)."""
    lines = txt.split("\n")
    first_blank = lines.index("")
    return [ln for ln in lines[first_blank + 1:] if ln.strip() and ln.strip() != "Comments"]


def iso(s: str) -> dt.date:
    d = dt.date.fromisoformat(s)
    if len(s) != 10:
        raise ValueError(s)
    return d


def check(stem: str, labels: tuple[str, ...], errors: list[str]) -> list[dict[str, Any]]:
    txt = (HERE / f"{stem}.txt").read_text(encoding="utf-8")
    try:
        doc = json.loads((HERE / f"{stem}.json").read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        errors.append(f"{stem}: JSON does not parse: {e}")
        return []

    def err(message: str) -> None:
        errors.append(f"{stem}: {message}")
    if set(doc) != {"published", "sentences"}:
        err(f"top-level keys {sorted(doc)}")
    pub = doc.get("published")
    pub_d = None
    if pub is not None:
        try:
            pub_d = iso(pub)
        except ValueError:
            err(f"bad published {pub!r}")
    body = body_of(txt)
    words = sum(len(ln.split()) for ln in body)
    if not 150 <= words <= 450:
        err(f"body has {words} words")
    split = [s for ln in body for s in SPLIT.split(ln.strip())]
    sents = doc.get("sentences", [])
    if [s.get("text") for s in sents] != split:
        err("annotated sentences differ from the split body (missing, extra, reordered or not separable)")
    pos = 0
    for i, s in enumerate(sents):
        where = f"sentence {i}"
        if set(s) != KEYS:
            err(f"{where}: keys {sorted(s)}")
            continue
        t = s["text"]
        k = txt.find(t, pos)
        if k < 0:
            err(f"{where}: text not found verbatim (after previous sentence): {t[:60]!r}")
        else:
            pos = k + len(t)
        if s["label"] not in labels:
            err(f"{where}: invalid label {s['label']!r}")
        if s["date"] is not None:
            try:
                d = iso(s["date"])
            except (ValueError, TypeError):
                err(f"{where}: bad date {s['date']!r}")
            else:
                if pub_d and d > pub_d:
                    err(f"{where}: date {d} after publication {pub_d}")
                named = [w for w in WEEKDAYS if re.search(rf"\b{w}\b", t, re.I)]
                if named and WEEKDAYS[d.weekday()] not in named:
                    err(f"{where}: date {d} is a {WEEKDAYS[d.weekday()]}, sentence names {named}")
                if named and pub_d and (pub_d - d).days > 6:
                    err(f"{where}: weekday resolved more than 6 days before publication")
        if s["fatalities"] is not None and (not isinstance(s["fatalities"], int) or s["fatalities"] < 0):
            err(f"{where}: bad fatalities {s['fatalities']!r}")
        if s["label"] == "No event" and any(s[f] is not None for f in ("actor1", "actor2", "place", "date", "fatalities")):
            err(f"{where}: No event row carries event fields")
        if not s["note"]:
            err(f"{where}: empty note")
    return list(sents)


def main() -> int:
    labels = _labels()
    errors: list[str] = []
    stems = sorted(p.stem for p in HERE.glob("[0-9][0-9][0-9]_*.txt"))
    for stem in stems:
        if not (HERE / f"{stem}.json").exists():
            errors.append(f"{stem}: no JSON")
    for p in HERE.glob("[0-9][0-9][0-9]_*.json"):
        if p.stem not in stems:
            errors.append(f"{p.stem}: JSON without .txt")
    counts: collections.Counter[str] = collections.Counter()
    for stem in stems:
        if (HERE / f"{stem}.json").exists():
            counts.update(str(s.get("label")) for s in check(stem, labels, errors))
    print(f"articles: {len(stems)}")
    for lab in labels:
        print(f"  {counts.get(lab, 0):4d}  {lab}")
    ev = sum(v for k, v in counts.items() if k != "No event")
    print(f"event sentences: {ev}   no-event sentences: {counts.get('No event', 0)}   total: {sum(counts.values())}")
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
