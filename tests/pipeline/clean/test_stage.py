from __future__ import annotations

from frontwatch.pipeline.base import RunContext
from frontwatch.pipeline.clean import CleanStage
from frontwatch.pipeline.ingest import content_hash
from frontwatch.records import Document, RawDocument

BODY = ("Government forces retook the town of Kalma on Tuesday after two days of heavy fighting with the rebels, "
        "a military spokesman said on Wednesday.")
HTML = f"""<html><head><title>Kalma retaken | Test Wire</title>
<meta property="og:site_name" content="Test Wire"><meta property="og:title" content="Army retakes Kalma">
<meta property="article:published_time" content="2024-03-13T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World news and analysis</a></nav>
<article><h1>Army retakes Kalma</h1><p>{BODY}</p>
<figure><img src="x.jpg"><figcaption>Photo: soldiers at a checkpoint near the town.</figcaption></figure>
<p>{BODY.replace('Kalma', 'Dorma')}</p><p>Residents said the road to the south was still closed by the fighting.</p>
</article>
<div id="comments"><h3>2 Comments</h3><ol class="comment-list">
<li class="comment"><div class="comment-author">Amina</div><div class="comment-content"><p>Finally some good news
for the town.</p></div></li>
<li class="comment"><div class="comment-author">Bob</div><div class="comment-content"><p>Do not believe the
army.</p></div></li></ol></div>
<footer>Copyright 2024 Test Wire. All rights reserved.</footer></body></html>"""


def _clean(content: str, fmt: str = "html") -> Document:
    raw = RawDocument(doc_id="d", source_path="d.html", content=content, format=fmt,  # type: ignore[arg-type]
                      content_hash=content_hash(content))
    doc = CleanStage().process(raw, RunContext())
    assert isinstance(doc, Document)
    return doc


def test_html_text_metadata_comments_removed() -> None:
    doc = _clean(HTML)
    assert BODY in doc.text and "Finally some good news" not in doc.text
    assert doc.title == "Army retakes Kalma" and doc.outlet == "Test Wire"
    assert doc.published == "2024-03-13" and doc.published_from == "html"
    assert [c.split()[0] for c in doc.comments] == ["Finally", "Do"]
    kinds = {r.kind for r in doc.removed}
    assert "navigation" in kinds and "caption" in kinds
    assert doc.language == "en"


def test_hostile_html_does_not_crash() -> None:
    deep = "<div>" * 5000 + BODY + "</div>" * 5000
    doc = _clean(deep)
    assert "Kalma" in doc.text


def test_non_english_is_marked() -> None:
    doc = _clean("L'armée malienne a repris le contrôle de la ville de Boni mardi, selon des sources locales "
                 "et des responsables de la région.", fmt="text")
    assert doc.language == "fr"
