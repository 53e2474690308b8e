"""The hypothesis profiles of the fuzz suites (see profiles.py)."""

from __future__ import annotations

from tests.fuzz.profiles import register_profiles

register_profiles()
