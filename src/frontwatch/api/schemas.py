"""Pydantic output models of the API, kept apart from the pipeline's records.

They mirror the output contract (DESIGN.md section 3): an event is the events.jsonl object, a document
the documents.jsonl object, a place the places.jsonl object. Models of stored data allow extra keys, so
a field added to the contract later passes through before this file learns about it.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str = Field(description="FW7xx error code (docs/api.md lists them)", examples=["FW701"])
    message: str
    details: list[Any] = Field(default_factory=list, description="what exactly was wrong, item by item")


class ErrorOut(BaseModel):
    """The one error shape of every API error."""

    error: ErrorBody


class Paged(BaseModel, Generic[T]):
    """A page of a listing: ``count`` matching items in all, ``limit`` from ``offset`` shown."""

    data: list[T]
    count: int = Field(description="items matching the filters, over all pages")
    limit: int
    offset: int
    problems: list[str] = Field(default_factory=list,
                                description="stored rows left out of this page because they could not be read")


# ---------------------------------------------------------------------------------------------
# events


class SourceOut(_Open):
    doc_id: str
    outlet: str | None = None
    sentence: str
    start: int
    end: int


class ContradictionValueOut(_Open):
    value: Any = None
    doc_ids: list[str] = Field(default_factory=list)


class ContradictionOut(_Open):
    field: str
    values: list[ContradictionValueOut] = Field(default_factory=list)
    note: str = ""


class EventOut(_Open):
    """One merged event (the events.jsonl object)."""

    event_id: str
    event_date: str | None = None
    time_precision: int = 3
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    location: str | None = None
    admin1: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_range: list[int] | None = None
    claimed_by: str | None = None
    sources: list[SourceOut] = Field(default_factory=list)
    independent_sources: int = 0
    contradictions: list[ContradictionOut] = Field(default_factory=list)
    notes: str = ""
    corroboration: str = ""
    confirmations: list[str] = Field(default_factory=list)
    merge_reasons: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# documents


class RemovedOut(_Open):
    kind: str
    text: str


class DocumentOut(_Open):
    """One document (the documents.jsonl object, with its extensions)."""

    doc_id: str
    source_path: str
    outlet: str | None = None
    origin: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_from: str | None = None
    language: str | None = None
    text: str
    comments: list[str] = Field(default_factory=list)
    removed: list[RemovedOut] = Field(default_factory=list)
    syndication_group: str | None = None
    near_duplicates: list[dict[str, Any]] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)
    content_hash: str | None = None
    format: str | None = None
    skipped_stages: list[str] = Field(default_factory=list)
    lineage: list[dict[str, Any]] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)


class DocumentBrief(BaseModel):
    """A document in a listing: its metadata, without the text (GET /api/documents/{doc_id} has it)."""

    doc_id: str
    outlet: str | None
    origin: str | None
    title: str | None
    url: str | None
    published: str | None
    language: str | None
    syndication_group: str | None
    analysed: bool = Field(description="the per-document stages ran and left clean text")
    errors: int = Field(description="number of problems met while reading or analysing it")
    ingested_at: str


# ---------------------------------------------------------------------------------------------
# outlets and places


class OutletOut(_Open):
    """One outlet and its framing data (labels per actor, loaded terms) from the outlets table."""

    outlet: str


class PlaceOut(_Open):
    """One resolved place mention (the places.jsonl object)."""

    doc_id: str
    text: str
    start: int
    end: int
    geonameid: int | None = None
    name: str | None = None
    latitude: float
    longitude: float
    country: str | None = None
    admin1: str | None = None
    feature_code: str | None = None
    confidence: float = 0.0
    geo_precision: int = 1


# ---------------------------------------------------------------------------------------------
# posting documents


class RecordIn(BaseModel):
    """One posted document: the .jsonl input format. ``text`` or ``html`` is required; other names of
    these fields (content, body, headline, source, date...) are accepted as in files; unknown fields
    are kept in the document's ``extra``."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(None, description="document id (default: derived from the record's content)")
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="publication date, ISO preferred")
    title: str | None = None
    text: str | None = Field(None, description="plain text of the article")
    html: str | None = Field(None, description="HTML of the article page (cleaned like an .html input)")


class IngestedOut(BaseModel):
    index: int = Field(description="position of the record in the request (0-based)")
    id: str = Field(description="the id asked for")
    doc_id: str = Field(description="the id the document has in the store (id~N when the id was taken)")
    status: Literal["added", "duplicate", "updated", "renamed"]
    analysed: bool = Field(description="the per-document stages ran and left clean text")
    errors: list[str] = Field(default_factory=list)


class RecordProblemOut(BaseModel):
    index: int
    id: str | None
    code: str
    message: str


class IngestOut(BaseModel):
    data: list[IngestedOut]
    count: int
    rejected: list[RecordProblemOut] = Field(default_factory=list,
                                             description="records left out (only with partial=true)")
    note: str = ""


class IndexOut(BaseModel):
    name: str
    version: str
    counts: dict[str, int]
    endpoints: list[str]
