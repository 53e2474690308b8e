"""HTML pages: trafilatura for the main text and metadata (htmldate for the date), reader comments
from the comment section's own items, and the visible blocks the extraction left out as ``removed``.
The block labeller then runs on the extracted text (captions and appeals survive extraction too).
"""

from __future__ import annotations

import logging
import re
from configparser import ConfigParser
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from frontwatch.pipeline.clean.blocks import Block, bounded, cue_kind, load_cues

log = logging.getLogger(__name__)

# Pages with more elements than this are cut by trafilatura (hostile or machine-made pages).
MAX_TREE_SIZE = 60_000
# Pages with more elements than this are not given to the extractor: trafilatura spends about 0.1 ms
# per element and may run twice (precision, then recall), so a page of 100,000 tags cost 25-40 s. Their
# visible text is used instead, with a note. Article pages have a few thousand elements (the gold sets
# at most 204); a page past this is machine-made or hostile.
MAX_EXTRACT_ELEMENTS = 25_000
# Visible blocks shorter than this many characters are not listed in `removed` (icons, single links).
MIN_REMOVED_CHARS = 12
MAX_REMOVED_BLOCKS = 200
BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "dd", "dt", "td", "th",
              "caption", "address", "summary", "label", "button", "a", "span", "div", "section", "small", "time")
_COMMENT_CONTAINER = re.compile(r"(^|[\s_-])(comments?|commentlist|comment-list|comments-area|discussion|"
                                r"disqus_thread|respond|wpdiscuz|reader-comments|talkback)([\s_-]|$)", re.I)
_COMMENT_ITEM = re.compile(r"(^|[\s_-])(comment|wpd-comment|post-comment|reply)([\s_-]|$)", re.I)
_COMMENT_BODY = re.compile(r"(comment-(content|body|text)|wpd-comment-text|comment__body|reply-content|"
                           r"comment_text|commentbody|message)", re.I)
_COMMENT_META = re.compile(r"(author|meta|vcard|avatar|date|time|reply|actions|footer|header|says|fn|link)", re.I)
_KIND_BY_CLASS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(ad|ads|advert\w*|sponsor\w*|promo\w*|banner|dfp|outbrain|taboola)\b", re.I), "advert"),
    (re.compile(r"(donat|support-us|fundrais|patreon|paypal|membership)", re.I), "donation"),
    (re.compile(r"(related|more-stories|recommended|read-more|also-read|trending|popular|most-read|"
                r"yarpp|jp-relatedposts)", re.I), "related"),
    (re.compile(r"(caption|credit|wp-caption)", re.I), "caption"),
    (re.compile(r"(share|social|sharing|follow|breadcrumb|menu|nav|tags|categories|pagination)", re.I),
     "navigation"),
    (re.compile(r"(disclaimer|copyright|legal|licen[cs]e)", re.I), "disclaimer"),
    (re.compile(r"(newsletter|subscribe|cookie|byline|author|bio|meta|dateline)", re.I), "boilerplate"),
)
_KIND_BY_TAG = {"nav": "navigation", "header": "navigation", "aside": "related", "figcaption": "caption",
                "footer": "boilerplate", "form": "boilerplate", "menu": "navigation"}


_DOUBLE_BR = re.compile(r"(?:<br\s*/?>\s*){2,}", re.I)


@cache
def _config() -> ConfigParser:
    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


@dataclass
class HtmlResult:
    text: str
    comments: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    errors: list[str] = field(default_factory=list)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    """Main text, comments, removed blocks and metadata of one page. Never raises on bad markup."""
    errors: list[str] = []
    tree: lxml.html.HtmlElement | None
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        errors.append(f"HTML could not be parsed ({exc}); read as text")
        tree = None
    doc: Any = None
    elements = sum(1 for _ in tree.iter()) if tree is not None else 0
    extract = tree is not None and elements <= MAX_EXTRACT_ELEMENTS
    if not extract and tree is not None:
        errors.append(f"HTML has {elements:,} elements, more than the {MAX_EXTRACT_ELEMENTS:,} given to the "
                      "extractor; visible text used")
    if extract:
        try:
            doc = trafilatura.bare_extraction(
                html, url=url, favor_precision=True, include_comments=False, include_tables=True,
                with_metadata=True, deduplicate=False, config=_config(),
            )
        except RecursionError:
            errors.append("HTML nested too deeply for the extractor; read as text")
        except Exception as exc:
            errors.append(f"HTML extraction failed ({type(exc).__name__}); read as text")
    if extract and tree is not None and _too_little(doc, tree):
        try:  # precision mode sometimes keeps only a header line of div-soup pages: try recall mode
            recall: Any = trafilatura.bare_extraction(
                html, url=url, favor_recall=True, include_comments=False, include_tables=True, with_metadata=True,
                deduplicate=False, config=_config(),
            )
            if recall is not None and len((recall.text or "").split()) > len(((doc and doc.text) or "").split()):
                doc = recall
        except Exception:  # keep what precision mode gave (RecursionError included)
            pass
    if doc is None or not (doc.text or "").strip():
        text = _fallback_text(tree, html)
        if doc is None and tree is not None and not errors:
            errors.append("no main text found by the extractor; visible text used")
        result = HtmlResult(text=text, errors=errors)
    else:
        paragraphs = _split_table_rows([p.strip() for p in (doc.text or "").split("\n") if p.strip()])
        result = HtmlResult(
            text="\n\n".join(paragraphs), title=doc.title or None, published=doc.date or None,
            outlet=doc.sitename or None, url=doc.url or url, errors=errors,
        )
    if tree is not None:
        try:
            result.text = _resegment(result.text, tree)
            result.comments = extract_comments(tree)
            result.text = _without_comments(result.text, result.comments)
            result.removed = removed_blocks(tree, result.text, result.comments)
        except RecursionError:
            result.errors.append("HTML nested too deeply to list removed blocks")
    return result


# Precision mode is retried in recall mode when it keeps fewer than this many words, or less than
# this share of the page's paragraph-like text.
MIN_EXTRACTED_WORDS = 80
MIN_EXTRACTED_SHARE = 0.3


def _too_little(doc: Any, tree: lxml.html.HtmlElement) -> bool:
    got = len(((doc and doc.text) or "").split())
    if got < MIN_EXTRACTED_WORDS:
        return True
    visible = sum(len((el.text_content() or "").split()) for el in tree.iter("p"))
    return bool(visible) and got < MIN_EXTRACTED_SHARE * visible


def _split_table_rows(paragraphs: list[str]) -> list[str]:
    """trafilatura renders layout tables as '| cell | cell |' lines: one paragraph per cell."""
    out: list[str] = []
    for p in paragraphs:
        if p.startswith("|") or p.count(" | ") >= 2:
            out.extend(c.strip() for c in re.split(r"(?<!\\)\|", p) if c.strip() and c.strip() != "---")
        else:
            out.append(p)
    return [c.replace("\\|", "|") for c in out]


# An extracted paragraph longer than this that holds several of the page's <p> blocks is split back
# into them (layout tables make the extractor join a cell's paragraphs).
RESEGMENT_MIN_CHARS = 600


def _resegment(text: str, tree: lxml.html.HtmlElement) -> str:
    paras = text.split("\n\n")
    if not any(len(p) > RESEGMENT_MIN_CHARS for p in paras):
        return text
    dom = [t for t in (_collapse(el.text_content()) for el in tree.iter("p", "li", "h2", "h3", "blockquote"))
           if len(t) >= 40]
    for el in tree.iter("div", "td", "font", "span"):  # "text<br><br>text" layouts: one segment per run
        if sum(1 for c in el if c.tag == "br") >= 2:
            raw = lxml.html.tostring(el, encoding="unicode")
            for piece in _DOUBLE_BR.split(raw):
                t = _collapse(unescape(re.sub(r"<[^>]*>", " ", piece)))
                if len(t) >= 40:
                    dom.append(t)
    out: list[str] = []
    for para in paras:
        if len(para) <= RESEGMENT_MIN_CHARS:
            out.append(para)
            continue
        norm = _collapse(para)
        inside = [t for t in dict.fromkeys(dom) if t in norm and t != norm]
        if len(inside) >= 2 and sum(len(t) for t in inside) >= 0.8 * len(norm):
            out.extend(sorted(inside, key=norm.index))
        else:
            out.append(para)
    return "\n\n".join(out)


def _without_comments(text: str, comments: list[str]) -> str:
    """Drop extracted paragraphs that are reader-comment text (the extractor sometimes keeps them)."""
    if not comments:
        return text
    pool = [_collapse(c) for c in comments]
    kept = []
    for para in text.split("\n\n"):
        norm = _collapse(para)
        if len(norm) >= 15 and any(norm in c or (len(c) >= 15 and c in norm) for c in pool):
            continue
        kept.append(para)
    return "\n\n".join(kept)


def _fallback_text(tree: lxml.html.HtmlElement | None, html: str) -> str:
    if tree is None:
        return _collapse(re.sub(r"<[^>]*>", " ", html))
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    parts = []
    for el in tree.iter("p", "h1", "h2", "h3", "li", "td", "div"):
        own = _collapse(el.text or "")
        if own:
            parts.append(own)
    text = "\n\n".join(dict.fromkeys(parts)) or _collapse(tree.text_content())
    if len(text) < 0.2 * len(_collapse(re.sub(r"<[^>]*>", " ", html))):
        # the parser gave up on part of the page (too deep): strip the tags instead
        stripped = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
        text = _collapse(unescape(re.sub(r"<[^>]*>", " ", stripped)))
    return text


def _classes(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _in_comments(el: etree._Element) -> bool:
    return any(_COMMENT_CONTAINER.search(_classes(anc)) for anc in el.iterancestors())


_FORUM_POST = re.compile(r"(^|\s)(post|forum-post|postcontainer|post_wrapper|message--post|b-post)(\s|$)", re.I)
_FORUM_CONTENT = re.compile(r"(^|\s)(content|postbody|post_body|post-content|message-body|bbWrapper|"
                            r"js-post__content-text|inner_post)(\s|$)", re.I)


def _forum_replies(tree: lxml.html.HtmlElement) -> list[str]:
    """On a forum page the first post is the article and the following posts are comments."""
    posts = [el for el in tree.iter() if isinstance(el.tag, str) and _FORUM_POST.search(el.get("class", ""))
             and not any(_FORUM_POST.search(a.get("class", "")) for a in el.iterancestors())]
    if len(posts) < 2:
        return []
    replies = []
    for post in posts[1:]:
        contents = [el for el in post.iter() if isinstance(el.tag, str) and _FORUM_CONTENT.search(el.get("class", ""))]
        target = contents[0] if contents else post
        clone = lxml.html.fromstring(lxml.html.tostring(target))
        for quoted in clone.xpath(".//blockquote|.//*[contains(@class,'signature')]|.//cite"):
            quoted.drop_tree()
        text = _collapse(clone.text_content())
        if text:
            replies.append(text)
    return replies


def extract_comments(tree: lxml.html.HtmlElement) -> list[str]:
    """Reader comments as separate items: the comment section's items, each without its author,
    date and reply links; on forum pages, the replies after the first post."""
    forum = _forum_replies(tree)
    if forum:
        return forum
    containers = [el for el in tree.iter() if isinstance(el.tag, str) and _COMMENT_CONTAINER.search(_classes(el))
                  and not _in_comments(el)]
    comments: list[str] = []
    for container in containers:
        items = [el for el in container.iter() if isinstance(el.tag, str) and el is not container
                 and el.tag in ("li", "article", "div") and _COMMENT_ITEM.search(_classes(el))
                 and not _COMMENT_BODY.search(_classes(el)) and not _COMMENT_META.search(el.get("class", ""))]
        for item in items:
            bodies = [el for el in item.iter() if isinstance(el.tag, str) and _COMMENT_BODY.search(_classes(el))]
            # the item's own body, not its nested replies' bodies
            own = [b for b in bodies if _nearest_item(b, items) is item]
            if own:
                text = "\n\n".join(_collapse(b.text_content()) for b in own)
            else:
                paras = [p for p in item.iter("p") if _nearest_item(p, items) is item]
                text = "\n\n".join(_collapse(p.text_content()) for p in paras)
            text = text.strip()
            if text and text not in comments:
                comments.append(text)
    return comments


def _nearest_item(el: etree._Element, items: list[etree._Element]) -> etree._Element | None:
    ids = {id(i) for i in items}
    for anc in el.iterancestors():
        if id(anc) in ids:
            return anc
    return None


def removed_blocks(tree: lxml.html.HtmlElement, article_text: str, comments: list[str]) -> list[tuple[str, str]]:
    """Visible blocks of the page that are neither article text nor comment text, with their kind."""
    article_norm = _collapse(article_text)
    comment_norm = " ".join(_collapse(c) for c in comments)
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    cues = load_cues()
    for el in tree.iter(*BLOCK_TAGS):
        if len(out) >= MAX_REMOVED_BLOCKS:
            break
        if any(isinstance(a.tag, str) and a.tag in ("script", "style", "noscript", "template", "head")
               for a in el.iterancestors()):
            continue
        if el.tag in ("div", "section", "span", "a", "small", "time") and any(
            isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el
        ):
            continue  # a container: its children are listed instead
        text = _collapse(el.text_content())
        if len(text) < MIN_REMOVED_CHARS or text in seen:
            continue
        if text in article_norm or (comment_norm and text in comment_norm):
            continue
        if any(a.tag == "title" for a in el.iterancestors()):
            continue
        seen.add(text)
        out.append((_kind_of(el, text, cues), text))
    return out


def _kind_of(el: etree._Element, text: str, cues: object) -> str:
    if _in_comments(el):
        return "comments"
    block = bounded(Block(text, 0, len(text), 0))
    cue = cue_kind(block, load_cues())
    chain = [el, *el.iterancestors()]
    for node in chain:
        if not isinstance(node.tag, str):
            continue
        cls = _classes(node)
        for pattern, kind in _KIND_BY_CLASS:
            if pattern.search(cls):
                return kind
        if node.tag in _KIND_BY_TAG:
            kind = _KIND_BY_TAG[node.tag]
            if kind == "boilerplate" and cue is not None:
                return cue[0]
            return kind
    if cue is not None:
        return cue[0]
    return "boilerplate"
