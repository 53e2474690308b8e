"""Executors: where the per-document chain runs. ``local`` (default) and ``dask``.

Only ``execution/dask.py`` imports dask.
"""

from __future__ import annotations

from typing import Any

from frontwatch.config import Settings
from frontwatch.errors import ConfigError


def get_executor(settings: Settings) -> Any:
    if settings.executor == "local":
        from frontwatch.execution.local import LocalExecutor

        return LocalExecutor(settings)
    if settings.executor == "dask":
        from frontwatch.execution.dask import DaskExecutor

        return DaskExecutor(settings)
    raise ConfigError(f"unknown executor {settings.executor!r}: use 'local' or 'dask'")
