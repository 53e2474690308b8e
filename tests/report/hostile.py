"""Hostile report payloads: article text written to break out of the page (shared by the unit and
browser tests). Every fragment sets ``window.__pwned`` or opens a dialog if it ever runs."""

from __future__ import annotations

from typing import Any

from frontwatch.report.synthetic import synthetic_payload

SCRIPT_TAG = "<script>window.__pwned = 1; alert('script')</script>"
IMG_ONERROR = "<img src=x onerror=\"window.__pwned = 2; alert('img')\">"
SVG_ONLOAD = "<svg onload=\"window.__pwned = 3\"></svg>"
CLOSE_SCRIPT = "</script><script>window.__pwned = 4; alert('breakout')</script>"
CLOSE_SCRIPT_UPPER = "</SCRIPT ><script>window.__pwned = 5</script>"
COMMENT_OPEN = "<!--<script>"
JS_URL = "javascript:window.__pwned = 6; alert('url')"
LINE_SEPARATORS = "before\u2028middle\u2029after"
BIG_TITLE_CHARS = 1_000_000

FRAGMENTS = (SCRIPT_TAG, IMG_ONERROR, SVG_ONLOAD, CLOSE_SCRIPT, CLOSE_SCRIPT_UPPER, COMMENT_OPEN, LINE_SEPARATORS)


def hostile_payload() -> dict[str, Any]:
    """A synthetic payload whose titles, sentences, outlets, comments, URLs, labels and event fields
    carry every hostile fragment; the first document has a 1 MB title."""
    payload = synthetic_payload(12, seed=3)
    bad = " ".join(FRAGMENTS)
    docs = payload["documents"]
    for i, doc in enumerate(docs):
        doc["title"] = f"{FRAGMENTS[i % len(FRAGMENTS)]} title {i}"
        doc["url"] = JS_URL if i % 2 == 0 else "https://ok.example/" + IMG_ONERROR
        doc["comments"] = [bad, CLOSE_SCRIPT]
        doc["removed"] = [{"kind": IMG_ONERROR, "text": SCRIPT_TAG}]
        doc["errors"] = [CLOSE_SCRIPT]
        doc["outlet"] = IMG_ONERROR if i % 3 == 0 else doc["outlet"]
        doc["text"] = doc["text"] + "\n\n" + bad
    docs[0]["title"] = "A" * (BIG_TITLE_CHARS - len(SCRIPT_TAG)) + SCRIPT_TAG
    for ev in payload["events"]:
        ev["actor1"] = IMG_ONERROR
        ev["location"] = CLOSE_SCRIPT
        ev["notes"] = bad
        ev["corroboration"] = SVG_ONLOAD
        ev["contradictions"] = [{"field": SCRIPT_TAG, "values": [{"value": IMG_ONERROR, "doc_ids": [SCRIPT_TAG]}]}]
        for src in ev["sources"]:
            src["outlet"] = SVG_ONLOAD
        ev["sources"].append({"doc_id": CLOSE_SCRIPT, "outlet": IMG_ONERROR, "sentence": bad, "start": 0, "end": 5})
    payload["framing"]["outlets"][IMG_ONERROR] = {
        "documents": 1, "loaded_per_1000_words": 1.0,
        "actors": {SCRIPT_TAG: {"mentions": 1, "labels": [{"label": IMG_ONERROR, "stance": SCRIPT_TAG, "count": 1,
                                                             "examples": [{"doc_id": CLOSE_SCRIPT, "sentence": bad,
                                                                           "start": 0, "end": 3}]}]}},
        "loaded_terms": [{"term": SVG_ONLOAD, "category": CLOSE_SCRIPT, "count": 2, "examples": []}],
    }
    payload["summary"]["skipped"] = [{"path": IMG_ONERROR, "line": 1, "code": "FW106", "reason": CLOSE_SCRIPT}]
    return payload
