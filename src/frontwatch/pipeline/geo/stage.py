"""The geocoding stage: toponyms of a document resolved against the local gazetteer, with relative
locations and the document's country focus. English documents only (the cues and demonyms are English)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from frontwatch.geo import Geocoder
from frontwatch.pipeline.base import RunContext, Stage
from frontwatch.records import Document, Drop


class GeoStage(Stage[Document, Document]):
    name: ClassVar[str] = "geo.gazetteer.v1"

    def __init__(self) -> None:
        self._geo: Geocoder | None = None

    def setup(self, ctx: RunContext) -> None:
        self._geo = Geocoder.load(ctx.settings)

    def process(self, item: Document, ctx: RunContext) -> Document | Drop:
        if item.language is not None and item.language not in ctx.settings.languages:
            return Drop(f"language is {item.language}: geocoding skipped")
        if self._geo is None:
            self.setup(ctx)
        assert self._geo is not None
        sentences = [(s.start, s.end) for s in item.sentences] or None
        text = item.text[:ctx.settings.max_nlp_chars]  # the part the language layer analysed
        places = self._geo.geoparse(item.doc_id, text, sentences=sentences, entities=list(item.entities) or None,
                                    published=item.published)
        ctx.count(self.name, "places", len(places))
        ctx.count(self.name, "unresolved", sum(1 for p in places if p.latitude is None))
        return dataclasses.replace(item, places=tuple(places), country_focus=self._geo.country_focus(places))
