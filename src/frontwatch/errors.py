"""Coded, searchable errors.

Codes by family: FW1xx ingest, FW2xx cleaning, FW3xx language layer, FW4xx geocoding, FW5xx events and
cross-checking, FW6xx store and outputs, FW7xx API, FW8xx configuration and CLI, FW9xx internal.
The CLI turns a ``FrontwatchError`` into one line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    # ingest
    UNREADABLE = "FW101"
    BINARY = "FW102"
    EMPTY = "FW103"
    TOO_LARGE = "FW104"
    UNDECODABLE = "FW105"
    BAD_JSON = "FW106"
    NO_TEXT = "FW107"
    UNSUPPORTED = "FW108"
    BAD_GZIP = "FW109"
    BAD_CSV = "FW110"
    BAD_META = "FW111"
    NOT_FOUND = "FW112"
    BAD_RECORD = "FW113"
    # cleaning / language
    EMPTY_AFTER_CLEANING = "FW201"
    NOT_ENGLISH = "FW301"
    TIMEOUT = "FW302"
    # geocoding
    GAZETTEER = "FW401"
    GAZETTEER_DOWNLOAD = "FW402"
    # events
    MODEL = "FW501"
    # store / outputs
    STORE = "FW601"
    EXPORT = "FW602"
    # api
    API_BAD_REQUEST = "FW701"
    API_NOT_FOUND = "FW702"
    API_TOO_LARGE = "FW703"
    API_INVALID_RECORDS = "FW704"
    API_INTERNAL = "FW705"
    API_NOT_ANALYSED = "FW706"
    # config / cli
    CONFIG = "FW801"
    USAGE = "FW802"
    # internal
    INTERNAL = "FW901"


class FrontwatchError(Exception):
    """Base of all domain errors: a code and a one-line message."""

    code: Code = Code.INTERNAL

    def __init__(self, message: str, code: Code | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code.value}] {self.message}"


class InputError(FrontwatchError):
    """An input file, line or record cannot be read."""

    code = Code.UNREADABLE

    def __init__(self, message: str, code: Code = Code.UNREADABLE, line: int | None = None) -> None:
        super().__init__(message, code)
        self.line = line


class ConfigError(FrontwatchError):
    code = Code.CONFIG


class StoreError(FrontwatchError):
    code = Code.STORE


class GazetteerError(FrontwatchError):
    code = Code.GAZETTEER


class ModelError(FrontwatchError):
    code = Code.MODEL


class UsageError(FrontwatchError):
    code = Code.USAGE
