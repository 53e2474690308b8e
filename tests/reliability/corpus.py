"""Generated inputs for the reliability tests: a corpus of plausible articles (for the kill test) and
the hostile-input corpus of issue 11. Everything is written into a temporary folder by the tests;
nothing large is ever stored in the repository."""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path

MB = 1_000_000  # the sizes are decimal megabytes

_PLACES = ("Kalma", "Tanf", "Marib", "Goma", "Djibo", "Rutshuru", "Pensa", "Ansongo", "Hodeidah", "Kupiansk")
_ACTORS = ("Government troops", "Rebel fighters", "Militants", "Police", "Army units", "Armed men")
_VERBS = ("attacked", "shelled", "retook", "raided", "ambushed", "clashed with forces near")


def article(rng: random.Random, i: int) -> str:
    """One short, plausible, unique news article (a few sentences with a place, actors and a toll)."""
    place = rng.choice(_PLACES)
    actor = rng.choice(_ACTORS)
    verb = rng.choice(_VERBS)
    day = 1 + i % 28
    return (
        f"{place.upper()}, March {day} (Test Wire) - {actor} {verb} the town of {place} on Tuesday after "
        f"{1 + i % 5} days of fighting, a local official said in report number {i}.\n\n"
        f"At least {2 + i % 40} people were killed and {i % 17} were wounded, residents told reporters. "
        f"About {10 * (1 + i % 9)} families fled to nearby villages, aid workers said.\n\n"
        f"The clashes near {place} came a week after talks between the two sides broke down (item {i:05d})."
    )


@dataclass(frozen=True, slots=True)
class GoodCorpus:
    """A generated input folder and the doc_ids the store must hold after reading it."""

    folder: Path
    doc_ids: frozenset[str]


def write_good_corpus(folder: Path, n: int, seed: int) -> GoodCorpus:
    """``n`` articles spread over every input format: plain-text and HTML files, JSON lines (one file
    gzip-compressed) and a CSV file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids: set[str] = set()
    per = max(1, n // 5)
    for i in range(per):  # .txt files: doc_id is the file stem
        name = f"txt{i:04d}"
        (folder / f"{name}.txt").write_text(article(rng, i), encoding="utf-8")
        ids.add(name)
    for i in range(per, 2 * per):  # .html files
        name = f"html{i:04d}"
        body = "".join(f"<p>{p}</p>" for p in article(rng, i).split("\n\n"))
        page = (f"<html><head><title>Report {i}</title></head><body><nav>Home | World</nav>"
                f"<article><h1>Report {i}</h1>{body}</article><footer>Copyright Test Wire</footer></body></html>")
        (folder / f"{name}.html").write_text(page, encoding="utf-8")
        ids.add(name)
    lines = [json.dumps({"id": f"jl{i:04d}", "text": article(rng, i), "outlet": "Test Wire",
                         "published": f"2024-03-{1 + i % 28:02d}"}) for i in range(2 * per, 3 * per)]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ids.update(f"jl{i:04d}" for i in range(2 * per, 3 * per))
    lines = [json.dumps({"id": f"gz{i:04d}", "text": article(rng, i)}) for i in range(3 * per, 4 * per)]
    (folder / "feed2.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    ids.update(f"gz{i:04d}" for i in range(3 * per, 4 * per))
    rows = ["id,title,text"] + [
        f"cv{i:04d},Report {i},\"{article(rng, i).replace(chr(34), chr(39))}\"" for i in range(4 * per, n)
    ]
    (folder / "table.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ids.update(f"cv{i:04d}" for i in range(4 * per, n))
    return GoodCorpus(folder, frozenset(ids))


# ----------------------------------------------------------------------------------------------
# The hostile-input corpus (issue 11, part 2)

GOOD_TEXT = ("Government troops retook the town of Kalma on Tuesday after two days of fighting with rebels, a "
             "military spokesman said. At least 12 people were killed and 30 wounded, residents said.")
_WORDS = ("the", "army", "said", "fighting", "continued", "near", "the", "town", "on", "tuesday", "while",
          "residents", "fled", "and", "officials", "counted", "the", "dead", "after", "shelling")


@dataclass(frozen=True, slots=True)
class Hostile:
    """One hostile input: its file name, and what must happen to it.

    ``skip_code`` set: the input (or ``skip_line`` of it) must be listed in summary.json ``skipped`` with
    that code. ``doc_ids`` set: those documents must be stored and processed (read safely).
    """

    name: str
    what: str
    skip_code: str | None = None
    skip_line: int | None = None
    doc_ids: tuple[str, ...] = ()


def _single_line(size: int) -> bytes:
    """``size`` bytes of words on one line, no newline anywhere."""
    unit = (" ".join(_WORDS) + ", ").encode("ascii")
    return (unit * (size // len(unit) + 1))[:size]


def _jsonl(*records: dict[str, object]) -> bytes:
    return ("\n".join(json.dumps(r) for r in records) + "\n").encode("utf-8")


def write_hostile_corpus(folder: Path) -> list[Hostile]:
    """Write every hostile input into ``folder`` (about 75 MB on disk in all) and say what to expect."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[tuple[Hostile, bytes]] = []

    def add(h: Hostile, data: bytes) -> None:
        cases.append((h, data))

    add(Hostile("single_line_20mb.txt", "a 20 MB file that is one line", doc_ids=("single_line_20mb",)),
        _single_line(20 * MB))
    depth = 100_000
    add(Hostile("deep_nesting.html", f"HTML nested {depth:,} elements deep", doc_ids=("deep_nesting",)),
        ("<html><body>" + "<div>" * depth + f"<p>{GOOD_TEXT}</p>" + "</div>" * depth + "</body></html>").encode())
    tags = "".join(f"<span class=c{i % 7}>w{i}</span>" for i in range(100_000))
    add(Hostile("tags_100k.html", "HTML with 100,000 tags", doc_ids=("tags_100k",)),
        f"<html><body><article><p>{GOOD_TEXT}</p></article><div>{tags}</div></body></html>".encode())
    add(Hostile("invalid_utf8.txt", "invalid UTF-8 sequences inside text", doc_ids=("invalid_utf8",)),
        GOOD_TEXT.encode() + b" \xc3\x28 \xa0\xa1 \xf0\x28\x8c\xbc \xed\xa0\x80 " + GOOD_TEXT.encode())
    add(Hostile("nul_bytes.txt", "a few NUL bytes inside text", doc_ids=("nul_bytes",)),
        GOOD_TEXT.encode().replace(b" ", b" \x00", 5))
    add(Hostile("nul_flood.txt", "mostly NUL bytes", skip_code="FW102"), b"\x00" * 5000 + b"text" + b"\x00" * 5000)
    add(Hostile("utf16_nobom.txt", "UTF-16-LE text without a byte-order mark", doc_ids=("utf16_nobom",)),
        (GOOD_TEXT + "\n\n" + GOOD_TEXT.replace("Kalma", "Tanf")).encode("utf-16-le"))
    rtl = ("\u202eGovernment troops\u202c retook \u2067حلب\u2069 and \u05d7\u05d9\u05e4\u05d4 on Tuesday, "
           "قال مسؤول عسكري إن ١٢ شخصا قتلوا. \u200fהצבא אמר כי הלחימה נמשכה.\u200f " + GOOD_TEXT)
    add(Hostile("rtl_mixed.txt", "mixed right-to-left scripts and bidi controls", doc_ids=("rtl_mixed",)),
        rtl.encode("utf-8"))
    emoji = ("🔥💥 BREAKING 🚨🇸🇾🇺🇦 " + GOOD_TEXT + " 👨‍👩‍👧‍👦👍🏽🏳️‍🌈 ❤️‍🔥 \U0001FAE0" * 200)
    add(Hostile("emoji.txt", "emoji, flags, skin tones and ZWJ sequences", doc_ids=("emoji",)), emoji.encode())
    add(Hostile("title_1mb.jsonl", "a JSON record with a 1 MB title", doc_ids=("big-title",)),
        _jsonl({"id": "big-title", "title": "Headline " + "A" * MB, "text": GOOD_TEXT}))
    add(Hostile("line_50mb.jsonl", "JSON lines with one 50 MB line between good ones", skip_code="FW104",
                skip_line=2, doc_ids=("before-big", "after-big")),
        _jsonl({"id": "before-big", "text": GOOD_TEXT})
        + b'{"id": "big", "text": "' + _single_line(50 * MB) + b'"}\n'
        + _jsonl({"id": "after-big", "text": GOOD_TEXT.replace("Kalma", "Marib")}))
    add(Hostile("bomb.txt.gz", "gzip that expands 1000x", skip_code="FW109"), gzip.compress(b" " * (20 * MB), 9))
    add(Hostile("bomb.jsonl.gz", "gzip JSON lines that expand 1000x", skip_code="FW109"),
        gzip.compress(_jsonl({"id": "ok", "text": GOOD_TEXT}) + b"\n" * (20 * MB), 9))
    add(Hostile("surrogates.jsonl", "lone UTF-16 surrogates in every JSON field", doc_ids=("sur\ufffdid",)),
        b'{"id": "sur\\ud800id", "title": "bad \\udc80 title", "outlet": "Wire \\ud83d", "url": "https://x.org/\\udfff",'
        b' "published": "2024-03-1\\ud800", "tag": "\\udbff", "text": "' + GOOD_TEXT.encode() + b' \\ud800"}\n')
    add(Hostile("deep.json", "JSON nested 100,000 arrays deep", skip_code="FW106"),
        b"[" * 100_000 + b"]" * 100_000)
    add(Hostile("deep_line.jsonl", "a JSON line nested 50,000 objects deep", skip_code="FW106", skip_line=2,
                doc_ids=("deep-ok",)),
        _jsonl({"id": "deep-ok", "text": GOOD_TEXT}) + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"\n")
    add(Hostile("huge_int.json", "a JSON number with 5,000 digits", skip_code="FW106"),
        b'{"text": "' + GOOD_TEXT.encode() + b'", "id": ' + b"9" * 5000 + b"}")
    add(Hostile("png_named.txt", "a PNG image named .txt", skip_code="FW102"),
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    add(Hostile("control_chars.txt", "C0 control characters and form feeds in text", doc_ids=("control_chars",)),
        GOOD_TEXT.replace(" ", " \x1b[31m", 3).encode() + b"\x0c\x07\x08 " + GOOD_TEXT.encode())
    for h, data in cases:
        (folder / h.name).write_bytes(data)
    return [h for h, _ in cases]


def write_good_few(folder: Path, n: int = 3) -> list[str]:
    """A few ordinary articles next to the hostile ones; returns their doc_ids."""
    rng = random.Random(7)
    ids = []
    for i in range(n):
        (folder / f"good{i}.txt").write_text(article(rng, i), encoding="utf-8")
        ids.append(f"good{i}")
    return ids
