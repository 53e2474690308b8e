"""Validate the clean_holdout set (standard library only).

A copy of tests/eval/clean_gold/validate.py: same format, same checks; only
the default folder (this file's own) and this docstring differ.

Usage: python tests/eval/clean_holdout/validate.py [DIR]

Checks, for every ``NN_slug.txt`` / ``NN_slug.html`` and its ``NN_slug.gold.json``:

* the JSON parses and has exactly the documented keys with the right types;
* ``format`` matches the file extension, ``published`` is an ISO date or null,
  every ``removed`` kind is one of the documented kinds;
* plain text: every article paragraph, removed block and comment occurs in the
  file as whole line(s), as many times as the gold lists it, and together they
  cover every non-blank line of the file (nothing left unlabelled);
* HTML: every article paragraph, removed block and comment occurs in the
  whitespace-collapsed visible text (see ``visible_text``);
* article paragraphs and comments occur in file order;
* the title (when not null) occurs in the document;
* the article has 200-1,500 words.

It prints counts per removed kind and per format, and exits 1 on any error.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

KINDS = ("navigation", "boilerplate", "donation", "disclaimer", "caption", "related", "comments", "advert")
KEYS = {"format", "title", "outlet", "origin", "published", "article", "removed", "comments"}
MIN_WORDS, MAX_WORDS = 200, 1500

# Elements whose start or end separate text (rendered as a space); every other tag is inline.
BLOCK_TAGS = frozenset(
    ["address", "article", "aside", "blockquote", "br", "button", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul"]
)
# Elements whose content is never visible text.
SKIP_TAGS = frozenset(["head", "title", "script", "style", "template", "noscript", "svg"])


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def collapse(text: str) -> str:
    return " ".join(text.split())


def visible_text(html: str) -> str:
    """Visible text of an HTML page or fragment: entities decoded, the content of
    head/title/script/style/template/noscript/svg dropped, a space at every block
    boundary (p, div, li, br, h1..h6, td ...), no space at inline tags (a, b, span, em ...),
    then all whitespace (Python ``str.split``) collapsed to single spaces."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return collapse("".join(parser.parts))


def _line_aligned(text: str, needle: str, used: list[bool]) -> list[int]:
    """Start offsets where needle occupies whole lines of text and no used character."""
    hits = []
    start = 0
    while True:
        pos = text.find(needle, start)
        if pos < 0:
            return hits
        end = pos + len(needle)
        if (pos == 0 or text[pos - 1] == "\n") and (end == len(text) or text[end] == "\n") and not any(used[pos:end]):
            hits.append(pos)
        start = pos + 1


def check_text(doc: str, gold: dict, errors: list[str]) -> None:
    used = [False] * len(doc)
    items = [("article", p) for p in gold["article"]] + [("removed", r["text"]) for r in gold["removed"]]
    items += [("comments", c) for c in gold["comments"]]
    wanted = Counter(t for _, t in items)
    positions: dict[str, list[int]] = {}
    for needle in sorted(wanted, key=len, reverse=True):  # longest first: blocks before the lines inside them
        hits = _line_aligned(doc, needle, used)
        if len(hits) != wanted[needle]:
            errors.append(f"{len(hits)} whole-line occurrence(s) but {wanted[needle]} in gold: {needle[:70]!r}")
        for pos in hits[: wanted[needle]]:
            for i in range(pos, pos + len(needle)):
                used[i] = True
        positions[needle] = hits
    offset = 0
    for lineno, line in enumerate(doc.split("\n"), 1):
        if line.strip() and not all(used[offset : offset + len(line)]):
            errors.append(f"line {lineno} is not labelled: {line[:70]!r}")
        offset += len(line) + 1
    for field in ("article", "comments"):
        last, seen = -1, Counter()
        for para in gold[field]:
            hits = positions.get(para, [])
            k = seen[para]
            seen[para] += 1
            if k < len(hits):
                if hits[k] < last:
                    errors.append(f"{field} out of order: {para[:70]!r}")
                last = hits[k]


def check_html(doc: str, gold: dict, errors: list[str]) -> None:
    text = visible_text(doc)
    for field in ("article", "comments"):
        cursor = 0
        for para in gold[field]:
            if para != collapse(para):
                errors.append(f"{field} text is not whitespace-collapsed: {para[:70]!r}")
            pos = text.find(para, cursor)
            if pos < 0:
                where = "out of order" if para in text else "not in visible text"
                errors.append(f"{field} {where}: {para[:70]!r}")
            else:
                cursor = pos + len(para)
    for item in gold["removed"]:
        if item["text"] != collapse(item["text"]):
            errors.append(f"removed text is not whitespace-collapsed: {item['text'][:70]!r}")
        if item["text"] not in text:
            errors.append(f"removed {item['kind']} not in visible text: {item['text'][:70]!r}")


def check_schema(gold: dict, fmt: str, errors: list[str]) -> None:
    if set(gold) != KEYS:
        errors.append(f"keys differ: {sorted(set(gold) ^ KEYS)}")
        return
    if gold["format"] != fmt:
        errors.append(f"format {gold['format']!r} but file is {fmt}")
    for key in ("title", "outlet", "origin", "published"):
        if gold[key] is not None and (not isinstance(gold[key], str) or not gold[key].strip()):
            errors.append(f"{key} must be a non-empty string or null")
    if gold["published"] is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold["published"]):
        errors.append(f"published is not an ISO date: {gold['published']!r}")
    if not gold["article"] or not all(isinstance(p, str) and p.strip() for p in gold["article"]):
        errors.append("article must be a non-empty list of non-empty strings")
    if not all(isinstance(c, str) and c.strip() for c in gold["comments"]):
        errors.append("comments must be non-empty strings")
    for item in gold["removed"]:
        if set(item) != {"kind", "text"} or item["kind"] not in KINDS or not item["text"].strip():
            errors.append(f"bad removed item: {item!r}"[:120])


def main(folder: Path) -> int:
    docs = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))
    golds = sorted(folder.glob("*.gold.json"))
    n_errors = 0
    kinds = {fmt: Counter() for fmt in ("text", "html")}
    totals = {fmt: Counter() for fmt in ("text", "html")}
    doc_kinds = {fmt: Counter() for fmt in ("text", "html")}
    stems = {p.stem for p in docs}
    for gold_path in golds:
        if gold_path.name[: -len(".gold.json")] not in stems:
            print(f"{gold_path.name}: no document for this gold file")
            n_errors += 1
    for path in docs:
        errors: list[str] = []
        fmt = "text" if path.suffix == ".txt" else "html"
        gold_path = path.with_name(path.stem + ".gold.json")
        if not re.fullmatch(r"\d\d_[a-z0-9_]+", path.stem):
            errors.append("file name is not NN_slug")
        if not gold_path.exists():
            print(f"{path.name}: missing {gold_path.name}")
            n_errors += 1
            continue
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            print(f"{gold_path.name}: invalid JSON: {exc}")
            n_errors += 1
            continue
        check_schema(gold, fmt, errors)
        if not errors:
            doc = path.read_text(encoding="utf-8")
            (check_text if fmt == "text" else check_html)(doc, gold, errors)
            if gold["title"] is not None:
                haystack = doc if fmt == "text" else visible_text(doc) + " " + collapse(_unescape_head(doc))
                if gold["title"] not in haystack:
                    errors.append(f"title not found in document: {gold['title']!r}")
            words = sum(len(p.split()) for p in gold["article"])
            if not MIN_WORDS <= words <= MAX_WORDS:
                errors.append(f"article has {words} words, outside {MIN_WORDS}-{MAX_WORDS}")
            totals[fmt].update(documents=1, paragraphs=len(gold["article"]), words=words,
                               comments=len(gold["comments"]), removed=len(gold["removed"]))
            kinds[fmt].update(item["kind"] for item in gold["removed"])
            doc_kinds[fmt].update({item["kind"] for item in gold["removed"]})
            totals[fmt]["with_comments"] += bool(gold["comments"])
            totals[fmt]["without_removed"] += not gold["removed"]
        for err in errors:
            print(f"{path.name}: {err}")
        n_errors += len(errors)
    print()
    print(f"{'':14}{'text':>8}{'html':>8}{'all':>8}")
    for key in ("documents", "paragraphs", "words", "comments", "with_comments", "removed", "without_removed"):
        a, b = totals["text"][key], totals["html"][key]
        print(f"{key:14}{a:>8}{b:>8}{a + b:>8}")
    print("removed blocks per kind (documents with the kind in brackets):")
    for kind in KINDS:
        a, b = kinds["text"][kind], kinds["html"][kind]
        da, db = doc_kinds["text"][kind], doc_kinds["html"][kind]
        print(f"  {kind:12}{a:>8}{b:>8}{a + b:>8}   ({da} text, {db} html)")
    print(f"\n{n_errors} error(s)")
    return 1 if n_errors else 0


def _unescape_head(doc: str) -> str:
    """Text of <title> and of meta content attributes, entities decoded."""
    import html

    found = re.findall(r"<title[^>]*>(.*?)</title>", doc, flags=re.S | re.I)
    found += re.findall(r"<meta[^>]+content=\"([^\"]*)\"", doc, flags=re.I)
    return " ".join(html.unescape(x) for x in found)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent))
