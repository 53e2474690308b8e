"""Outlet names: the bundled dictionary (``data/outlets.yaml``) and name normalisation.

``outlet_key`` folds the spellings one outlet goes by ("South Front", "SouthFront", "southfront.org")
to one key; ``canonical_outlet`` gives the dictionary's display name for a name, alias or domain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

# libyaml's safe loader when PyYAML was built with it (~5x faster, the same data), else PyYAML's own.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SUFFIXES = re.compile(r"\b(news agency|news network|news|agency|online|media|tv|network|the)\b")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\d?\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.I)


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]
    domains: tuple[str, ...]
    country: str | None
    type: str | None


def outlet_key(name: str) -> str:
    """A spelling-insensitive key: case, accents, spaces, hyphens, 'www.' and TLD folded."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    m = _DOMAIN.match(s)
    if m and " " not in s:
        s = m.group(1).rsplit(".", 1)[0]  # "southfront.org" -> "southfront"
    return re.sub(r"[^a-z0-9]", "", s)


@cache
def load_outlets() -> tuple[Outlet, ...]:
    path = resources.files("frontwatch.data").joinpath("outlets.yaml")
    if not path.is_file():
        return ()
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
    out = []
    for o in raw.get("outlets", []):
        out.append(Outlet(
            name=str(o["name"]), aliases=tuple(str(a) for a in o.get("aliases") or ()),
            acronyms=tuple(str(a) for a in o.get("acronyms") or ()),
            domains=tuple(str(d).lower() for d in o.get("domains") or ()),
            country=o.get("country"), type=o.get("type"),
        ))
    return tuple(out)


@cache
def _index() -> tuple[dict[str, Outlet], dict[str, Outlet], dict[str, Outlet]]:
    by_key: dict[str, Outlet] = {}
    by_acronym: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for o in load_outlets():
        for n in (o.name, *o.aliases):
            by_key.setdefault(outlet_key(n), o)
        for a in o.acronyms:
            by_acronym.setdefault(a, o)
        for d in o.domains:
            by_domain.setdefault(d, o)
            by_key.setdefault(outlet_key(d), o)
    return by_key, by_acronym, by_domain


def lookup_outlet(text: str) -> Outlet | None:
    """The known outlet a name, alias, acronym (exact case), domain or URL refers to."""
    text = text.strip()
    if not text:
        return None
    by_key, by_acronym, by_domain = _index()
    if text in by_acronym:
        return by_acronym[text]
    dom = domain_of(text)
    if dom:
        parts = dom.split(".")
        for i in range(len(parts) - 1):
            if ".".join(parts[i:]) in by_domain:
                return by_domain[".".join(parts[i:])]
    return by_key.get(outlet_key(text))


def canonical_outlet(text: str | None) -> str | None:
    """Display name for an outlet mention: the dictionary's name when known, else the cleaned text."""
    if not text:
        return None
    cleaned = clean_name(text)
    if not cleaned:
        return None
    known = lookup_outlet(cleaned)
    if known is not None:
        return known.name
    dom = domain_of(cleaned)
    return dom if dom and " " not in cleaned else cleaned


def domain_of(text: str) -> str | None:
    s = text.strip().lower()
    if "://" in s:
        host = urlsplit(s).hostname or ""
    else:
        m = _DOMAIN.match(s)
        host = m.group(1) if m and " " not in s.split("/")[0] else ""
    host = re.sub(r"^www\d?\.", "", host)
    return host if "." in host else None


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def clean_name(text: str) -> str:
    """Strip markdown links, quotes, trailing punctuation and filler from an outlet mention."""
    s = _MD_LINK.sub(r"\1", text)
    s = re.sub(r"\s+", " ", s).strip(" \t\"'“”‘’.,;:()[]-–—|*")
    s = re.sub(r"^(the\s+)?(website|site|web site|pages? of|news site)\s+", "", s, flags=re.I)
    return s[:120]


def is_outletish(name: str) -> bool:
    """Could this be an outlet name (not a person's byline or a sentence)? Known outlets, domains, and
    capitalised phrases with an outlet word ('News', 'Agency', 'Times', 'Post'...)."""
    if lookup_outlet(name) is not None or domain_of(name):
        return True
    return bool(re.search(r"\b(news|agency|times|post|press|tribune|herald|journal|radio|tv|television|channel|"
                          r"daily|gazette|review|report|observer|monitor|chronicle|telegraph|media|network|"
                          r"front|research|dispatch|courier|voice|wire|bulletin|magazine|online)\b", name, re.I))


__all__ = [
    "_SUFFIXES",
    "Outlet",
    "canonical_outlet",
    "clean_name",
    "domain_of",
    "is_outletish",
    "load_outlets",
    "lookup_outlet",
    "outlet_key",
]
