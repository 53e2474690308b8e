"""Fixtures of the reliability tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def gazetteer_built() -> None:
    """Build the bundled gazetteer before a test starts child processes, so that no child pays for the
    build (or is killed in the middle of it) and the timings are the pipeline's own."""
    try:
        from frontwatch.config import Settings
        from frontwatch.geo.build import build_bundled
    except ImportError:  # pragma: no cover - a partial install without the geocoder
        return
    build_bundled(Settings().resolved_home())
