"""Posted documents: parse the JSON body and validate each record, the way the .jsonl reader does.

A record becomes a :class:`~frontwatch.records.RawDocument` through the same conversion as a line of a
.jsonl input (field aliases, text sanitising, unknown fields kept), plus the stricter checks an API owes
its clients: known fields of the wrong type and ids repeated within one request are errors, not silent
drops. Posted records get ``source_path = "api"``: a label, never a file path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from frontwatch.api.errors import ApiCode, ApiError, bad_request
from frontwatch.config import Settings
from frontwatch.errors import Code
from frontwatch.pipeline.ingest.readers import KNOWN_FIELDS
from frontwatch.pipeline.ingest.readers import record_from_object as record_to_raw
from frontwatch.records import RawDocument, Skip

API_SOURCE = "api"  # source_path of posted documents
# Records per request: a request is analysed before it is answered. The per-document chain (cleaning only,
# so far) measured ~150-220 ms per 5 KB article after a one-off ~3 s set-up, so 200 records answer in
# under a minute; bigger batches belong to `frontwatch ingest` + `frontwatch analyze`.
MAX_RECORDS = 200
MAX_ID_CHARS = 512  # a longer id is almost surely a mistake (a text pasted in the id field)


@dataclass(frozen=True, slots=True)
class RecordProblem:
    index: int
    id: str | None
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "id": self.id, "code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Accepted:
    index: int
    raw: RawDocument


def parse_body(body: bytes) -> list[Any]:
    """The posted records: a JSON object (one record) or an array of them."""
    if not body.strip():
        raise bad_request("the request body is empty: send one JSON record or a JSON array of records")
    try:
        data = json.loads(body)
    except UnicodeDecodeError as exc:
        raise bad_request(f"the request body is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    except json.JSONDecodeError as exc:
        raise bad_request(f"the request body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                          [{"line": exc.lineno, "column": exc.colno}]) from exc
    except RecursionError as exc:
        raise bad_request("the request body is nested too deeply") from exc
    records = [data] if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise bad_request(f"the request body must be a JSON object or an array of objects, not {type(data).__name__}")
    if not records:
        raise bad_request("the request body is an empty array: send at least one record")
    if len(records) > MAX_RECORDS:
        raise ApiError(413, ApiCode.TOO_LARGE, f"{len(records):,} records in one request; the limit is {MAX_RECORDS:,}",
                       [{"limit_records": MAX_RECORDS}])
    return records


def _requested_id(obj: dict[str, Any]) -> str | None:
    value = obj.get("id")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    return text or None


def _type_problem(obj: dict[str, Any]) -> str | None:
    for name in KNOWN_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if name == "id":
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                return f"field 'id' must be a string or an integer, not {_json_type(value)}"
            if not str(value).strip():
                return "field 'id' is empty"
            if len(str(value)) > MAX_ID_CHARS:
                return f"field 'id' is longer than {MAX_ID_CHARS} characters"
        elif not isinstance(value, str):
            return f"field {name!r} must be a string, not {_json_type(value)}"
    return None


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return names.get(type(value), type(value).__name__)


def _default_id(obj: dict[str, Any]) -> str:
    """An id for a record without one: stable for the same record, so a re-post is a duplicate."""
    canonical = json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)
    return "api-" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def validate_records(records: Sequence[Any], settings: Settings) -> tuple[list[Accepted], list[RecordProblem]]:
    """Each record converted, or the reason it cannot be (records are numbered from 0)."""
    accepted: list[Accepted] = []
    problems: list[RecordProblem] = []
    first_index: dict[str, int] = {}
    for index, obj in enumerate(records):
        if not isinstance(obj, dict):
            problems.append(RecordProblem(index, None, Code.BAD_RECORD.value,
                                          f"record {index} is a JSON {_json_type(obj)}, not an object"))
            continue
        requested = _requested_id(obj)
        type_problem = _type_problem(obj)
        if type_problem is not None:
            problems.append(RecordProblem(index, requested, Code.BAD_RECORD.value, f"record {index}: {type_problem}"))
            continue
        result = record_to_raw(obj, API_SOURCE, API_SOURCE, None, settings, default_id=_default_id(obj), index=index)
        if isinstance(result, Skip):
            problems.append(RecordProblem(index, requested, result.code, result.reason))
            continue
        if result.doc_id in first_index:
            problems.append(RecordProblem(index, result.doc_id, Code.BAD_RECORD.value,
                                          f"record {index}: id {result.doc_id!r} was already used by record "
                                          f"{first_index[result.doc_id]} of this request"))
            continue
        first_index[result.doc_id] = index
        accepted.append(Accepted(index, result))
    return accepted, problems
