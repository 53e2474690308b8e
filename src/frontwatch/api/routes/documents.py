"""``GET /api/documents`` (filtered, paginated briefs), ``GET /api/documents/{doc_id}`` (the documents.jsonl
object) and ``POST /api/documents`` (store and analyse posted records)."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from frontwatch.api.deps import MAX_ID_CHARS, DocumentFilterDep, PageDep, StateDep, reject_unknown_query
from frontwatch.api.errors import ApiCode, ApiError, ErrorResponses, not_found
from frontwatch.api.intake import parse_body, validate_records
from frontwatch.api.routes._common import json_response
from frontwatch.api.schemas import DocumentBrief, DocumentOut, IngestedOut, IngestOut, Paged, RecordIn, RecordProblemOut
from frontwatch.export.jsonl import document_record
from frontwatch.records import Document, from_dict
from frontwatch.store import read

router = APIRouter(prefix="/api/documents", tags=["documents"], dependencies=[Depends(reject_unknown_query)])

_RECORD_SCHEMA = RecordIn.model_json_schema()
_POST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "one record or an array of records (the .jsonl input format)",
        "content": {"application/json": {"schema": {"anyOf": [_RECORD_SCHEMA,
                                                              {"type": "array", "items": _RECORD_SCHEMA}]}}},
    }
}
POST_NOTE = ("stored and analysed per document; run `frontwatch analyze --db PATH` to refresh syndication, events "
             "and cross-checks")


@router.get("", response_model=Paged[DocumentBrief], responses=ErrorResponses.LIST)
def list_documents(state: StateDep, filters: DocumentFilterDep, page: PageDep) -> Response:
    """Stored documents matching every filter given, in ingest order, without their text."""
    with state.pool.snapshot() as db:
        total, rows = read.list_documents(db, filters, page)
    briefs = [DocumentBrief(doc_id=r.doc_id, outlet=r.outlet, origin=r.origin, title=r.title, url=r.url,
                            published=r.published, language=r.language, syndication_group=r.syndication_group,
                            analysed=r.analysed, errors=r.errors, ingested_at=r.ingested_at) for r in rows]
    return json_response(Paged[DocumentBrief](data=briefs, count=total, limit=page.limit, offset=page.offset))


@router.get("/{doc_id:path}", response_model=DocumentOut, responses=ErrorResponses.DOCUMENT)
def get_document(state: StateDep, doc_id: Annotated[str, Path(max_length=MAX_ID_CHARS)]) -> Response:
    """One analysed document: the documents.jsonl object (clean text, comments, removed blocks, links)."""
    with state.pool.snapshot() as db:
        exists, processed = read.get_document(db, doc_id)
        links = read.get_doc_link(db, doc_id) if processed is not None else None
    if not exists:
        raise not_found(f"no document with id {doc_id!r}")
    if processed is None:
        raise ApiError(409, ApiCode.NOT_ANALYSED, f"document {doc_id!r} is stored but not analysed yet; run "
                       "`frontwatch analyze --db PATH`")
    doc = from_dict(Document, json.loads(processed))
    return json_response(DocumentOut.model_validate(document_record(doc, links)))


@router.post("", status_code=201, response_model=IngestOut, responses=ErrorResponses.POST, openapi_extra=_POST_BODY)
async def post_documents(
    request: Request,
    state: StateDep,
    partial: Annotated[bool, Query(description="store the valid records even when others are invalid "
                                              "(the invalid ones are listed under `rejected`)")] = False,
) -> Response:
    """Store posted documents and run the per-document stages on them (one writer, one request at a time).

    Any invalid record makes the whole request a 422 listing each one, and nothing is stored, unless
    ``partial=true``. Global stages are not re-run: ``frontwatch analyze --db PATH`` refreshes events.
    """
    body = bytearray()
    async for chunk in request.stream():  # the body-limit middleware stops this past the limit (413)
        body += chunk
    records = await run_in_threadpool(parse_body, bytes(body))
    accepted, problems = await run_in_threadpool(validate_records, records, state.settings)
    details = [p.as_dict() for p in problems]
    if problems and (not partial or not accepted):
        raise ApiError(422, ApiCode.INVALID_RECORDS, f"{len(problems)} of {len(records)} records are invalid; "
                       "nothing was stored", details)
    results = await asyncio.wrap_future(state.writer.submit(accepted))
    out = IngestOut(
        data=[IngestedOut(index=r.index, id=r.id, doc_id=r.doc_id, status=r.status,  # type: ignore[arg-type]
                          analysed=r.analysed, errors=list(r.errors)) for r in results],
        count=len(results),
        rejected=[RecordProblemOut(**d) for d in details],
        note=POST_NOTE,
    )
    return json_response(out, status_code=201)
