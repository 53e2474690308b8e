"""The REST API (``frontwatch serve``): FastAPI over a frontwatch database. See docs/api.md."""

from frontwatch.api.app import create_app

__all__ = ["create_app"]
